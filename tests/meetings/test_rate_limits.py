"""Rate limits of the meetings' public forms: registration and feedback, per address and
per IP address; past them a French 429 page (Retry-After) and nothing written."""

import pytest
from django.urls import reverse

from territoires.meetings import registrations
from territoires.meetings.models import Registration, SheetFeedback

from ..factories import MeetingFactory
from .test_feedback import answer, link, meeting  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def register(client, target, n):
    data = {
        "first_name": "Claude",
        "last_name": f"Industriel{n}",
        "email": f"claude{n}@usine.example",
        "organisation_name": "Usine",
    }
    url = reverse("meetings:register", args=[target.territory.code, target.pk])
    return client.post(url, data)


def test_registrations_past_the_per_ip_limit_get_a_french_429(client, territory, settings):
    settings.MEETING_REGISTRATION_LIMIT_PER_IP = 2
    target = MeetingFactory(territory=territory)
    assert register(client, target, 1).status_code == 200
    assert register(client, target, 2).status_code == 200
    refused = register(client, target, 3)
    assert refused.status_code == 429
    assert refused["Retry-After"] == str(60 * 60)
    body = refused.content.decode()
    assert "Trop de demandes" in body and "rien n&#x27;a été enregistré" in body
    assert Registration.objects.count() == 2
    other_network = reverse("meetings:register", args=[territory.code, target.pk])
    data = {"first_name": "A", "last_name": "B", "email": "a@b.example", "organisation_name": "C"}
    assert client.post(other_network, data, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_one_address_is_limited_whatever_the_network(client, territory, settings):
    settings.MEETING_REGISTRATION_LIMIT_PER_ADDRESS = 1
    first, second = MeetingFactory(territory=territory), MeetingFactory(territory=territory)
    assert register(client, first, 1).status_code == 200
    url = reverse("meetings:register", args=[territory.code, second.pk])
    data = {"first_name": "C", "last_name": "I", "email": "CLAUDE1@usine.example"}
    data["organisation_name"] = "Usine"
    assert client.post(url, data, REMOTE_ADDR="10.0.0.9").status_code == 429
    assert not second.registrations.exists()


def test_services_called_without_an_ip_address_are_not_counted(territory, settings):
    settings.MEETING_REGISTRATION_LIMIT_PER_ADDRESS = 1
    target = MeetingFactory(territory=territory)
    for n in range(3):  # the demo, the admin: no client
        registrations.register(
            target, acting_user=None, first_name="A", last_name=f"B{n}", email="a@b.example"
        )
    assert target.registrations.count() == 1  # the same address gets its registration back


def test_feedback_past_the_per_ip_limit_gets_a_french_429(client, meeting, settings):  # noqa: F811
    settings.MEETING_FEEDBACK_LIMIT_PER_IP = 1
    assert client.post(link(meeting, "F8"), answer()).status_code == 200
    client.cookies.clear()
    refused = client.post(link(meeting, "F9"), answer(email="autre@usine.example"))
    assert refused.status_code == 429 and "Trop d" in refused.content.decode()
    assert SheetFeedback.objects.count() == 1


def test_the_api_answers_429_past_the_feedback_limit(client, meeting, editor, settings):  # noqa: F811
    settings.MEETING_FEEDBACK_LIMIT_PER_ADDRESS = 1
    client.force_login(editor)
    url = f"/api/v1/action-sheets/{meeting.sheets['F8'].pk}/feedback/"
    body = {"meeting_id": meeting.pk, "interest": "interested", "organisation_name": "Usine"}
    assert client.post(url, body, content_type="application/json").status_code == 201
    url = f"/api/v1/action-sheets/{meeting.sheets['F9'].pk}/feedback/"
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 429
    assert SheetFeedback.objects.count() == 1
