"""The .ics files: valid iCalendar with Europe/Paris times and the venue's address."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse

from ..factories import MeetingFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def events(body):
    calendar = icalendar.Calendar.from_ical(body)
    return calendar, [c for c in calendar.walk("VEVENT")]


def test_a_meeting_ics_has_paris_times_and_the_langres_address(client, territory):
    meeting = MeetingFactory(territory=territory, invitation_text="Finaliser les fiches action.")
    response = client.get(reverse("meetings:ics", args=[territory.code, meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="rencontre-2019-09-09.ics"' in response["Content-Disposition"]
    calendar, (event,) = events(response.content)
    assert calendar["version"] == "2.0"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    start = event.decoded("dtstart")
    assert start == datetime.datetime(2019, 9, 9, 18, 0, tzinfo=PARIS)
    assert str(start.tzinfo) == "Europe/Paris"
    assert event.decoded("dtend") == datetime.datetime(2019, 9, 9, 20, 0, tzinfo=PARIS)
    assert "DTSTART;TZID=Europe/Paris:20190909T180000" in response.content.decode()
    assert str(event["location"]) == "STEF Transport, Avenue de la Collinière, 52200 Langres"
    assert str(event["status"]) == "CONFIRMED"
    assert "Finaliser les fiches action." in str(event["description"])
    assert str(event["url"]).endswith(f"/territoires/{territory.code}/rencontres/{meeting.pk}/")


def test_the_territory_feed_lists_the_meetings_the_visitor_may_see(client, territory, reader):
    MeetingFactory(territory=territory, title="After Work ouvert")
    MeetingFactory(territory=territory, title="Comité de projet", visibility="restricted")
    MeetingFactory(territory=territory, title="Annulé", status="cancelled")
    url = reverse("meetings:feed", args=[territory.code])
    _, anonymous = events(client.get(url).content)
    assert sorted(str(e["summary"]) for e in anonymous) == ["After Work ouvert", "Annulé"]
    assert {str(e["summary"]): str(e["status"]) for e in anonymous}["Annulé"] == "CANCELLED"
    client.force_login(reader)
    _, member = events(client.get(url).content)
    assert len(member) == 3
    assert len({str(e["uid"]) for e in member}) == 3
