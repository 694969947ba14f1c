"""Background tasks sending the invitations and their reminders, run by
`manage.py db_worker`. Each message is sent once: the task claims the invitation's
`sent_at` (or `reminder_sent_at`) with a conditional UPDATE of a still empty column
before sending, so a retried or repeated task, or two workers at once, send nothing more
(decision 0023)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django_tasks import task

from . import invitation_mail
from .models import Invitation, InvitationAnswer, MeetingStatus


def _claim(invitation_id, stamp, **conditions):
    """Stamp `stamp` if still empty (and `conditions` hold): True for the one caller
    that wins."""
    claimed = Invitation.objects.filter(
        pk=invitation_id,
        meeting__status=MeetingStatus.PLANNED,
        **{f"{stamp}__isnull": True},
        **conditions,
    ).update(**{stamp: timezone.now()})
    return bool(claimed)


def _send(invitation_id, base_url, *, reminder):
    invitation = Invitation.objects.select_related("meeting__territory").get(pk=invitation_id)
    subject, text, html, ics = invitation_mail.invitation(invitation, base_url, reminder=reminder)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    message.attach_alternative(html, "text/html")
    message.attach("rencontre.ics", ics, "text/calendar; charset=utf-8; method=PUBLISH")
    return message.send()


def _due(meeting_id, **conditions):
    return list(
        Invitation.objects.filter(meeting_id=meeting_id, **conditions)
        .exclude(email="")
        .order_by("id")
        .values_list("pk", flat=True)
    )


@task()
def send_invitations(meeting_id, base_url=None):
    """Send the meeting's invitations not sent yet, each once. Returns how many were sent."""
    sent = 0
    for pk in _due(meeting_id, sent_at__isnull=True):
        if _claim(pk, "sent_at"):
            sent += _send(pk, base_url, reminder=False)
    return sent


@task()
def send_invitation_reminders(meeting_id, base_url=None):
    """Remind, once, the invited people who have not answered. Returns how many were sent."""
    pending = {"answer": InvitationAnswer.PENDING, "sent_at__isnull": False}
    sent = 0
    for pk in _due(meeting_id, reminder_sent_at__isnull=True, **pending):
        if _claim(pk, "reminder_sent_at", **pending):
            sent += _send(pk, base_url, reminder=True)
    return sent
