"""The exact SQL of Mon espace and of the validation queue (snapshots in snapshots/;
`pytest --snapshot-update` after an intended change), and a query count that does not
grow with the number of fiches, steps, lines, meetings, notifications and events."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from territoires.funding.models import LineStatus
from territoires.plans import services
from territoires.plans.models import Status
from territoires.workspace.models import Follow

from ..factories import (
    ActionSheetFactory,
    FundingLineFactory,
    MeetingFactory,
    PersonFactory,
    SheetEventFactory,
    StepFactory,
)

pytestmark = pytest.mark.django_db


def build(territory, pilot, validator, size, prefix):
    """`size` fiches piloted by `pilot`, each presented, with a late step, a stale request,
    a meeting, an audit event, a notification."""
    person = PersonFactory(user=pilot)
    late = timezone.localdate() - datetime.timedelta(days=5)
    for n in range(size):
        sheet = ActionSheetFactory(
            territory=territory, code=f"{prefix}{n}", status=Status.PRESENTED
        )
        sheet.pilots.add(person)
        StepFactory(sheet=sheet, due_on=late)
        FundingLineFactory(
            sheet=sheet, status=LineStatus.REQUESTED, requested_on=datetime.date(2019, 1, 1)
        )
        MeetingFactory(
            territory=territory, date=timezone.localdate() + datetime.timedelta(days=n + 1)
        )
        SheetEventFactory(sheet=sheet)
        services.change_status(sheet, Status.DRAFT, acting_user=validator, comment="À revoir.")
        sheet2 = ActionSheetFactory(
            territory=territory, code=f"{prefix}b{n}", status=Status.PRESENTED
        )
        Follow.objects.create(user=pilot, sheet=sheet2)


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_my_space_queries_do_not_grow_with_the_data(login, territory, editor, contributor):
    client = login(contributor)
    build(territory, contributor, editor, 2, "A")
    small = count(client, reverse("workspace:index"))
    build(territory, contributor, editor, 12, "B")
    assert count(client, reverse("workspace:index")) == small


def test_the_queue_queries_do_not_grow_with_the_data(login, territory, editor, contributor):
    client = login(editor)
    build(territory, contributor, editor, 2, "A")
    small = count(client, reverse("workspace:queue"))
    build(territory, contributor, editor, 12, "B")
    assert count(client, reverse("workspace:queue")) == small


def test_my_space_page_queries(sql_snapshot, login, territory, editor, contributor):
    build(territory, contributor, editor, 3, "F")
    client = login(contributor)
    with sql_snapshot():
        assert client.get(reverse("workspace:index")).status_code == 200


def test_my_space_page_queries_of_an_editor(sql_snapshot, login, territory, editor, contributor):
    build(territory, contributor, editor, 3, "F")
    client = login(editor)
    with sql_snapshot():
        assert client.get(reverse("workspace:index")).status_code == 200


def test_the_queue_page_queries(sql_snapshot, login, territory, editor, contributor):
    build(territory, contributor, editor, 3, "F")
    client = login(editor)
    with sql_snapshot():
        assert client.get(reverse("workspace:queue") + "?axis=attirer").status_code == 200
