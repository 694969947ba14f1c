"""The registrant's emails, the confirmation and the news that a seat freed on the waiting
list is theirs (promotion): French text and HTML, the meeting's .ics attached, the
personal link to see or cancel the registration. Shared by the services (which
enqueue) and the tasks (which send), so that neither imports the other."""

from django.conf import settings
from django.template import loader
from django.urls import reverse

from . import calendar
from .models import RegistrationStatus


def registration_link(registration, base_url=None):
    """The registrant's personal page (see, cancel), reached with the registration token."""
    path = reverse("meetings:registration", args=[registration.token])
    return (base_url or settings.SITE_URL).rstrip("/") + path


def meeting_link(meeting, base_url=None):
    path = reverse("meetings:detail", args=[meeting.territory.code, meeting.pk])
    return (base_url or settings.SITE_URL).rstrip("/") + path


def confirmation(registration, base_url=None):
    """(subject, text, html, ics bytes) of the confirmation of `registration`."""
    return _message("confirmation", registration, base_url)


def promotion(registration, base_url=None):
    """(subject, text, html, ics bytes) telling a person of the waiting list that a seat
    freed is theirs."""
    return _message("promotion", registration, base_url)


def _message(name, registration, base_url):
    meeting = registration.meeting
    context = {
        "platform_name": settings.PLATFORM_NAME,
        "registration": registration,
        "meeting": meeting,
        "waiting": registration.status == RegistrationStatus.WAITING,
        "link": registration_link(registration, base_url),
        "meeting_link": meeting_link(meeting, base_url),
        "location": calendar.location(meeting),
    }
    subject = loader.render_to_string(f"meetings/email/{name}_subject.txt", context)
    text = loader.render_to_string(f"meetings/email/{name}.txt", context)
    html = loader.render_to_string(f"meetings/email/{name}.html", context)
    ics = calendar.meeting_ics(meeting, context["meeting_link"])
    return " ".join(subject.split()), text, html, ics
