"""The meetings' admin saves through the services: version, audit log, refusals shown."""

import pytest
from django.urls import reverse

from territoires.accounts.models import User
from territoires.audit.readers import history_of
from territoires.meetings.models import Meeting

from ..factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("admin@example.org", "mot-de-passe-42-ok"))
    return client


def form_data(meeting, **changes):
    data = {
        "kind": meeting.kind,
        "title": meeting.title,
        "date": meeting.date.isoformat(),
        "start_time": "18:00",
        "end_time": "20:00",
        "venue_name": meeting.venue_name,
        "venue_address": meeting.venue_address,
        "invitation_text": "",
        "capacity": "",
        "visibility": meeting.visibility,
        "seen_version": meeting.version,
    }
    for prefix in ("transitions", "agenda_items", "registrations"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(changes)
    return data


def test_an_admin_edit_goes_through_the_service(admin_client, territory):
    meeting = MeetingFactory(territory=territory)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    response = admin_client.post(url, form_data(meeting, capacity="30"))
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.capacity, meeting.version) == (30, 2)
    assert history_of(meeting).get().verb == "meeting.updated"


def test_an_admin_edit_on_an_older_version_is_refused(admin_client, territory):
    meeting = MeetingFactory(territory=territory, version=3)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    response = admin_client.post(url, form_data(meeting, capacity="30", seen_version=2))
    assert response.status_code == 200
    assert "modifiée entre-temps (version 3)" in response.content.decode()
    assert Meeting.objects.get().capacity is None


def test_a_meeting_cannot_be_deleted_from_the_admin(admin_client, territory):
    meeting = MeetingFactory(territory=territory)
    url = reverse("admin:meetings_meeting_delete", args=[meeting.pk])
    assert admin_client.get(url).status_code == 403
