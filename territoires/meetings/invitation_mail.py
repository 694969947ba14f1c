"""The invitation email and its reminder: French text and HTML, the meeting's .ics
attached, the personal link to answer (a signed token naming the invitation). Shared by
the services and the tasks, so that neither imports the other."""

from django.conf import settings
from django.core import signing
from django.template import loader
from django.urls import reverse

from . import calendar
from .mail import meeting_link

SALT = "territoires.meetings.invitation"


def invitation_token(invitation):
    return signing.dumps({"i": invitation.pk}, salt=SALT, compress=True)


def invitation_link(invitation, base_url=None):
    path = reverse("meetings:invitation", args=[invitation_token(invitation)])
    return (base_url or settings.SITE_URL).rstrip("/") + path


def invitation(invitation, base_url=None, *, reminder=False):
    """(subject, text, html, ics bytes) of the invitation (or its reminder)."""
    meeting = invitation.meeting
    context = {
        "platform_name": settings.PLATFORM_NAME,
        "invitation": invitation,
        "meeting": meeting,
        "reminder": reminder,
        "link": invitation_link(invitation, base_url),
        "meeting_link": meeting_link(meeting, base_url),
        "location": calendar.location(meeting),
    }
    subject = loader.render_to_string("meetings/email/invitation_subject.txt", context)
    text = loader.render_to_string("meetings/email/invitation.txt", context)
    html = loader.render_to_string("meetings/email/invitation.html", context)
    ics = calendar.meeting_ics(meeting, context["meeting_link"])
    return " ".join(subject.split()), text, html, ics
