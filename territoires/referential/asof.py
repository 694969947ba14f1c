"""Territories' programme stages as they stood at a past moment, rebuilt from the recorded
`StageChange`s.

A territory's stage at `moment` is the `to_stage` of its last change at or before it;
without one, the `from_stage` of its first change after it (None: no stage yet); a
territory whose stage never moved through a recorded change keeps its current stage
(decision [0019](../../docs/decisions/0019-figures-as-of-a-date.md)). A territory is in
the programme at `moment` when it was labelled on or before that day (or its label date
is unknown).

One SQL query per read, correlated subqueries on the index (territory, at).
"""

from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.utils import timezone

from .models import StageChange, Territory


def stage_at(moment, territory_ref="pk"):
    """The SQL expression of a territory's stage id at `moment`."""
    changes = StageChange.objects.filter(territory_id=OuterRef(territory_ref))
    before = changes.filter(at__lte=moment)
    after = changes.filter(at__gt=moment)
    return Case(
        When(
            Exists(before),
            then=Subquery(before.order_by("-at", "-id").values("to_stage_id")[:1]),
        ),
        When(
            Exists(after),
            then=Subquery(after.order_by("at", "id").values("from_stage_id")[:1]),
        ),
        default=F("stage_id"),
        output_field=IntegerField(),
    )


def reached_on(moment, stage_ids, territory_ref="pk"):
    """The SQL expression of the first moment, at or before `moment`, the territory moved
    to one of `stage_ids` (None when it had not, or when that move was not recorded)."""
    changes = StageChange.objects.filter(
        territory_id=OuterRef(territory_ref), at__lte=moment, to_stage_id__in=list(stage_ids)
    )
    return Subquery(changes.order_by("at", "id").values("at")[:1])


def territories_as_of(moment, *, territory_ids=None, programme=None):
    """The territories in the programme at `moment` (None: now), each annotated with
    `stage_then_id`."""
    day = timezone.localdate() if moment is None else timezone.localtime(moment).date()
    territories = Territory.objects.filter(Q(labelled_on__isnull=True) | Q(labelled_on__lte=day))
    if programme is not None:
        territories = territories.filter(programme=programme)
    if territory_ids is not None:
        if not isinstance(territory_ids, QuerySet):  # else kept as a subquery
            territory_ids = list(territory_ids)
        territories = territories.filter(pk__in=territory_ids)
    if moment is None or moment >= timezone.now():  # today's rows (plans.asof.is_now)
        return territories.annotate(stage_then_id=F("stage_id"))
    return territories.annotate(stage_then_id=stage_at(moment))


def territory_stage_on(territory, moment):
    """One territory's stage (a programmes.Stage) at `moment`, or None."""
    from territoires.programmes.models import Stage

    stage_id = (
        Territory.objects.filter(pk=territory.pk)
        .annotate(stage_then_id=stage_at(moment))
        .values_list("stage_then_id", flat=True)
        .order_by()
        .first()
    )
    return Stage.objects.filter(pk=stage_id).first() if stage_id else None
