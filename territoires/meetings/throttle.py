"""Rate limits of the meetings' public forms (registration, feedback on a fiche), counted
by `core.ratelimit` against the address and the client's IP address. The services count
a request when the page or the API gives the client's IP address; the demo, the admin and
the tests, which give none, are not counted. Limits: settings `MEETING_*_LIMIT_*`."""

from datetime import timedelta

from django.conf import settings

from territoires.accounts.identity import normalize_email
from territoires.core import ratelimit

MESSAGE = (
    "Trop de {what} envoyés depuis cette adresse ou ce réseau : rien n'a été enregistré. "
    "Réessayez dans {minutes} minutes."
)


def _count(action, what, email, ip_address, per_address, per_ip):
    if not ip_address:
        return
    minutes = settings.MEETING_FORMS_WINDOW_MINUTES
    ratelimit.allow(
        action,
        {"address": (normalize_email(email or ""), per_address), "ip": (ip_address, per_ip)},
        window=timedelta(minutes=minutes),
        message=MESSAGE.format(what=what, minutes=minutes),
    )


def count_registration(email, ip_address):
    _count(
        "meeting_registration",
        "formulaires d'inscription",
        email,
        ip_address,
        settings.MEETING_REGISTRATION_LIMIT_PER_ADDRESS,
        settings.MEETING_REGISTRATION_LIMIT_PER_IP,
    )


def count_feedback(email, ip_address):
    _count(
        "meeting_feedback",
        "avis",
        email,
        ip_address,
        settings.MEETING_FEEDBACK_LIMIT_PER_ADDRESS,
        settings.MEETING_FEEDBACK_LIMIT_PER_IP,
    )
