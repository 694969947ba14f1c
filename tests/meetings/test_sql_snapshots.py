"""The exact SQL of the meeting pages (snapshots in snapshots/; `pytest --snapshot-update`
after an intended change), and a count that does not grow with the agenda or the
registrations."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from territoires.meetings import feedback, services
from territoires.organisations.models import GovernanceRole

from ..factories import (
    ActionSheetFactory,
    GovernanceRoleFactory,
    MeetingFactory,
    OrganisationFactory,
    PersonFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


def build(territory, editor, size, prefix="F"):
    """A meeting with `size` agenda items, fiches, speakers and registrants."""
    meeting = MeetingFactory(
        territory=territory, host_organisation=OrganisationFactory(), capacity=500
    )
    meeting.co_organisers.add(OrganisationFactory(), OrganisationFactory())
    items = []
    for n in range(size):
        person = PersonFactory(organisation=OrganisationFactory())
        GovernanceRoleFactory(territory=territory, person=person, role=GovernanceRole.Role.OTHER)
        codes = [f"{prefix}{n}.{i}" for i in range(2)]
        sheets = [(ActionSheetFactory(territory=territory, code=c), person) for c in codes]
        items.append(
            {
                "title": f"Point {n}",
                "start_time": datetime.time(18, n),
                "speakers": [person],
                "sheets": sheets,
            }
        )
        RegistrationFactory(meeting=meeting)
    services.set_agenda(meeting, acting_user=editor, expected_version=1, items=items)
    for n, item in enumerate(items):
        for sheet, _ in item["sheets"]:
            feedback.give_feedback(
                meeting,
                sheet,
                acting_user=None,
                first_name="Claude",
                last_name=f"Avis{n}",
                email=f"avis{n}@{prefix.lower()}.example",
                organisation_name=f"Entreprise {n}",
                interest="ready_to_commit" if n % 2 else "interested",
                needs=["training"],
                commitments=["apprentices"],
                forgotten_topic="Un oubli" if n == 0 else "",
            )
    services.change_meeting_status(meeting, "held", acting_user=editor)
    return meeting


def page(meeting):
    return reverse("meetings:detail", args=[meeting.territory.code, meeting.pk])


def test_meeting_page_queries(sql_snapshot, login, territory, editor):
    meeting = build(territory, editor, 3)
    client = login(editor)
    with sql_snapshot():
        assert client.get(page(meeting)).status_code == 200


def test_meeting_list_queries(sql_snapshot, login, territory, editor):
    build(territory, editor, 2)
    client = login(editor)
    with sql_snapshot():
        response = client.get(reverse("meetings:list", args=[territory.code]))
        assert response.status_code == 200


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_meeting_page_costs_the_same_whatever_its_size(login, territory, editor):
    client = login(editor)
    small, large = build(territory, editor, 2, "A"), build(territory, editor, 12, "B")
    assert count(client, page(small)) == count(client, page(large))


def test_meeting_report_queries(sql_snapshot, login, territory, editor):
    meeting = build(territory, editor, 3)
    client = login(editor)
    with sql_snapshot():
        response = client.get(reverse("meetings:report", args=[territory.code, meeting.pk]))
        assert response.status_code == 200


def test_the_report_costs_the_same_whatever_its_size(login, territory, editor):
    client = login(editor)
    small, large = build(territory, editor, 2, "A"), build(territory, editor, 12, "B")
    report = "meetings:report"
    assert count(client, reverse(report, args=[territory.code, small.pk])) == count(
        client, reverse(report, args=[territory.code, large.pk])
    )
