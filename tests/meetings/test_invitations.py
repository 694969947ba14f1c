"""Invitations: the consenting contacts of a list or chosen ones invited once, each by a
multipart French email with the .ics and a personal link; yes registers (seat or waiting
list), no records the refusal; a reminder to those who have not answered; a retried task
sends nothing more; a forged link is a French 4xx and nothing is written."""

import datetime
import html
import re

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from territoires.audit.models import AuditEvent
from territoires.meetings import invitation_tasks, invitations
from territoires.meetings.models import Invitation, Registration
from territoires.organisations import contacts
from territoires.organisations.models import ContactList

from ..accounts.worker import run_worker_once
from ..factories import MeetingFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/rencontres/invitation/[^/\s]+/)")


def consenting(territory, editor, name, *, given=True, naf=""):
    contact, _ = contacts.save_contact(
        territory,
        acting_user=editor,
        first_name="Camille",
        last_name=name,
        email=f"{name.lower()}@usine.example",
        organisation_name=f"Usine {name}",
    )
    if given is not None:
        contacts.record_consent(
            contact,
            acting_user=editor,
            purpose="invitations",
            given=given,
            on=datetime.date(2026, 1, 5),
            source="meeting",
        )
    return contact


@pytest.fixture
def meeting(territory):
    return MeetingFactory(
        territory=territory,
        title="After Work de l'industrie",
        date=timezone.localdate() + datetime.timedelta(days=10),
        visibility="restricted",
        capacity=1,
    )


@pytest.fixture
def people(territory, editor):
    return {
        "ada": consenting(territory, editor, "Ada"),
        "bert": consenting(territory, editor, "Bert"),
        "refus": consenting(territory, editor, "Refus", given=False),
        "muet": consenting(territory, editor, "Muet", given=None),
    }


def sent_links():
    return {m.to[0]: LINK.search(m.body).group(1) for m in mail.outbox}


def test_only_consenting_contacts_are_invited_and_never_twice(meeting, people, editor):
    counts = invitations.invite(meeting, people.values(), acting_user=editor)
    assert counts == {"invited": 2, "already": 0, "without_consent": 2}
    again = invitations.invite(meeting, [people["ada"]], acting_user=editor)
    assert again == {"invited": 0, "already": 1, "without_consent": 0}
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "ada@usine.example",
        "bert@usine.example",
    ]
    assert AuditEvent.objects.filter(verb="meeting.invited").count() == 2


def test_a_saved_list_is_invited_through_the_page(meeting, people, editor, login, territory):
    saved = ContactList.objects.create(territory=territory, name="Tous", with_consent="invitations")
    url = reverse("meetings:invitations", args=[territory.code, meeting.pk])
    response = login(editor).post(url, {"contact_list": saved.pk})
    assert response.status_code == 302
    assert Invitation.objects.count() == 2
    response = login(editor).post(url, {})
    assert response.status_code == 400
    assert "Choisissez une liste ou des contacts" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_each_invitation_once_even_when_the_task_runs_again(
    meeting, people, editor
):
    invitations.invite(meeting, people.values(), acting_user=editor)
    assert DBTaskResult.objects.get().task_path.endswith("invitation_tasks.send_invitations")
    run_worker_once()
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@usine.example", "bert@usine.example"]
    assert invitation_tasks.send_invitations.call(meeting.pk) == 0  # a retry
    invitations.invite(meeting, people.values(), acting_user=editor)
    run_worker_once()
    assert len(mail.outbox) == 2
    message = mail.outbox[0]
    assert message.subject.startswith("Invitation : After Work de l'industrie (")  # no &#x27;
    assert "vous invite à" in message.body and "sans créer de compte" in message.body
    body, mime = message.alternatives[0]
    assert mime == "text/html" and "Répondre : je viens ou je ne viens pas" in body
    # The meeting's title, date and hours, from the partial every meeting email shares.
    assert "<strong>After Work de l&#x27;industrie</strong>" in body
    assert "(heure de Paris)" in body
    ((name, ics, ics_mime),) = message.attachments
    assert name == "rencontre.ics" and ics_mime.startswith("text/calendar")
    (event,) = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert str(event["summary"]) == "After Work de l'industrie"


