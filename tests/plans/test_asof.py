"""Fiches as of a date: counts by region, axis and status rebuilt from the recorded moves
equal a replay of the same history in Python; fiches created later are not counted;
fiches in the bin then are not counted, restored ones are again; fiches without recorded
moves keep their current status."""

import datetime
import random
from collections import Counter

import pytest
from django.utils import timezone

from territoires.audit.models import AuditEvent
from territoires.core.dates import end_of_day
from territoires.plans import asof, services
from territoires.plans.models import Status, StatusTransition
from territoires.plans.workflow import TRANSITIONS

from ..factories import ActionSheetFactory, RegionFactory, TerritoryFactory

pytestmark = pytest.mark.django_db


def at(day, hour=12):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def end_of(day):
    return end_of_day(day)


def test_a_fiche_s_status_is_the_last_move_at_or_before_the_date(territory):
    sheet = ActionSheetFactory(territory=territory, created_at=at(datetime.date(2019, 3, 1)))
    moves = [
        (Status.DRAFT, Status.PROPOSED, datetime.date(2019, 5, 1)),
        (Status.PROPOSED, Status.PRESENTED, datetime.date(2019, 9, 9)),
        (Status.PRESENTED, Status.VALIDATED, datetime.date(2020, 1, 15)),
    ]
    for source, target, day in moves:
        StatusTransition.objects.create(
            sheet=sheet, from_status=source, to_status=target, at=at(day)
        )
    sheet.status = Status.VALIDATED
    sheet.save()

    assert asof.sheet_status_on(sheet, end_of(datetime.date(2019, 2, 28))) is None
    assert asof.sheet_status_on(sheet, end_of(datetime.date(2019, 4, 30))) == Status.DRAFT
    assert asof.sheet_status_on(sheet, at(datetime.date(2019, 5, 1))) == Status.PROPOSED
    assert asof.sheet_status_on(sheet, end_of(datetime.date(2019, 12, 31))) == Status.PRESENTED
    assert asof.sheet_status_on(sheet, end_of(datetime.date(2026, 1, 1))) == Status.VALIDATED


def test_a_fiche_without_recorded_moves_keeps_its_current_status(territory):
    """Fiches written before moves were recorded (imports, the first version): their
    status then is their status now, from their creation on (decision 0019)."""
    sheet = ActionSheetFactory(
        territory=territory, status=Status.VALIDATED, created_at=at(datetime.date(2019, 6, 1))
    )
    assert asof.sheet_status_on(sheet, end_of(datetime.date(2019, 12, 31))) == Status.VALIDATED
    assert asof.sheet_status_on(sheet, end_of(datetime.date(2019, 5, 31))) is None


def test_moves_made_through_the_service_are_read_back_at_their_dates(territory, editor):
    sheet = ActionSheetFactory(territory=territory, created_at=at(datetime.date(2019, 3, 1)))
    april, july = at(datetime.date(2019, 4, 1)), at(datetime.date(2019, 7, 1))
    services.change_status(sheet, Status.PROPOSED, acting_user=editor, at=april)
    sheet.refresh_from_db()
    services.change_status(sheet, Status.ABANDONED, acting_user=editor, at=july)

    assert asof.sheet_status_on(sheet, end_of(datetime.date(2019, 3, 31))) == Status.DRAFT
    assert asof.sheet_status_on(sheet, end_of(datetime.date(2019, 6, 30))) == Status.PROPOSED
    assert asof.sheet_status_on(sheet, end_of(datetime.date(2019, 7, 1))) == Status.ABANDONED


def test_a_fiche_in_the_bin_then_is_not_counted_and_a_restored_one_is_again(territory, editor):
    sheet = ActionSheetFactory(territory=territory, created_at=at(datetime.date(2019, 3, 1)))
    deleted = services.delete_sheet(sheet, acting_user=editor)
    AuditEvent.objects.filter(object_id=sheet.pk, verb="sheet.deleted").update(
        at=at(datetime.date(2019, 6, 1))
    )
    services.restore_sheet(deleted, acting_user=editor)
    AuditEvent.objects.filter(object_id=sheet.pk, verb="sheet.restored").update(
        at=at(datetime.date(2019, 9, 1))
    )
    gone = ActionSheetFactory(territory=territory, created_at=at(datetime.date(2019, 3, 1)))
    services.delete_sheet(gone, acting_user=editor)  # deleted today
    AuditEvent.objects.filter(object_id=gone.pk, verb="sheet.deleted").update(
        at=at(datetime.date(2020, 6, 1))
    )

    def alive(day):
        return set(asof.sheets_as_of(end_of(day)).values_list("code", flat=True))

    assert alive(datetime.date(2019, 5, 31)) == {sheet.code, gone.code}
    assert alive(datetime.date(2019, 7, 1)) == {gone.code}
    assert alive(datetime.date(2019, 12, 31)) == {sheet.code, gone.code}
    assert alive(datetime.date(2026, 12, 31)) - {sheet.code} == set()


