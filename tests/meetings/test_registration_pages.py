"""Public registration: the form, the confirmation email through the task queue (text,
HTML, .ics), the personal link to cancel, the waiting list, tokens that do not match."""

import re

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from territoires.meetings.models import Registration
from territoires.meetings.tasks import send_registration_confirmation

from ..accounts.worker import run_worker_once
from ..factories import MeetingFactory, RegistrationFactory

LINK = re.compile(r"https?://[^/\s]+(/rencontres/inscription/[\w-]+/)")


def form(n=1, **extra):
    return {
        "first_name": "Claude",
        "last_name": f"Industriel{n}",
        "email": f"claude{n}@usine.example",
        "organisation_name": "Usine d'exemple",
        "job_title": "Dirigeant",
        "siret": "",
        **extra,
    }


def register_url(meeting):
    return reverse("meetings:register", args=[meeting.territory.code, meeting.pk])


@pytest.mark.django_db(transaction=True)
def test_a_visitor_registers_gets_the_email_and_cancels_with_its_link(client, territory):
    meeting = MeetingFactory(territory=territory, capacity=1)
    waiting = RegistrationFactory(meeting=meeting, status="waiting")
    seated_first = RegistrationFactory(meeting=meeting)
    seated_first.delete()  # the seat is free again: our visitor takes it

    response = client.post(register_url(meeting), form())

    assert response.status_code == 200
    assert "claude1@usine.example" in response.content.decode()
    registration = Registration.objects.get(email="claude1@usine.example")
    assert registration.status == "registered"
    assert mail.outbox == []
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "territoires.meetings.tasks.send_registration_confirmation"

    run_worker_once()

    (message,) = mail.outbox
    assert message.to == ["claude1@usine.example"]
    assert message.subject.startswith("Inscription confirmée : After Work")
    assert "Votre inscription est confirmée." in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html" and "<strong>confirmée</strong>" in html
    ((name, ics, ics_mime),) = message.attachments
    assert name == "rencontre.ics" and ics_mime.startswith("text/calendar")
    (event,) = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert str(event["location"]).startswith("STEF Transport")

    path = LINK.search(message.body).group(1)
    page = client.get(path)
    assert page["Cache-Control"].count("no-store") == 1
    assert "Inscrit" in page.content.decode()
    cancelled = client.post(path)
    assert cancelled.status_code == 302
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert (registration.status, waiting.status) == ("cancelled", "registered")
    assert "Annuler mon inscription" not in client.get(path).content.decode()


@pytest.mark.django_db
def test_a_full_meeting_puts_the_visitor_on_the_waiting_list(client, territory):
    meeting = MeetingFactory(territory=territory, capacity=1)
    RegistrationFactory(meeting=meeting)
    client.post(register_url(meeting), form())
    registration = Registration.objects.get(email="claude1@usine.example")
    assert registration.status == "waiting"
    send_registration_confirmation.call(registration.pk)
    assert mail.outbox[0].subject.startswith("Liste d'attente : ")
    assert "vous êtes sur la liste d'attente" in mail.outbox[0].body


@pytest.mark.django_db
def test_the_confirmation_is_sent_once_even_when_the_task_runs_again(territory):
    meeting = MeetingFactory(territory=territory, title="Atelier d'exemple & co")
    registration = RegistrationFactory(meeting=meeting)
    assert send_registration_confirmation.call(registration.pk) == 1
    assert send_registration_confirmation.call(registration.pk) == 0
    (message,) = mail.outbox
    assert message.subject == "Inscription confirmée : Atelier d'exemple & co (9 septembre 2019)"
    assert "Atelier d'exemple & co" in message.body


@pytest.mark.django_db
def test_registering_twice_says_the_same_and_writes_nothing_more(
    client, territory, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(territory=territory)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(register_url(meeting), form()).content.decode()
        second = client.post(register_url(meeting), form(email="CLAUDE1@usine.example"))
    assert second.status_code == 200
    assert "Merci, votre demande d’inscription est enregistrée" in first
    assert "Merci, votre demande d’inscription est enregistrée" in second.content.decode()
    assert Registration.objects.count() == 1
    assert DBTaskResult.objects.count() == 1


@pytest.mark.django_db
def test_bad_input_gets_french_field_errors_and_nothing_is_written(client, territory):
    meeting = MeetingFactory(territory=territory)
    response = client.post(register_url(meeting), form(email="pas-une-adresse"))
    assert "Saisissez une adresse de courriel valide." in response.content.decode()
    response = client.post(register_url(meeting), form(siret="123 456 789 00012"))
    assert "SIRET invalide" in response.content.decode()
    assert response.status_code == 200
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_a_held_or_restricted_meeting_takes_no_public_registration(client, territory):
    held = MeetingFactory(territory=territory, status="held")
    body = client.get(register_url(held)).content.decode()
    assert "Les inscriptions sont fermées" in body
    response = client.post(register_url(held), form())
    assert "Les inscriptions sont fermées" in response.content.decode()
    restricted = MeetingFactory(territory=territory, visibility="restricted")
    assert client.post(register_url(restricted), form(2)).status_code == 404
    assert not Registration.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["forgé", "x" * 43, "y" * 500])
def test_an_unknown_token_gets_a_clear_page_and_changes_nothing(client, territory, token):
    registration = RegistrationFactory(meeting=MeetingFactory(territory=territory))
    url = reverse("meetings:registration", args=[token])
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 404
        assert "Ce lien d’inscription n’est pas valable" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == "registered"
