"""The exact SQL of the meeting pages (snapshots in snapshots/; `pytest --snapshot-update`
after an intended change), and a count that does not grow with the agenda or the
registrations."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from territoires.meetings import feedback, services
from territoires.meetings.models import Registration, SheetFeedback
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


def at_scale(territory, editor, registrants, sheets, answers):
    """A meeting with `registrants` registrations and `sheets` fiches of `answers` feedback
    each, written in bulk (the services are tested elsewhere)."""
    meeting = MeetingFactory(territory=territory, capacity=None)
    presented = [
        (ActionSheetFactory(territory=territory, code=f"S{len(str(answers))}.{n}"), None)
        for n in range(sheets)
    ]
    services.set_agenda(
        meeting,
        acting_user=editor,
        expected_version=1,
        items=[{"title": "Les fiches", "sheets": presented}],
    )
    Registration.objects.bulk_create(
        Registration(
            meeting=meeting,
            first_name="Claude",
            last_name=f"Inscrit{n}",
            email=f"inscrit{n}@{answers}.example",
            organisation_name=f"Entreprise {n}",
            status="attended" if n % 2 else "registered",
            token=f"{meeting.pk}-{n}",
        )
        for n in range(registrants)
    )
    SheetFeedback.objects.bulk_create(
        SheetFeedback(
            meeting=meeting,
            sheet=sheet,
            first_name="Claude",
            last_name=f"Avis{n}",
            email=f"avis{n}@{answers}.example",
            organisation_name=f"Entreprise {n}",
            interest=("not_concerned", "interested", "ready_to_commit")[n % 3],
            needs=["training", "recruitment"][: n % 3],
            commitments=["apprentices"] if n % 3 == 2 else [],
            forgotten_topic="Un oubli" if n == 0 else "",
        )
        for sheet, _ in presented
        for n in range(answers)
    )
    return meeting


@pytest.mark.parametrize("name", ["meetings:detail", "meetings:report"])
def test_200_registrants_and_15_fiches_of_100_answers_cost_what_a_small_meeting_costs(
    login, territory, editor, name
):
    client = login(editor)
    small = at_scale(territory, editor, registrants=2, sheets=2, answers=2)
    large = at_scale(territory, editor, registrants=200, sheets=15, answers=100)
    assert count(client, reverse(name, args=[territory.code, small.pk])) == count(
        client, reverse(name, args=[territory.code, large.pk])
    )
    body = client.get(reverse(name, args=[territory.code, large.pk])).content.decode()
    assert "Prêt à s&#x27;engager : 33" in body
