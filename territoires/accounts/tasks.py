"""Background tasks of the accounts app, run by `manage.py db_worker`."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django_tasks import task

from .identity import normalize_email
from .mail import password_set_link, render_email
from .models import User


@task()
def send_email(subject, body, recipients, html_body=None, from_email=None):
    """Send one email (already rendered) and return the number of messages sent."""
    message = EmailMultiAlternatives(
        subject, body, from_email or settings.DEFAULT_FROM_EMAIL, list(recipients)
    )
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message.send()


@task()
def send_password_reset(email, base_url):
    """Send the link to choose a new password to the active account of `email`, if any.

    Every request is queued here, for a known address or not, so that the web request
    does the same work in both cases and its timing says nothing (decision 0010): the
    lookup happens in the worker. Returns the number of messages sent (0 or 1)."""
    user = User.objects.filter(email=normalize_email(email), is_active=True).first()
    if user is None:
        return 0
    subject, body = render_email(
        "password_reset",
        {"user": user, "link": password_set_link(user, base_url=base_url), "email": user.email},
    )
    return send_email.call(subject, body, [user.email])