def _random_history(rng, territories, count):
    """Fiches with random moves along the workflow at known dates; some created late,
    some deleted, some without any recorded move. Returns the replayable facts."""
    facts = []
    by_source = {}
    for transition in TRANSITIONS:
        by_source.setdefault(transition.source, []).append(transition.target)
    start = datetime.date(2019, 1, 1)
    for n in range(count):
        territory = rng.choice(territories)
        created = start + datetime.timedelta(days=rng.randint(0, 700))
        axis = rng.choice(list(territory.programme.axes.order_by("position")))
        history = []
        status, day = Status.DRAFT, created
        for _ in range(rng.randint(0, 6)):
            day = day + datetime.timedelta(days=rng.randint(1, 120))
            target = rng.choice(by_source.get(status, [Status.DRAFT]))
            history.append((status, target, at(day, rng.randint(0, 23))))
            status = target
        legacy = not history and rng.random() < 0.5
        if legacy:
            status = rng.choice(Status.values)
        deleted = None
        if rng.random() < 0.1:
            deleted = at(day + datetime.timedelta(days=rng.randint(1, 90)))
        sheet = ActionSheetFactory(
            territory=territory,
            code=f"H{n}",
            axis=axis,
            status=status,
            created_at=at(created, 8),
            deleted_at=deleted,
        )
        StatusTransition.objects.bulk_create(
            StatusTransition(sheet=sheet, from_status=s, to_status=t, at=when)
            for s, t, when in history
        )
        facts.append(
            {
                "region_id": territory.region_id,
                "axis_id": axis.pk,
                "created": at(created, 8),
                "deleted": deleted,
                "history": history,
                "status": status,
            }
        )
    return facts


def _replay(facts, moment):
    """The independent computation: walk each fiche's moves in Python."""
    counts = Counter()
    for fact in facts:
        if fact["created"] > moment or (fact["deleted"] and fact["deleted"] <= moment):
            continue
        if not fact["history"]:
            status = fact["status"]
        else:
            status = fact["history"][0][0]
            for _source, target, when in fact["history"]:
                if when <= moment:
                    status = target
        counts[(fact["region_id"], fact["axis_id"], status)] += 1
    return counts


def test_counts_at_several_dates_equal_a_replay_of_the_history(db):
    rng = random.Random(8)
    regions = [RegionFactory(code=code, name=f"Région {code}") for code in ("11", "44", "84")]
    territories = [TerritoryFactory(code=f"{9100 + n}", region=regions[n % 3]) for n in range(6)]
    facts = _random_history(rng, territories, 120)

    for day in (
        datetime.date(2019, 3, 1),
        datetime.date(2019, 9, 9),
        datetime.date(2019, 12, 31),
        datetime.date(2020, 6, 30),
        datetime.date(2022, 1, 1),
        timezone.localdate(),  # today: the rows as they are, without the history
    ):
        moment = end_of(day)
        rows = asof.sheet_counts_as_of(moment)
        got = Counter({(r["region_id"], r["axis_id"], r["status"]): r["count"] for r in rows})
        assert got == _replay(facts, moment), day
        assert sum(got.values()) > 0 or day == datetime.date(2019, 3, 1)


def test_counts_are_one_query_whatever_the_number_of_fiches(territory, django_assert_num_queries):
    for n in range(30):
        sheet = ActionSheetFactory(territory=territory, code=f"Q{n}")
        StatusTransition.objects.create(
            sheet=sheet, from_status=Status.DRAFT, to_status=Status.PROPOSED
        )
    with django_assert_num_queries(1):
        asof.sheet_counts_as_of(end_of(datetime.date(2030, 1, 1)), territory_ids=[territory.pk])


def test_the_public_count_keeps_the_published_fiches_only(territory):
    ActionSheetFactory(territory=territory, visibility="public")
    ActionSheetFactory(territory=territory, visibility="restricted")
    moment = end_of(datetime.date(2030, 1, 1))
    assert sum(r["count"] for r in asof.sheet_counts_as_of(moment)) == 2
    assert sum(r["count"] for r in asof.sheet_counts_as_of(moment, public_only=True)) == 1


def test_the_territories_may_be_a_queryset_kept_as_a_subquery(territory, django_assert_num_queries):
    from territoires.referential.models import Territory

    ActionSheetFactory(territory=territory)
    ActionSheetFactory()  # another territory
    moment = end_of(datetime.date(2030, 1, 1))
    ids = Territory.objects.filter(code=territory.code).values("pk")
    with django_assert_num_queries(1):
        rows = asof.sheet_counts_as_of(moment, territory_ids=ids)
    assert sum(r["count"] for r in rows) == 1
