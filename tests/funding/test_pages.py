"""The financing plan page of a fiche: what it shows, and its forms through the
services (French errors, warning over budget, moves along the workflow)."""

import datetime
import re
from decimal import Decimal

import pytest

from territoires.audit.models import AuditEvent
from territoires.funding import financing
from territoires.funding.models import FundingLine, FundingTransition

from ..factories import ActionSheetFactory, FundingLineFactory, OrganisationFactory, SchemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(territory):
    recruter = territory.programme.axes.get(code="recruter")
    return ActionSheetFactory(
        territory=territory,
        code="F9",
        title="Formation maintenance",
        budget_total=100000,
        axis=recruter,
    )


@pytest.fixture
def bank(db):
    return OrganisationFactory(name="Banque des Territoires", kind="national_operator")


def url(sheet, suffix=""):
    return f"/territoires/{sheet.territory.code}/fiches/{sheet.code}/financement/{suffix}"


def test_the_fiche_links_to_its_plan_for_its_readers_only(sheet, reader, login):
    assert 'data-testid="funding-link"' in login(reader).get(sheet.get_absolute_url()).text
    assert 'data-testid="funding-link"' not in login().get(sheet.get_absolute_url()).text


def test_an_editor_adds_a_line_and_sees_what_remains_to_find(sheet, editor, bank, login):
    client = login(editor)
    page = client.get(url(sheet))
    assert page.status_code == 200 and "Ajouter une ligne « envisagé »" in page.text
    response = client.post(
        url(sheet, "lignes/ajouter/"),
        {"financer": bank.pk, "amount": "30 000", "nature": "investment", "note": ""},
    )
    assert response.status_code == 302
    line = FundingLine.objects.get()
    assert (line.amount, line.status) == (Decimal("30000"), "considered")
    page = client.get(url(sheet))
    assert "Banque des Territoires" in page.text
    assert "70\u00a0000,00 €" in page.text  # reste à financer


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-10", "Un montant ne peut pas être négatif."),
        ("dix mille", "Montant « dix mille » invalide"),
    ],
)
def test_a_bad_amount_is_shown_in_french_on_its_field(sheet, editor, bank, login, amount, message):
    response = login(editor).post(
        url(sheet, "lignes/ajouter/"),
        {"financer": bank.pk, "amount": amount, "nature": "investment"},
    )
    assert response.status_code == 400
    assert message in response.text
    assert not FundingLine.objects.exists()


def test_an_unknown_financer_is_a_field_error(sheet, editor, login):
    response = login(editor).post(
        url(sheet, "lignes/ajouter/"), {"financer": 999999, "amount": "10", "nature": "investment"}
    )
    assert response.status_code == 400 and "Financeur inconnu." in response.text


def test_lines_over_the_budget_show_a_warning(sheet, editor, bank, login):
    FundingLineFactory(sheet=sheet, financer=bank, amount=120000)
    page = login(editor).get(url(sheet))
    assert 'data-testid="funding-excess"' in page.text
    assert "20\u00a0000,00 €" in page.text


