"""A contact's personal data: exported as one JSON document, and erased — the person
anonymised, their feedback anonymised while every synthesis keeps its counts, their name
and address nowhere any more (pages, API, exports, audit log)."""

import datetime
import io
import json

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from territoires.accounts.models import ApiToken
from territoires.audit.models import AuditEvent
from territoires.meetings import feedback, oublis, personal_data, registrations, services
from territoires.meetings.models import Registration, SheetFeedback
from territoires.organisations import contacts
from territoires.organisations.models import Consent, Contact, GovernanceRole, Person

from ..factories import ActionSheetFactory, MeetingFactory, TerritoryFactory
from .test_checkin import pdf_text

pytestmark = pytest.mark.django_db

FIRST, LAST, EMAIL = "Zéphyrine", "Quimperlé", "zephyrine.quimperle@forges.example"


@pytest.fixture
def held(territory, editor):
    """A meeting held today where Zéphyrine registered, came, and gave her feedback on a
    fiche with an oubli that became a draft fiche; a second company answered too."""
    meeting = MeetingFactory(territory=territory, date=timezone.localdate(), title="After Work")
    sheet = ActionSheetFactory(territory=territory, code="F12", title="Plate-forme RH partagée")
    services.set_agenda(
        meeting,
        acting_user=editor,
        expected_version=1,
        items=[{"title": "Les fiches", "sheets": [(sheet, None)]}],
    )
    contact, _ = contacts.save_contact(
        territory,
        acting_user=editor,
        first_name=FIRST,
        last_name=LAST,
        email=EMAIL,
        phone="03 25 99 99 99",
        organisation_name="Forges de Bologne",
    )
    contacts.record_consent(
        contact,
        acting_user=editor,
        purpose="invitations",
        given=True,
        on=datetime.date(2026, 1, 5),
        source="meeting",
    )
    registration, _ = registrations.register(
        meeting,
        acting_user=None,
        first_name=FIRST,
        last_name=LAST,
        email=EMAIL,
        organisation_name="Forges de Bologne",
        confirm=False,
    )
    registrations.mark_attended(registration, acting_user=editor)
    given = feedback.give_feedback(
        meeting,
        sheet,
        acting_user=None,
        first_name=FIRST,
        last_name=LAST,
        email=EMAIL,
        organisation_name="Forges de Bologne",
        interest="ready_to_commit",
        needs=["recruitment", "training"],
        commitments=["testimony"],
        comment=f"Signé {FIRST} {LAST}",
        forgotten_topic="Un groupement d'employeurs",
    )
    feedback.give_feedback(
        meeting,
        sheet,
        acting_user=None,
        first_name="Autre",
        last_name="Entreprise",
        email="autre@usine.example",
        organisation_name="Usine",
        interest="interested",
        needs=["recruitment"],
    )
    oublis.draft_sheet_from_oubli(
        given, acting_user=editor, axis=territory.programme.axes.first(), code="F20"
    )
    return {"meeting": meeting, "sheet": sheet, "contact": contact}


def counts(synthesis):
    return {
        sheet: (
            s["total"],
            s["interest_rows"],
            s["need_rows"],
            [c.organisation_name for c in s["committed"]],
        )
        for sheet, s in synthesis.items()
    }


def test_the_export_holds_everything_about_the_person(held, editor):
    document = personal_data.export(held["contact"], acting_user=editor)
    assert document["personne"]["courriel"] == EMAIL
    assert document["personne"]["organisation"]["nom"] == "Forges de Bologne"
    assert document["consentements"][0]["consentement"] == "donné"
    assert [r["statut"] for r in document["inscriptions"]] == ["Présent"]
    [avis] = document["avis_sur_les_fiches"]
    assert avis["intérêt"] == "Prêt à s'engager" and avis["oubli"] == "Un groupement d'employeurs"
    event = AuditEvent.objects.get(verb="personal_data.exported")
    assert event.data == {"registrations": 1, "feedback": 1}


def test_the_export_page_gives_a_json_file(held, editor, login, territory):
    url = reverse("contacts:export", args=[territory.code, held["contact"].pk])
    response = login(editor).post(url)
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert json.loads(response.content)["personne"]["nom"] == LAST


