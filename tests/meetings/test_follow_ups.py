"""The follow-ups of a compte rendu: decisions and next dates, each with an owner from the
territory's directory, a due date and a state; written through the services (audit-logged,
stale edits refused), shown in the report's page, PDF and DOCX."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from territoires.audit.readers import history_of
from territoires.core.errors import StaleEditError
from territoires.meetings import followups
from territoires.meetings.models import FollowUp
from territoires.organisations.models import GovernanceRole

from ..factories import GovernanceRoleFactory, MeetingFactory, PersonFactory
from .test_checkin import pdf_text

pytestmark = pytest.mark.django_db


def url(name, meeting, *extra):
    return reverse(f"meetings:{name}", args=[meeting.territory.code, meeting.pk, *extra])


@pytest.fixture
def meeting(territory):
    return MeetingFactory(territory=territory, title="After Work de Langres")


@pytest.fixture
def owner(territory):
    person = PersonFactory(first_name="Marie-José", last_name="RUEL")
    GovernanceRoleFactory(territory=territory, person=person, role=GovernanceRole.Role.OTHER)
    return person


def add(meeting, editor, owner, text="Comité de suivi à Chaumont", kind="next_date"):
    return followups.add_follow_up(
        meeting,
        acting_user=editor,
        expected_version=meeting.version,
        kind=kind,
        text=text,
        owner=owner,
        due_date=datetime.date(2019, 10, 15),
    )


def test_an_organiser_adds_a_follow_up_from_the_page(client, editor, meeting, owner):
    client.force_login(editor)
    page = client.get(url("follow_ups", meeting)).content.decode()
    assert "Marie-José RUEL" in page and "Aucune décision" in page
    response = client.post(
        url("follow_ups", meeting),
        {
            "kind": "decision",
            "text": "Créer un groupement d'employeurs",
            "owner": owner.pk,
            "due_date": "2019-12-01",
            "version": meeting.version,
        },
    )
    assert response.status_code == 302
    item = FollowUp.objects.get(meeting=meeting)
    assert (item.kind, item.owner, item.status) == ("decision", owner, "open")
    event = history_of(meeting).first()
    assert event.verb == "meeting.follow_up_added" and event.actor == editor
    assert event.changes[0]["field"] == "follow_ups"


def test_a_follow_up_needs_an_owner_of_the_directory_and_a_due_date(editor, meeting):
    stranger = PersonFactory(first_name="Hors", last_name="Annuaire")
    with pytest.raises(ValidationError) as error:
        add(meeting, editor, stranger)
    assert "annuaire du territoire" in str(error.value)
    with pytest.raises(ValidationError) as error:
        add(meeting, editor, None)
    assert "responsable" in str(error.value)
    assert not FollowUp.objects.exists()


def test_the_page_refuses_a_form_without_due_date_in_french(client, editor, meeting, owner):
    client.force_login(editor)
    data = {"kind": "decision", "text": "X", "owner": owner.pk, "version": meeting.version}
    response = client.post(url("follow_ups", meeting), data)
    assert response.status_code == 400
    assert "Ce champ est obligatoire" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_marking_done_editing_and_removing_are_logged_and_stale_edits_refused(
    client, editor, meeting, owner
):
    item = add(meeting, editor, owner)
    meeting.refresh_from_db()
    client.force_login(editor)
    response = client.post(
        url("follow_up_status", meeting, item.pk), {"status": "done", "version": meeting.version}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "done" and item.done_at is not None
    assert history_of(meeting).first().verb == "meeting.follow_up_done"
    stale_version = meeting.version  # the page was made before the move above
    response = client.post(
        url("follow_up_edit", meeting, item.pk),
        {
            "kind": "next_date",
            "text": "Changé",
            "owner": owner.pk,
            "due_date": "2019-11-01",
            "version": stale_version,
        },
    )
    assert response.status_code == 409
    assert "modifiées pendant que vous les modifiiez" in response.content.decode()
    item.refresh_from_db()
    assert item.text == "Comité de suivi à Chaumont"
    meeting.refresh_from_db()
    with pytest.raises(StaleEditError):
        followups.remove_follow_up(item, acting_user=editor, expected_version=stale_version)
    response = client.post(url("follow_up_remove", meeting, item.pk), {"version": meeting.version})
    assert response.status_code == 302
    assert not FollowUp.objects.exists()
    assert history_of(meeting).first().verb == "meeting.follow_up_removed"


def test_a_reader_sees_the_follow_ups_in_the_report_but_cannot_write(
    client, reader, editor, meeting, owner
):
    add(meeting, editor, owner)
    with pytest.raises(PermissionDenied):
        add(meeting, reader, owner, text="Autre")
    client.force_login(reader)
    assert client.get(url("follow_ups", meeting)).status_code == 403
    body = client.get(url("report", meeting)).content.decode()
    assert "Comité de suivi à Chaumont" in body and "Marie-José RUEL" in body
    assert "15/10/2019" in body and "Décisions et échéances" not in body


def test_the_report_pdf_and_docx_hold_the_follow_ups(client, editor, meeting, owner):
    add(meeting, editor, owner)
    add(meeting, editor, owner, text="Lancer la plate-forme RH", kind="decision")
    client.force_login(editor)
    text = pdf_text(client.get(url("report_pdf", meeting)).content)
    assert "Décisions et prochaines échéances" in text
    assert "Comité de suivi à Chaumont" in text and "Marie-José RUEL" in text
    assert "15/10/2019" in text

    from docx import Document

    doc = Document(io.BytesIO(client.get(url("report_docx", meeting)).content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "Lancer la plate-forme RH" in cells and "Marie-José RUEL" in cells
    assert "15/10/2019" in cells and "À faire" in cells and "Prochaine échéance" in cells
