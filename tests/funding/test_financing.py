"""A fiche's financing plan: lines through their workflow, who may change what, the
audit log with amounts as numbers, the locking, and what remains to find."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from territoires.audit.models import AuditEvent
from territoires.core.errors import StaleEditError
from territoires.funding import financing
from territoires.funding.models import FundingLine, FundingTransition, LineStatus
from territoires.funding.workflow import TransitionError

from ..factories import (
    ActionSheetFactory,
    FundingLineFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    RegionFactory,
    SchemeFactory,
    ScopeFactory,
    TerritoryFactory,
    UserFactory,
    member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(db):
    region = RegionFactory(code="44", name="Grand Est")
    territory = TerritoryFactory(code="4403", region=region)
    return ActionSheetFactory(territory=territory, budget_total=Decimal("100000"))


@pytest.fixture
def editor(sheet):
    return member(sheet.territory, "editor")


@pytest.fixture
def bank(db):
    return OrganisationFactory(name="Banque des Territoires", kind="national_operator")


def test_an_editor_adds_a_line_envisage_and_the_log_keeps_the_amount_as_a_number(
    sheet, editor, bank
):
    line = financing.add_line(
        sheet, acting_user=editor, financer=bank.pk, amount="12 500,50", nature="investment"
    )
    assert line.status == LineStatus.CONSIDERED
    assert line.amount == Decimal("12500.50")
    event = AuditEvent.objects.get(verb="funding.line_added")
    assert event.territory_id == sheet.territory_id
    assert event.data["sheet"] == {"id": sheet.pk, "label": str(sheet)}
    amount = next(change for change in event.changes if change["field"] == "amount")
    assert amount == {"field": "amount", "kind": "money", "old": None, "new": "12500.50"}


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"amount": "-5"}, {"amount": ["Un montant ne peut pas être négatif."]}),
        (
            {"amount": "beaucoup"},
            {
                "amount": [
                    "Montant « beaucoup » invalide : un nombre attendu (par exemple 12500,50)."
                ]
            },
        ),
        ({"amount": "100", "financer": 999999}, {"financer": ["Financeur inconnu."]}),
        ({"amount": "100", "financer": None}, {"financer": ["Choisissez le financeur."]}),
        ({"amount": "100", "scheme": 999999}, {"scheme": ["Dispositif inconnu."]}),
    ],
)
def test_bad_input_is_a_french_field_error_and_writes_nothing(sheet, editor, bank, fields, errors):
    fields = {"financer": bank, **fields}
    with pytest.raises(ValidationError) as error:
        financing.add_line(sheet, acting_user=editor, **fields)
    assert error.value.message_dict == errors
    assert not FundingLine.objects.exists() and not AuditEvent.objects.exists()


def test_a_line_from_a_scheme_takes_the_scheme_s_financer(sheet, editor, bank):
    scheme = SchemeFactory()
    scheme.financers.add(bank)
    line = financing.add_line(sheet, acting_user=editor, scheme=scheme, amount=5000)
    assert line.financer == bank and line.scheme == scheme


def test_a_line_moves_from_envisage_to_verse_with_its_dates_and_recorded_moves(sheet, editor, bank):
    line = financing.add_line(sheet, acting_user=editor, financer=bank, amount=40000)
    day = datetime.date(2026, 3, 2)
    line = financing.change_line_status(line, "requested", acting_user=editor, on=day)
    line = financing.change_line_status(
        line,
        "granted",
        acting_user=editor,
        on=day,
        decision_reference="CP 2026-12",
        comment="Comité d'engagement",
    )
    line = financing.change_line_status(line, "paid", acting_user=editor, on=day)
    line.refresh_from_db()
    assert line.status == LineStatus.PAID
    assert line.requested_on == line.decided_on == line.paid_on == day
    assert line.decision_reference == "CP 2026-12"
    moves = list(line.transitions.values_list("from_status", "to_status", "by", "comment"))
    assert moves == [
        ("considered", "requested", editor.pk, ""),
        ("requested", "granted", editor.pk, "Comité d'engagement"),
        ("granted", "paid", editor.pk, ""),
    ]
    events = AuditEvent.objects.filter(verb="funding.line_status_changed").order_by("at", "id")
    assert [e.data["amount"] for e in events] == ["40000.00"] * 3


def test_a_move_the_workflow_forbids_is_refused_in_french(sheet, editor, bank):
    line = FundingLineFactory(sheet=sheet, financer=bank)
    with pytest.raises(TransitionError) as error:
        financing.change_line_status(line, "paid", acting_user=editor)
    assert str(error.value) == (
        "Une ligne « Envisagé » ne peut pas passer au statut « Versé ». "
        "Statuts possibles : « Sollicité »."
    )
    assert not FundingTransition.objects.exists()


def test_a_stale_version_is_refused_and_nothing_is_written(sheet, editor, bank):
    line = FundingLineFactory(sheet=sheet, financer=bank)
    financing.update_line(line, acting_user=editor, expected_version=1, amount="20000")
    with pytest.raises(StaleEditError):
        financing.update_line(line, acting_user=editor, expected_version=1, amount="30000")
    line.refresh_from_db()
    assert line.amount == Decimal("20000") and line.version == 2


def test_the_financer_s_own_operator_changes_its_lines_status_and_no_other(sheet, bank):
    operator = ScopeFactory(kind="operator", organisation=bank).user
    other_financer_line = FundingLineFactory(sheet=sheet, status="requested")
    line = FundingLineFactory(sheet=sheet, financer=bank, status="requested")

    financing.change_line_status(line, "granted", acting_user=operator)
    with pytest.raises(PermissionDenied):
        financing.change_line_status(other_financer_line, "granted", acting_user=operator)
    with pytest.raises(PermissionDenied):  # representing the financer is not editing the plan
        financing.add_line(sheet, acting_user=operator, financer=bank, amount=1)
    assert FundingLine.objects.get(pk=line.pk).status == "granted"
    assert FundingLine.objects.get(pk=other_financer_line.pk).status == "requested"


def test_a_contributor_piloting_the_fiche_drafts_lines_but_does_not_decide(sheet, bank):
    contributor = member(sheet.territory, "contributor")
    sheet.pilots.add(PersonFactory(user=contributor))
    line = financing.add_line(sheet, acting_user=contributor, financer=bank, amount=1000)
    financing.update_line(line, acting_user=contributor, amount=2000)
    with pytest.raises(PermissionDenied):
        financing.change_line_status(line, "requested", acting_user=contributor)
    granted = FundingLineFactory(sheet=sheet, financer=bank, status="granted")
    with pytest.raises(PermissionDenied):
        financing.update_line(granted, acting_user=contributor, amount=1)
    with pytest.raises(PermissionDenied):
        financing.remove_line(granted, acting_user=contributor)


def test_readers_and_other_territories_change_nothing(sheet, bank):
    line = FundingLineFactory(sheet=sheet, financer=bank)
    reader = member(sheet.territory, "reader")
    stranger = MembershipFactory(role="editor", user=UserFactory()).user
    for user in (reader, stranger, None):
        with pytest.raises(PermissionDenied):
            financing.change_line_status(line, "requested", acting_user=user)
        with pytest.raises(PermissionDenied):
            financing.add_line(sheet, acting_user=user, financer=bank, amount=1)
    assert not AuditEvent.objects.exists()


def test_removing_a_line_is_logged_with_its_amount(sheet, editor, bank):
    line = FundingLineFactory(sheet=sheet, financer=bank, amount=Decimal("750"))
    financing.remove_line(line, acting_user=editor, comment="Doublon")
    assert not FundingLine.objects.exists()
    event = AuditEvent.objects.get(verb="funding.line_removed")
    assert {"field": "amount", "kind": "money", "old": "750.00", "new": None} in event.changes
    assert event.comment == "Doublon"


def test_the_plan_shows_what_covers_the_budget_and_what_remains(sheet, editor, bank):
    financing.set_self_funding(sheet, "20000", acting_user=editor)
    FundingLineFactory(sheet=sheet, financer=bank, amount=30000, status="granted")
    FundingLineFactory(sheet=sheet, financer=bank, amount=10000, status="requested")
    FundingLineFactory(sheet=sheet, financer=bank, amount=99999, status="refused")
    plan = financing.financing_plan(sheet)
    assert plan.committed == Decimal("30000") and plan.pending == Decimal("10000")
    assert plan.covered == Decimal("60000")
    assert plan.remaining == Decimal("40000") and plan.excess == 0

    FundingLineFactory(sheet=sheet, financer=bank, amount=50000)
    plan = financing.financing_plan(sheet)
    assert plan.remaining == 0 and plan.excess == Decimal("10000")


def test_self_funding_is_versioned_and_logged(sheet, editor):
    plan = financing.set_self_funding(sheet, "1500", acting_user=editor)
    with pytest.raises(StaleEditError):
        financing.set_self_funding(sheet, "2000", acting_user=editor, expected_version=1)
    financing.set_self_funding(sheet, "2000", acting_user=editor, expected_version=plan.version)
    events = AuditEvent.objects.filter(verb="funding.self_funding_set").order_by("id")
    assert [e.changes[0]["new"] for e in events] == ["1500.00", "2000.00"]
    with pytest.raises(ValidationError) as error:
        financing.set_self_funding(sheet, "-1", acting_user=editor)
    assert error.value.message_dict == {"self_funding": ["Un montant ne peut pas être négatif."]}


def test_a_lines_label_writes_its_amount_the_french_way():
    financer = OrganisationFactory.build(name="Région Grand Est")
    whole = FundingLine(financer=financer, amount=Decimal("120000.00"))
    cents = FundingLine(financer=financer, amount=Decimal("1234.5"))
    assert str(whole).replace("\u202f", " ").replace("\xa0", " ") == "Région Grand Est – 120 000 €"
    assert str(cents).replace("\u202f", " ").replace("\xa0", " ") == "Région Grand Est – 1 234,50 €"
