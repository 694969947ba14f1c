"""On generated data (the 148 real territories, a twentieth of the fiches, their recorded
lives): the fiches' counts as of past dates, and the bilan's, equal a replay of the same
history written independently in Python (issue 8: figures equal independent counts, today
and as of a past date)."""

import datetime
from collections import Counter

import pytest

from territoires.audit.models import AuditEvent
from territoires.core.dates import end_of_day
from territoires.plans import asof
from territoires.plans.models import ActionSheet, Status, StatusTransition
from territoires.steering.bilan import bilan_as_of

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.shared_data,
    pytest.mark.usefixtures("needs_shared_data"),
]

DAYS = [datetime.date(2019, 12, 31), datetime.date(2021, 6, 30), datetime.date(2030, 1, 1)]


def replay(moment, public=False):
    """Counts by (axis, status) at `moment`, read row by row: each fiche's moves in order,
    its bin events, its creation; `public`: published then (the `changes` of its events
    that changed its visibility, in order) and now."""
    moves = {}
    for move in StatusTransition.objects.order_by("sheet_id", "at", "id"):
        moves.setdefault(move.sheet_id, []).append(move)
    published = {}
    for event in AuditEvent.objects.filter(
        object_type="plans.actionsheet", verb="sheet.updated"
    ).order_by("at", "id"):
        for change in event.changes:
            if change["field"] == "visibility" and change["old"]:
                if event.at <= moment:
                    published[event.object_id] = change["new"] == "public"
                else:
                    published.setdefault(event.object_id, change["old"] == "public")
    binned = {}
    for event in AuditEvent.objects.filter(
        object_type="plans.actionsheet", verb__in=["sheet.deleted", "sheet.restored"]
    ).order_by("at", "id"):
        if event.at <= moment:
            binned[event.object_id] = event.verb == "sheet.deleted"
    counts = Counter()
    for sheet in ActionSheet.objects.order_by("pk"):
        if sheet.created_at > moment or binned.get(sheet.pk):
            continue
        if sheet.deleted_at and sheet.deleted_at <= moment:
            continue
        if public and not (sheet.is_public and published.get(sheet.pk, sheet.is_public)):
            continue
        history = moves.get(sheet.pk, [])
        status = history[0].from_status if history else sheet.status
        for move in history:
            if move.at <= moment:
                status = move.to_status
        counts[(sheet.axis_id, status)] += 1
    return counts


def test_counts_as_of_past_dates_equal_a_replay_of_the_generated_history(generated):
    for day in DAYS:
        moment = end_of_day(day)
        got = Counter()
        for row in asof.sheet_counts_as_of(moment):
            got[(row["axis_id"], row["status"])] += row["count"]
        assert got == replay(moment), day
    assert sum(got.values()) == ActionSheet.objects.alive().count()


def test_public_counts_as_of_past_dates_equal_a_replay_of_the_generated_history(generated):
    for day in DAYS:
        moment = end_of_day(day)
        got = Counter()
        for row in asof.sheet_counts_as_of(moment, public_only=True):
            got[(row["axis_id"], row["status"])] += row["count"]
        assert got == replay(moment, public=True), day
        assert sum(got.values()) > 0


def test_the_bilan_s_actions_equal_the_replay(generated):
    moment = end_of_day(DAYS[0])
    expected = replay(moment)
    bilan = bilan_as_of(DAYS[0])
    assert bilan.total.actions == sum(
        n for (_axis, status), n in expected.items() if status != Status.ABANDONED
    )
    assert bilan.total.actions > 0
