"""Notifications by email: a French multipart digest, at the rhythm each person chose,
each notification emailed once even when the task runs again."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from territoires.plans import services
from territoires.plans.models import Status
from territoires.workspace import digests, tasks
from territoires.workspace.models import Notification, NotificationSettings
from territoires.workspace.services import change_notification_settings

from ..accounts.worker import run_worker_once

pytestmark = pytest.mark.django_db


def send_back(sheet, region_user):
    services.change_status(
        sheet, Status.DRAFT, acting_user=region_user, comment="Chiffrez le budget."
    )


def test_the_digest_is_french_multipart_and_sent_once(sheet, pilot, region_user):
    send_back(sheet, region_user)
    assert digests.send_digest(pilot.pk) == 1
    assert digests.send_digest(pilot.pk) == 0  # a retried task finds nothing left
    [message] = mail.outbox
    assert message.to == [pilot.email]
    assert message.subject == "Territoires d'industrie : 1 notification sur vos fiches"
    assert "renvoyée pour être retravaillée" in message.body
    assert "Motif : Chiffrez le budget." in message.body
    assert "/territoires/4403/fiches/F9/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Chiffrez le budget." in html and 'lang="fr"' in html
    assert Notification.objects.get(recipient=pilot).emailed_at is not None


def test_daily_digests_wait_for_their_day(sheet, pilot, region_user, editor):
    send_back(sheet, region_user)
    now = timezone.now()
    assert digests.send_due_digests(now) == 1  # never sent: due
    services.change_status(sheet, Status.PROPOSED, acting_user=editor)
    assert digests.send_due_digests(now + datetime.timedelta(hours=2)) == 0
    assert digests.send_due_digests(now + datetime.timedelta(days=1, minutes=1)) == 1
    assert len(mail.outbox) == 2


def test_weekly_and_none(sheet, pilot, region_user):
    change_notification_settings(acting_user=pilot, frequency="none")
    send_back(sheet, region_user)
    assert digests.send_due_digests() == 0
    change_notification_settings(acting_user=pilot, frequency="weekly")
    NotificationSettings.objects.filter(user=pilot).update(last_digest_at=timezone.now())
    assert digests.send_due_digests() == 0
    later = timezone.now() + datetime.timedelta(days=7, minutes=1)
    assert digests.send_due_digests(later) == 1


@pytest.mark.django_db(transaction=True)
def test_immediate_queues_a_task_after_the_write(sheet, pilot, region_user):
    change_notification_settings(acting_user=pilot, frequency="immediate")
    send_back(sheet, region_user)
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "territoires.workspace.tasks.send_digest_task"
    assert mail.outbox == []
    run_worker_once()
    tasks.send_digest_task.enqueue(pilot.pk)  # the same task again: nothing more is sent
    run_worker_once()
    assert len(mail.outbox) == 1


def test_daily_users_get_no_immediate_task(
    sheet, pilot, region_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_back(sheet, region_user)
    assert not DBTaskResult.objects.exists()


def test_the_command_sends_or_enqueues(sheet, pilot, region_user):
    send_back(sheet, region_user)
    call_command("send_digests", "--enqueue")
    assert DBTaskResult.objects.get().task_path == "territoires.workspace.tasks.send_digests"
    assert mail.outbox == []
    call_command("send_digests")
    assert len(mail.outbox) == 1