def test_an_editor_moves_a_line_to_accorde_through_the_form(sheet, editor, bank, login):
    line = FundingLineFactory(sheet=sheet, financer=bank, status="requested")
    client = login(editor)
    response = client.post(
        url(sheet, f"lignes/{line.pk}/statut/"),
        {
            f"l{line.pk}-target": "granted",
            f"l{line.pk}-on": "2026-03-02",
            f"l{line.pk}-decision_reference": "CP-12",
            f"l{line.pk}-comment": "",
            f"l{line.pk}-version": line.version,
        },
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.status == "granted" and str(line.decided_on) == "2026-03-02"
    assert FundingTransition.objects.get().by == editor
    stale = client.post(
        url(sheet, f"lignes/{line.pk}/statut/"),
        {f"l{line.pk}-target": "paid", f"l{line.pk}-version": 1},
    )
    assert stale.status_code == 302
    line.refresh_from_db()
    assert line.status == "granted"


def test_self_funding_is_set_from_the_page(sheet, editor, login):
    client = login(editor)
    assert client.post(url(sheet, "autofinancement/"), {"self_funding": "25000"}).status_code == 302
    assert "25\u00a0000,00 €" in client.get(url(sheet)).text
    refused = client.post(url(sheet, "autofinancement/"), {"self_funding": "-1"})
    assert refused.status_code == 400 and "Un montant ne peut pas être négatif." in refused.text


def test_a_reader_sees_the_plan_without_forms_and_visitors_are_sent_to_login(
    sheet, reader, bank, login
):
    FundingLineFactory(sheet=sheet, financer=bank)
    page = login(reader).get(url(sheet))
    assert page.status_code == 200
    assert "Banque des Territoires" in page.text and "Ajouter la ligne" not in page.text
    assert login().get(url(sheet)).status_code == 302


def test_plan_page_queries(sql_snapshot, sheet, editor, bank, login):
    """A fixed number of queries whatever the number of lines (financer and scheme
    loaded with the lines)."""
    for status in ("considered", "requested", "granted", "paid"):
        FundingLineFactory(sheet=sheet, financer=bank, status=status)
    client = login(editor)
    with sql_snapshot():
        assert client.get(url(sheet)).status_code == 200


def test_the_line_status_form_preselects_no_move_and_refuses_an_empty_choice(
    sheet, editor, bank, login
):
    line = FundingLineFactory(sheet=sheet, financer=bank, status="requested")
    client = login(editor)
    html = client.get(url(sheet)).text
    select = re.search(rf'<select name="l{line.pk}-target".*?</select>', html, re.S).group(0)
    assert '<option value="" selected disabled hidden>Choisir un changement de statut</option>' in (
        select
    )
    assert select.count(" selected") == 1
    refused = client.post(
        url(sheet, f"lignes/{line.pk}/statut/"),
        {f"l{line.pk}-target": "", f"l{line.pk}-version": line.version},
    )
    assert refused.status_code == 400
    assert "Choisissez le nouveau statut de la ligne." in refused.text
    line.refresh_from_db()
    assert line.status == "requested"


def test_dates_and_decision_reference_are_corrected_without_a_move(sheet, editor, bank, login):
    line = FundingLineFactory(sheet=sheet, financer=bank, status="granted", amount=5000)
    client = login(editor)
    assert f'name="e{line.pk}-decision_reference"' in client.get(url(sheet)).text
    fields = {
        "amount": "5000",
        "nature": "investment",
        "requested_on": "2026-01-05",
        "decided_on": "2026-03-02",
        "paid_on": "",
        "decision_reference": "Délibération CP-12",
        "note": "",
        "version": line.version,
    }
    response = client.post(
        url(sheet, f"lignes/{line.pk}/modifier/"),
        {f"e{line.pk}-{name}": value for name, value in fields.items()},
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert (str(line.requested_on), str(line.decided_on), line.decision_reference) == (
        "2026-01-05",
        "2026-03-02",
        "Délibération CP-12",
    )
    assert line.status == "granted" and not FundingTransition.objects.exists()
    event = AuditEvent.objects.filter(verb="funding.line_updated").get()
    assert {change["field"] for change in event.changes} == {
        "requested_on",
        "decided_on",
        "decision_reference",
    }
    backwards = {**fields, "decided_on": "2025-12-01", "version": line.version}
    refused = client.post(
        url(sheet, f"lignes/{line.pk}/modifier/"),
        {f"e{line.pk}-{name}": value for name, value in backwards.items()},
    )
    assert refused.status_code == 400
    assert "La date de décision précède la date de la demande." in refused.text


def test_a_suggestion_is_added_in_one_click_then_its_amount_set(sheet, editor, bank, login):
    suggested = SchemeFactory(name="Formation à la maintenance", beneficiaries=["epci"])
    suggested.axes.add(sheet.axis)
    suggested.financers.add(bank)
    client = login(editor)
    page = client.get(url(sheet))
    assert 'data-testid="suggestions"' in page.text and "Formation à la maintenance" in page.text
    assert "mots communs : formation, maintenance" in page.text
    assert client.post(url(sheet, f"suggestions/{suggested.pk}/ajouter/")).status_code == 302
    line = FundingLine.objects.get()
    assert (line.scheme, line.financer, line.status) == (suggested, bank, "considered")
    response = client.post(
        url(sheet, f"lignes/{line.pk}/modifier/"),
        {
            f"e{line.pk}-amount": "45000",
            f"e{line.pk}-nature": "operating",
            f"e{line.pk}-version": line.version,
        },
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.amount, line.nature) == (Decimal("45000"), "operating")
    assert (
        "Formation à la maintenance"
        not in client.get(url(sheet)).text.split("Dispositifs suggérés")[1]
    )


def test_a_dismissed_suggestion_leaves_the_list(sheet, editor, reader, login):
    suggested = SchemeFactory(name="Maintenance industrielle", beneficiaries=["epci"])
    suggested.axes.add(sheet.axis)
    assert "Écarter" not in login(reader).get(url(sheet)).text
    assert login(reader).post(url(sheet, f"suggestions/{suggested.pk}/ecarter/")).status_code == 403
    client = login(editor)
    assert client.post(url(sheet, f"suggestions/{suggested.pk}/ecarter/")).status_code == 302
    client.get(url(sheet))  # the message is shown once
    assert "Maintenance industrielle" not in client.get(url(sheet)).text


def test_the_fiche_s_history_tells_its_financing_lines_in_french(sheet, editor, bank, login):
    other = ActionSheetFactory(territory=sheet.territory, code="F10", axis=sheet.axis)
    line = financing.add_line(sheet, acting_user=editor, financer=bank, amount="40000")
    line = financing.change_line_status(
        line, "requested", acting_user=editor, on=datetime.date(2026, 2, 3)
    )
    financing.update_line(line, acting_user=editor, amount="45000")
    financing.add_line(other, acting_user=editor, financer=bank, amount="999")
    line.refresh_from_db()
    financing.remove_line(line, acting_user=editor, comment="Doublon")

    html = login(editor).get(f"/territoires/{sheet.territory.code}/fiches/{sheet.code}/").text
    history = html.split('id="historique"')[1]
    rows = re.findall(r'<tr data-action="(\w+)">(.*?)</tr>', history, re.S)
    assert [action for action, _ in rows][:4] == [
        "line_removed",
        "line_updated",
        "line_status_changed",
        "line_added",
    ]
    text = {action: " ".join(row.split()) for action, row in rows}  # no-break spaces too
    assert "Ligne de financement ajoutée" in text["line_added"]
    assert "Banque des Territoires, 40 000,00 €" in text["line_added"]
    assert "Sollicité" in text["line_status_changed"]
    assert "03/02/2026" in text["line_status_changed"]
    new_amount = '40 000,00 €</span> → <span class="ti-diff-new ti-pre">45 000,00 €'
    assert new_amount in text["line_updated"]
    assert "Ligne de financement retirée" in text["line_removed"]
    assert "Doublon" in text["line_removed"]
    assert "999" not in history  # the other fiche's line stays in its own history
