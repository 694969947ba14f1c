"""Background tasks of the meetings, run by `manage.py db_worker`.

Each email is sent once: the task claims a stamp of the registration (a conditional
UPDATE of a still empty column) before sending, so a retried or repeated task sends
nothing more."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django_tasks import task

from . import mail
from .models import Registration, RegistrationStatus


def _claim(registration_id, stamp, **conditions):
    """Stamp `stamp` of the registration if still empty (and `conditions` hold): True
    for the one caller that wins."""
    unsent = {f"{stamp}__isnull": True}
    return bool(
        Registration.objects.filter(pk=registration_id, **unsent, **conditions).update(
            **{stamp: timezone.now()}
        )
    )


def _send(registration, subject, text, html, ics):
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, [registration.email]
    )
    message.attach_alternative(html, "text/html")
    message.attach("rencontre.ics", ics, "text/calendar; charset=utf-8; method=PUBLISH")
    return message.send()


def _registration(registration_id):
    return Registration.objects.select_related("meeting__territory").get(pk=registration_id)


@task()
def send_registration_confirmation(registration_id, base_url=None):
    """Send the confirmation of a registration once (claimed with `confirmation_sent_at`).
    Returns the number of messages sent (0 or 1)."""
    if not _claim(registration_id, "confirmation_sent_at"):
        return 0
    registration = _registration(registration_id)
    if not registration.email:
        return 0
    return _send(registration, *mail.confirmation(registration, base_url))


@task()
def send_promotion_notice(registration_id, base_url=None):
    """Tell a person promoted from the waiting list that the seat is theirs, once (claimed
    with `promotion_sent_at`, and only while the registration holds its seat). Returns the
    number of messages sent (0 or 1)."""
    if not _claim(registration_id, "promotion_sent_at", status=RegistrationStatus.REGISTERED):
        return 0
    registration = _registration(registration_id)
    if not registration.email:
        return 0
    return _send(registration, *mail.promotion(registration, base_url))
