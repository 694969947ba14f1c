"""iCalendar (RFC 5545) files: one event per meeting, one feed per territory.

Times are Europe/Paris wall-clock times (DTSTART;TZID=Europe/Paris with its VTIMEZONE),
the location is the venue's name and address, a cancelled meeting stays in the feed with
STATUS:CANCELLED (calendars then strike it out), and SEQUENCE follows the meeting's
version so that a calendar takes an edit for an update."""

import datetime
from zoneinfo import ZoneInfo

import icalendar

PARIS = ZoneInfo("Europe/Paris")
PRODID = "-//Territoires d'industrie//Rencontres//FR"
UID_DOMAIN = "rencontres.territoires-industrie"
STATUS = {"planned": "CONFIRMED", "held": "CONFIRMED", "cancelled": "CANCELLED"}


def location(meeting):
    return ", ".join(part for part in (meeting.venue_name, meeting.venue_address) if part)


def event(meeting, url=""):
    item = icalendar.Event()
    item.add("uid", f"rencontre-{meeting.pk}@{UID_DOMAIN}")
    item.add("dtstamp", meeting.updated_at.astimezone(datetime.UTC))
    item.add("dtstart", datetime.datetime.combine(meeting.date, meeting.start_time, PARIS))
    item.add("dtend", datetime.datetime.combine(meeting.date, meeting.end_time, PARIS))
    item.add("summary", meeting.title)
    item.add("sequence", meeting.version - 1)
    item.add("status", STATUS[meeting.status])
    if location(meeting):
        item.add("location", location(meeting))
    description = "\n\n".join(text for text in (meeting.invitation_text, url) if text)
    if description:
        item.add("description", description)
    if url:
        item.add("url", url)
    return item


def _calendar(events, name):
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    for item in events:
        calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def meeting_ics(meeting, url=""):
    """The .ics file of one meeting (bytes)."""
    return _calendar([event(meeting, url)], meeting.title)


def territory_ics(territory, meetings, url_of):
    """The feed of a territory's meetings (bytes); `url_of(meeting)` gives each page's
    address."""
    return _calendar(
        [event(meeting, url_of(meeting)) for meeting in meetings],
        f"Rencontres — {territory.name}",
    )
