"""The one audit log: what the services record, how it reads in French, and the readers."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from territoires.accounts import services as account_services
from territoires.audit import values
from territoires.audit.models import AuditEvent
from territoires.audit.readers import events_for_territory, history_of, value_as_of
from territoires.audit.registry import FieldInfo
from territoires.audit.render import describe, render_value
from territoires.organisations import services as directory
from territoires.plans import services
from territoires.programmes.models import Stage
from territoires.referential.services import change_territory_stage

from ..factories import ActionSheetFactory, OrganisationFactory, ScopeFactory, SheetEventFactory

pytestmark = pytest.mark.django_db


def at(day, hour=12):
    return timezone.make_aware(datetime.datetime(2025, 12, day, hour))


@pytest.mark.parametrize(
    ("kind", "raw", "text"),
    [
        (values.MONEY, "50000.00", "50\u00a0000,00 €"),
        (values.DECIMAL, "50.00", "50,00"),
        (values.DECIMAL, "1234.5", "1\u00a0234,50"),
        (values.DATE, "2026-03-12", "12/03/2026"),
        (values.BOOL, True, "oui"),
        (values.REF, {"id": 3, "label": "CA de Chaumont"}, "CA de Chaumont"),
        (values.REFS, [{"id": 1, "label": "A"}, {"id": 2, "label": "B"}], "A, B"),
        (values.TEXT, "", ""),
        (values.MONEY, None, ""),
    ],
)
def test_raw_values_read_in_french(kind, raw, text):
    assert render_value(kind, raw) == text


def test_a_choice_reads_with_its_label_and_rows_with_their_columns():
    assert render_value(values.CHOICE, "draft", FieldInfo("Statut", {"draft": "Brouillon"})) == (
        "Brouillon"
    )
    sheet = ActionSheetFactory()
    event = SheetEventFactory(
        sheet=sheet,
        changes=[
            {
                "field": "steps",
                "kind": "rows",
                "old": [],
                "new": [{"title": "Étude", "due_on": "2026-01-31", "done": True}],
            },
            {
                "field": "indicators",
                "kind": "rows",
                "old": [],
                "new": [{"name": "Emplois", "unit": "", "baseline": "0.00", "target": "50.00"}],
            },
        ],
    )
    steps, indicators = describe(event).changes
    assert (steps.label, steps.new) == ("Étapes", "Étude (échéance : 31/01/2026, faite : oui)")
    assert indicators.new == "Emplois (valeur initiale : 0,00, cible : 50,00)"


def test_labels_and_verbs_come_from_the_registry_at_read_time():
    sheet = ActionSheetFactory()
    event = SheetEventFactory(
        sheet=sheet,
        verb="sheet.status_changed",
        changes=[{"field": "status", "kind": "choice", "old": "draft", "new": "proposed"}],
    )
    rendered = describe(event)
    assert (rendered.label, rendered.action) == ("Changement de statut", "status_changed")
    assert [(c.label, c.old, c.new) for c in rendered.changes] == [
        ("Statut", "Brouillon", "Proposée")
    ]


def test_value_as_of_reads_a_budget_back_as_a_number(territory, editor):
    sheet = services.create_sheet(
        territory,
        acting_user=editor,
        fields={"code": "F1", "title": "Foncier", "axis": territory.programme.axes.first()},
    )
    history_of(sheet).update(at=at(1))
    for day, budget in ((10, Decimal("50000")), (20, Decimal("65000.5")), (28, None)):
        sheet = services.update_sheet(
            sheet,
            acting_user=editor,
            expected_version=sheet.version,
            fields={"budget_total": budget},
        )
        history_of(sheet).filter(version=sheet.version).update(at=at(day))

    assert value_as_of(sheet, "budget_total", at(5)) is None
    assert value_as_of(sheet, "budget_total", at(10)) == Decimal("50000.00")
    assert value_as_of(sheet, "budget_total", at(25)) == Decimal("65000.50")
    assert value_as_of(sheet, "budget_total", at(31)) is None
    assert value_as_of(sheet, "title", at(31)) == "Foncier"
    assert value_as_of(sheet, "budget_total", at(1) - datetime.timedelta(days=1)) is None


def test_a_territory_stage_change_is_an_audit_event(territory):
    national = ScopeFactory(kind="national").user
    stage = Stage.objects.create(programme=territory.programme, code="s1", name="Labellisé")

    change_territory_stage(territory, stage, acting_user=national, comment="CIT")

    event = events_for_territory(territory).get()
    assert (event.verb, event.actor, event.comment) == ("territory.stage_changed", national, "CIT")
    assert [(c.label, c.new) for c in describe(event).changes] == [("Étape", "Labellisé")]


def test_directory_writes_are_audit_events(territory, editor):
    role = directory.add_person_to_directory(
        territory,
        acting_user=editor,
        role="project_manager",
        first_name="Camille",
        last_name="Durand",
        email="camille@example.org",
    )
    directory.change_role(role, acting_user=editor, role="other", note="Référente")
    directory.end_role(role, acting_user=editor, until=timezone.localdate())
    partner = directory.add_partner(territory, OrganisationFactory(name="Bpi"), acting_user=editor)
    directory.remove_partner(partner, acting_user=editor)

    events = list(events_for_territory(territory).order_by("id"))
    assert [e.verb for e in events] == [
        "directory.person_added",
        "directory.role_given",
        "directory.role_changed",
        "directory.role_ended",
        "directory.partner_added",
        "directory.partner_removed",
    ]
    assert {e.actor for e in events} == {editor}
    changed = {c.field: (c.old, c.new) for c in describe(events[2]).changes}
    assert changed == {"role": ("Chef de projet", "Contact"), "note": ("", "Référente")}
    removed = describe(events[-1]).changes
    assert [(c.label, c.old, c.new) for c in removed] == [("Organisation", "Bpi", "")]


def test_membership_writes_are_audit_events(territory, admin):
    membership, created = account_services.add_member(
        territory, email="nouveau@example.org", role="reader", acting_user=admin
    )
    account_services.change_member_role(membership, "editor", acting_user=admin)
    account_services.remove_member(membership, acting_user=admin)

    events = list(
        AuditEvent.objects.filter(verb__startswith="membership.", territory=territory).order_by(
            "id"
        )
    )
    assert [e.verb for e in events] == [
        "membership.added",
        "membership.role_changed",
        "membership.removed",
    ]
    assert events[0].data == {"account_created": True}
    assert [(c.old, c.new) for c in describe(events[1]).changes] == [("Lecteur", "Éditeur")]
    assert describe(events[2]).label == "Membre retiré"
