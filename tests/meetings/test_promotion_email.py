"""The email to a person promoted from the waiting list: queued when the freed seat is
given, French text and HTML, the .ics attached, their personal link; sent once even when
the task runs again."""

import re

import icalendar
import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from territoires.meetings import registrations
from territoires.meetings.models import Registration
from territoires.meetings.tasks import send_promotion_notice

from ..accounts.worker import run_worker_once
from ..factories import MeetingFactory, RegistrationFactory

LINK = re.compile(r"https?://[^/\s]+(/rencontres/inscription/[\w-]+/)")


@pytest.mark.django_db(transaction=True)
def test_a_cancellation_promotes_the_next_person_who_gets_the_email_with_the_ics(client, territory):
    meeting = MeetingFactory(territory=territory, capacity=1, title="After Work de Langres")
    seated = RegistrationFactory(meeting=meeting, token="a" * 40)
    waiting = RegistrationFactory(
        meeting=meeting, status="waiting", first_name="Camille", email="camille@usine.example"
    )

    client.post(f"/rencontres/inscription/{seated.token}/")

    waiting.refresh_from_db()
    assert waiting.status == "registered" and mail.outbox == []
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "territoires.meetings.tasks.send_promotion_notice"
    run_worker_once()

    (message,) = mail.outbox
    assert message.to == ["camille@usine.example"]
    assert message.subject == "Une place s'est libérée : After Work de Langres (9 septembre 2019)"
    assert "vous n'êtes plus sur la liste d'attente" in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html" and "<strong>confirmée</strong>" in html
    ((name, ics, ics_mime),) = message.attachments
    assert name == "rencontre.ics" and ics_mime.startswith("text/calendar")
    (event,) = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert str(event["summary"]) == "After Work de Langres"
    path = LINK.search(message.body).group(1)
    assert path == f"/rencontres/inscription/{waiting.token}/"
    assert "Camille" in client.get(path).content.decode()


@pytest.mark.django_db
def test_the_promotion_email_is_sent_once_even_when_the_task_runs_again(territory, editor):
    meeting = MeetingFactory(territory=territory, capacity=1)
    seated = RegistrationFactory(meeting=meeting)
    waiting = RegistrationFactory(meeting=meeting, status="waiting")
    promoted = registrations.cancel_registration(seated, acting_user=editor)
    assert promoted == waiting
    assert send_promotion_notice.call(waiting.pk) == 1
    assert send_promotion_notice.call(waiting.pk) == 0
    assert len(mail.outbox) == 1
    assert Registration.objects.get(pk=waiting.pk).promotion_sent_at is not None


@pytest.mark.django_db
def test_no_promotion_email_once_the_person_has_cancelled_meanwhile(territory, editor):
    meeting = MeetingFactory(territory=territory, capacity=1)
    seated = RegistrationFactory(meeting=meeting)
    waiting = RegistrationFactory(meeting=meeting, status="waiting")
    registrations.cancel_registration(seated, acting_user=editor)
    registrations.cancel_registration(waiting, acting_user=editor)
    assert send_promotion_notice.call(waiting.pk) == 0
    assert mail.outbox == []