def test_erasure_keeps_the_synthesis_and_leaves_the_name_nowhere(
    held, editor, reader, login, territory
):
    meeting = held["meeting"]
    before = counts(feedback.synthesis(meeting))
    seats = list(meeting.registrations.values_list("status", flat=True))
    person_pk = held["contact"].person_id
    detail = reverse("meetings:detail", args=[territory.code, meeting.pk])
    assert LAST in login(editor).get(detail).content.decode()  # shown before erasure
    assert AuditEvent.objects.filter(object_label__contains=LAST).exists()

    result = personal_data.erase(held["contact"], acting_user=editor)

    assert result == {"registrations": 1, "feedback": 1, "consents": 1, "invitations": 0}
    assert counts(feedback.synthesis(meeting)) == before
    assert list(meeting.registrations.values_list("status", flat=True)) == seats
    assert not Contact.objects.exists() and not Consent.objects.exists()
    person = Person.objects.get(pk=person_pk)
    assert (person.full_name, person.email, person.phone) == ("Personne effacée", "", "")
    assert SheetFeedback.objects.get(organisation_name="Forges de Bologne").comment == (
        "Signé [donnée effacée]"
    )

    client = login(editor)
    sheet, drafted = held["sheet"], meeting.territory.action_sheets.get(code="F20")
    pages = [
        reverse("meetings:detail", args=[territory.code, meeting.pk]),
        reverse("meetings:report", args=[territory.code, meeting.pk]),
        reverse("meetings:checkin", args=[territory.code, meeting.pk]),
        reverse("plans:sheet_detail", args=[territory.code, sheet.code]),
        reverse("plans:sheet_detail", args=[territory.code, drafted.code]),
        reverse("contacts:index", args=[territory.code]),
        reverse("directory:index", args=[territory.code]),
    ]
    texts = [client.get(page).content.decode() for page in pages]
    _, key = ApiToken.issue(reader, "test")
    api = client.get(
        f"/api/v1/action-sheets/{sheet.pk}/feedback/", headers={"authorization": f"Bearer {key}"}
    )
    assert api.status_code == 200
    texts.append(api.content.decode())
    texts.append(
        pdf_text(
            client.get(reverse("meetings:sign_in_sheet", args=[territory.code, meeting.pk])).content
        )
    )
    texts.append(
        pdf_text(
            client.get(reverse("meetings:report_pdf", args=[territory.code, meeting.pk])).content
        )
    )
    report = docx.Document(
        io.BytesIO(
            client.get(reverse("meetings:report_docx", args=[territory.code, meeting.pk])).content
        )
    )
    texts.append("\n".join(p.text for p in report.paragraphs))
    texts.append("\n".join(c.text for t in report.tables for row in t.rows for c in row.cells))
    texts.append(json.dumps(list(AuditEvent.objects.values()), default=str, ensure_ascii=False))
    texts.append(json.dumps(list(Registration.objects.values()), default=str, ensure_ascii=False))
    for text in texts:
        for secret in (LAST, LAST.upper(), EMAIL, "zephyrine"):
            assert secret not in text
    erased = AuditEvent.objects.get(verb="personal_data.erased")
    assert erased.object_label == "Personne effacée"
    assert erased.data == {"registrations": 1, "feedback": 1, "consents": 1, "invitations": 0}


def test_an_erased_answer_can_no_longer_be_reopened_by_the_browser_that_gave_it(held, editor):
    meeting, sheet = held["meeting"], held["sheet"]
    given = SheetFeedback.objects.get(organisation_name="Forges de Bologne")
    secret = given.edit_token
    assert feedback.own_feedback(meeting, sheet, edit_tokens={given.pk: secret}) == given

    personal_data.erase(held["contact"], acting_user=editor)

    assert SheetFeedback.objects.get(pk=given.pk).edit_token == ""
    assert feedback.own_feedback(meeting, sheet, edit_tokens={given.pk: secret}) is None


def test_a_person_held_by_another_territory_is_erased_by_the_national_team_only(
    held, editor, national
):
    other = TerritoryFactory(code="5301")
    GovernanceRole.objects.create(territory=other, person=held["contact"].person, role="other")
    with pytest.raises(ValidationError):
        personal_data.erase(held["contact"], acting_user=editor)
    assert Contact.objects.exists()
    personal_data.erase(held["contact"], acting_user=national)
    assert not Contact.objects.exists()


def test_only_the_territory_managers_export_or_erase(held, reader):
    with pytest.raises(PermissionDenied):
        personal_data.export(held["contact"], acting_user=reader)
    with pytest.raises(PermissionDenied):
        personal_data.erase(held["contact"], acting_user=reader)


def test_the_erase_page_asks_for_confirmation(held, editor, login, territory):
    client = login(editor)
    url = reverse("contacts:erase", args=[territory.code, held["contact"].pk])
    body = client.get(url).content.decode()
    assert "1 inscription aux rencontres et ses 1 avis" in body
    response = client.post(url, {})
    assert response.status_code == 400 and Contact.objects.exists()
    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302 and not Contact.objects.exists()