def test_two_runs_of_the_task_send_once(
    meeting, people, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        invitations.invite(meeting, people.values(), acting_user=editor)
    assert invitation_tasks.send_invitations.call(meeting.pk) == 2
    assert invitation_tasks.send_invitations.call(meeting.pk) == 0
    assert len(mail.outbox) == 2


def test_yes_registers_respecting_capacity_and_no_cancels(
    meeting, people, editor, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        invitations.invite(meeting, people.values(), acting_user=editor)
    invitation_tasks.send_invitations.call(meeting.pk)
    links = sent_links()

    body = client.get(links["ada@usine.example"]).content.decode()
    assert "Bonjour Camille Ada" in body and "Vous n’avez pas encore répondu" in body
    client.post(links["ada@usine.example"], {"answer": "yes"})
    client.post(links["bert@usine.example"], {"answer": "yes"})
    ada = Invitation.objects.get(email="ada@usine.example")
    bert = Invitation.objects.get(email="bert@usine.example")
    assert (ada.answer, ada.registration.status) == ("accepted", "registered")
    assert (bert.answer, bert.registration.status) == ("accepted", "waiting")
    body = client.get(links["bert@usine.example"]).content.decode()
    assert "sur la liste d’attente" in body

    client.post(links["ada@usine.example"], {"answer": "no"})
    ada.refresh_from_db()
    bert.registration.refresh_from_db()
    assert ada.answer == "declined" and ada.registration.status == "cancelled"
    assert bert.registration.status == "registered"  # the freed seat went to Bert
    assert "je ne viens pas" in client.get(links["ada@usine.example"]).content.decode()
    verbs = AuditEvent.objects.filter(verb="meeting.invitation_answered").count()
    assert verbs == 3


def test_a_forged_or_altered_link_is_a_french_400_and_nothing_is_written(
    meeting, people, editor, client
):
    invitations.invite(meeting, [people["ada"]], acting_user=editor)
    token = invitations.invitation_token(Invitation.objects.get())
    for forged in (token[:-2] + "xy", "n-importe-quoi", token + "a"):
        url = reverse("meetings:invitation", args=[forged])
        for response in (client.get(url), client.post(url, {"answer": "yes"})):
            assert response.status_code == 400
            text = html.unescape(response.content.decode())
            assert "Ce lien d'invitation n'est pas valable" in text
    assert not Registration.objects.exists()
    assert Invitation.objects.get().answer == "pending"


def test_a_past_meeting_closes_the_answers(meeting, people, editor, client):
    invitations.invite(meeting, [people["ada"]], acting_user=editor)
    token = invitations.invitation_token(Invitation.objects.get())
    meeting.date = timezone.localdate() - datetime.timedelta(days=1)
    meeting.save()
    response = client.post(reverse("meetings:invitation", args=[token]), {"answer": "yes"})
    assert response.status_code == 410 and "passée ou annulée" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_reminder_goes_once_to_those_who_have_not_answered(
    meeting, people, editor, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        invitations.invite(meeting, people.values(), acting_user=editor)
    invitation_tasks.send_invitations.call(meeting.pk)
    client.post(sent_links()["ada@usine.example"], {"answer": "no"})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks():
        assert invitations.remind(meeting, acting_user=editor) == 1
    assert invitation_tasks.send_invitation_reminders.call(meeting.pk) == 1
    assert invitation_tasks.send_invitation_reminders.call(meeting.pk) == 0
    (message,) = mail.outbox
    assert message.to == ["bert@usine.example"] and message.subject.startswith("Rappel : ")
    assert invitations.remind(meeting, acting_user=editor) == 0


def test_the_organisers_page_shows_invitations_and_answers(
    meeting, people, editor, login, territory, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        invitations.invite(meeting, people.values(), acting_user=editor)
    invitation_tasks.send_invitations.call(meeting.pk)
    client.post(sent_links()["ada@usine.example"], {"answer": "yes"})
    url = reverse("meetings:invitations", args=[territory.code, meeting.pk])
    body = login(editor).get(url).content.decode()
    counts = re.search(r"<p id=\"invitation-counts\">(.*?)</p>", body, re.S).group(1)
    assert " ".join(counts.split()) == (
        "Invités : 2 · invitations envoyées : 2 · viennent : 1 · ne viennent pas : 0 · "
        "sans réponse : 1"
    )
    assert "Ada Camille" in body and "Vient" in body and "Inscrit" in body


def test_only_the_territory_managers_invite(meeting, people, reader):
    with pytest.raises(PermissionDenied):
        invitations.invite(meeting, people.values(), acting_user=reader)
