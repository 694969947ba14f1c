"""Background tasks of the meetings, run by `manage.py db_worker`."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django_tasks import task

from . import mail
from .models import Registration


@task()
def send_registration_confirmation(registration_id, base_url=None):
    """Send the confirmation of a registration once: the task claims the registration's
    `confirmation_sent_at` before sending, so a retried or repeated task sends nothing
    more. Returns the number of messages sent (0 or 1)."""
    claimed = Registration.objects.filter(
        pk=registration_id, confirmation_sent_at__isnull=True
    ).update(confirmation_sent_at=timezone.now())
    if not claimed:
        return 0
    registration = Registration.objects.select_related("meeting__territory").get(pk=registration_id)
    if not registration.email:
        return 0
    subject, text, html, ics = mail.confirmation(registration, base_url)
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, [registration.email]
    )
    message.attach_alternative(html, "text/html")
    message.attach("rencontre.ics", ics, "text/calendar; charset=utf-8; method=PUBLISH")
    return message.send()
