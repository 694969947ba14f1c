"""An oubli raised in the feedback becomes a draft fiche in one click, its provenance kept,
or is attached to an existing fiche; once."""

import pytest
from django.urls import reverse
from django.utils import timezone

from territoires.audit.models import AuditEvent
from territoires.meetings import feedback, services
from territoires.meetings.models import SheetFeedback
from territoires.plans.models import ActionSheet

from ..factories import ActionSheetFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def oubli(territory, editor):
    meeting = MeetingFactory(territory=territory, date=timezone.localdate(), title="After Work")
    sheet = ActionSheetFactory(territory=territory, code="F12", title="Plate-forme RH")
    services.set_agenda(
        meeting,
        acting_user=editor,
        expected_version=1,
        items=[{"title": "Fiches", "sheets": [(sheet, None)]}],
    )
    return feedback.give_feedback(
        meeting,
        sheet,
        acting_user=None,
        first_name="Alix",
        last_name="Martin",
        email="alix@atelier.example",
        organisation_name="Atelier Alix",
        interest="interested",
        forgotten_topic="Une crèche inter-entreprises sur la zone d'activité",
    )


def url(name, oubli):
    meeting = oubli.meeting
    return reverse(f"meetings:{name}", args=[meeting.territory.code, meeting.pk, oubli.pk])


def test_an_editor_turns_an_oubli_into_a_draft_fiche_in_one_click(client, oubli, editor):
    client.force_login(editor)
    page = reverse("meetings:detail", args=[oubli.meeting.territory.code, oubli.meeting.pk])
    body = client.get(page).content.decode()
    assert "Oublis à traiter" in body and 'value="F13"' in body
    response = client.post(
        url("oubli_draft", oubli),
        {"axis": "attirer", "code": "F13", "title": "Crèche inter-entreprises"},
    )
    sheet = ActionSheet.objects.get(code="F13")
    assert response.status_code == 302 and response["Location"] == sheet.get_absolute_url()
    assert (sheet.status, sheet.title, sheet.axis.code) == (
        "draft",
        "Crèche inter-entreprises",
        "attirer",
    )
    assert "Oubli signalé par Alix Martin (Atelier Alix) lors de « After Work »" in sheet.context
    assert "fiche F12" in sheet.context and "crèche inter-entreprises" in sheet.context
    oubli.refresh_from_db()
    assert (oubli.topic_status, oubli.topic_sheet, oubli.topic_handled_by) == (
        "drafted",
        sheet,
        editor,
    )
    event = AuditEvent.objects.get(verb="meeting.oubli_drafted")
    assert event.data["sheet"] == {"id": sheet.pk, "code": "F13"}
    again = client.post(url("oubli_draft", oubli), {"axis": "attirer", "code": "F14"})
    assert again.status_code == 302
    assert not ActionSheet.objects.filter(code="F14").exists()
    assert "Oublis à traiter" not in client.get(page).content.decode()


def test_a_code_already_used_is_refused_and_the_oubli_stays_open(client, oubli, editor):
    client.force_login(editor)
    response = client.post(
        url("oubli_draft", oubli), {"axis": "attirer", "code": "F12"}, follow=True
    )
    assert "Le code F12 est déjà utilisé" in response.content.decode()
    assert ActionSheet.objects.count() == 1
    assert SheetFeedback.objects.get().topic_status == "open"


def test_an_oubli_can_be_attached_to_an_existing_fiche(client, oubli, editor):
    client.force_login(editor)
    target = ActionSheetFactory(territory=oubli.meeting.territory, code="F1")
    response = client.post(url("oubli_attach", oubli), {"sheet": target.pk})
    assert response.status_code == 302
    oubli.refresh_from_db()
    assert (oubli.topic_status, oubli.topic_sheet) == ("attached", target)
    assert AuditEvent.objects.filter(verb="meeting.oubli_attached").count() == 1


@pytest.mark.parametrize("who", ["reader", "contributor"])
def test_readers_and_contributors_cannot_handle_oublis(client, oubli, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(url("oubli_draft", oubli), {"axis": "attirer", "code": "F13"})
    assert response.status_code == 403
    assert client.post(url("oubli_attach", oubli), {"sheet": oubli.sheet.pk}).status_code == 403
    assert SheetFeedback.objects.get().topic_status == "open"
    assert ActionSheet.objects.count() == 1
