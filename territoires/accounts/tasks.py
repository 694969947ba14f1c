"""Background tasks of the accounts app, run by `manage.py db_worker`."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(subject, body, recipients, html_body=None, from_email=None):
    """Send one email (already rendered) and return the number of messages sent."""
    message = EmailMultiAlternatives(
        subject, body, from_email or settings.DEFAULT_FROM_EMAIL, list(recipients)
    )
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message.send()
