"""Fiches as they stood at a past moment, rebuilt from their recorded status moves.

A fiche existed at `moment` when it was created at or before it and was not in the bin
then (deleted after it or never, and not deleted then restored: the audit log says).
Its status then is read from its `StatusTransition`s:

- the `to_status` of its last move at or before `moment`;
- else the `from_status` of its first move after `moment` (what it was before moving);
- else, for a fiche that never moved (or whose moves predate their recording), its
  current status.

It was published then when its visibility then was public: the `visibility` kept in the
data of its last event at or before `moment` that changed it, else the
`visibility_before` of its first such event after `moment`, else its current visibility
(`history.visibility_state`). The public figures of a past moment count a fiche that was
published then **and is still published now**: a fiche made restricted since is never
counted again in a public figure, even of a day it was public (decision 0019).

For a moment that is now or later (or None: now), the rows as they are today answer (the
services write a move and the status it leads to together), without reading the history:
the dashboards and the bilan of today read the same query.

Decision [0019](../../docs/decisions/0019-figures-as-of-a-date.md). Every read here is one
SQL query with correlated subqueries on the index (sheet, at); no Python loop over fiches.

Signatures stay simple so that the dashboards and the bilan can call them:
`moment` is an aware datetime ("at or before"; `core.dates.end_of_day(day)` for a day),
`territory_ids` an iterable of ids, or a queryset of ids (kept as a subquery: the
dashboards' `figures.territories(filters).values("pk")`), or None (every territory),
`public_only` keeps the fiches published then and still published now. `sheets_as_of` is
a queryset: filter it further (axis, period of creation) before aggregating.
"""

from django.db.models import CharField, Count, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact
from django.utils import timezone

from territoires.audit.models import AuditEvent
from territoires.permissions.visibility import Visibility

from .models import ActionSheet, Status, StatusTransition

SHEET_TYPE = "plans.actionsheet"


def ids_or_subquery(territory_ids):
    """Ids as a list, or a queryset of ids kept as a subquery."""
    return territory_ids if isinstance(territory_ids, QuerySet) else list(territory_ids)


def status_at(moment, sheet_ref="pk"):
    """The SQL expression of a fiche's status at `moment` (the fiche is `OuterRef(sheet_ref)`)."""
    moves = StatusTransition.objects.filter(sheet_id=OuterRef(sheet_ref))
    last_before = moves.filter(at__lte=moment).order_by("-at", "-id").values("to_status")[:1]
    first_after = moves.filter(at__gt=moment).order_by("at", "id").values("from_status")[:1]
    return Coalesce(Subquery(last_before), Subquery(first_after), "status")


def visibility_at(moment, sheet_ref="pk"):
    """The SQL expression of a fiche's visibility at `moment`, read from the events of the
    audit log that changed it (their data keeps it after and before the write)."""
    changes = AuditEvent.objects.filter(
        object_type=SHEET_TYPE, object_id=OuterRef(sheet_ref), data__has_key="visibility"
    )
    last_before = (
        changes.filter(at__lte=moment)
        .order_by("-at", "-id")
        .values(value=KeyTextTransform("visibility", "data"))[:1]
    )
    first_after = (
        changes.filter(at__gt=moment)
        .order_by("at", "id")
        .values(value=KeyTextTransform("visibility_before", "data"))[:1]
    )
    return Coalesce(
        Subquery(last_before), Subquery(first_after), "visibility", output_field=CharField()
    )


BIN_VERBS = ("sheet.deleted", "sheet.restored")


def existing_at(moment, prefix=""):
    """The condition: the fiche existed at `moment`: created at or before it, and not in
    the bin then (not deleted yet, or its last move to or from the bin at or before
    `moment`, read in the audit log, was a restoration). `prefix` reaches the fiche from
    another model ("sheet__")."""
    last_bin_move = (
        AuditEvent.objects.filter(
            object_type=SHEET_TYPE,
            object_id=OuterRef(f"{prefix[:-2]}_id" if prefix else "pk"),
            verb__in=BIN_VERBS,
            at__lte=moment,
        )
        .order_by("-at", "-id")
        .values("verb")[:1]
    )
    return (
        Q(**{f"{prefix}created_at__lte": moment})
        & (Q(**{f"{prefix}deleted_at__isnull": True}) | Q(**{f"{prefix}deleted_at__gt": moment}))
        & ~Q(Exact(Coalesce(Subquery(last_bin_move), Value("")), "sheet.deleted"))
    )


def is_now(moment):
    """`moment` is None (now) or now or later: everything recorded is before it, and the
    rows as they are today are the answer (no history to read)."""
    return moment is None or moment >= timezone.now()


# Neither done nor abandoned: a fiche in one of these statuses is never late.
CLOSED_STATUSES = (Status.DONE, Status.ABANDONED)


def late_on(day):
    """The condition of a fiche late on `day` (`ActionSheet.is_late` on that day), on a
    queryset of `sheets_as_of`: its end date had passed and its status then was neither
    done nor abandoned."""
    return Q(end_date__lt=day) & ~Q(status_then__in=CLOSED_STATUSES)


def sheets_as_of(moment=None, *, territory_ids=None, public_only=False):
    """The fiches that existed at `moment` (None: now, the fiches not in the bin), each
    annotated with `status_then`. The one definition of the fiches a figure counts, read
    by the dashboards (now) and the bilan (now or a past day)."""
    if is_now(moment):
        sheets = ActionSheet.objects.alive()
    else:
        sheets = ActionSheet.objects.filter(existing_at(moment))
    if territory_ids is not None:
        sheets = sheets.filter(territory_id__in=ids_or_subquery(territory_ids))
    if public_only:
        sheets = sheets.filter(visibility=Visibility.PUBLIC)  # published now
        if not is_now(moment):  # and then
            sheets = sheets.alias(visibility_then=visibility_at(moment)).filter(
                visibility_then=Visibility.PUBLIC
            )
    return sheets.annotate(status_then=F("status") if is_now(moment) else status_at(moment))


def counts(sheets, *, late_day=None):
    """A queryset of `sheets_as_of` counted by region, axis and status then: a list of
    dicts {"region_id", "axis_id", "status", "count", "late"} (late on `late_day`; 0
    without one), in one aggregate query."""
    late = {"late": Count("id", filter=late_on(late_day))} if late_day else {}
    rows = (
        sheets.order_by()
        .values("territory__region_id", "axis_id", "status_then")
        .annotate(count=Count("id"), **late)
        .order_by("territory__region_id", "axis_id", "status_then")
    )
    return [
        {
            "region_id": row["territory__region_id"],
            "axis_id": row["axis_id"],
            "status": row["status_then"],
            "count": row["count"],
            "late": row.get("late", 0),
        }
        for row in rows
    ]


def sheet_counts_as_of(moment=None, *, territory_ids=None, public_only=False):
    """How many fiches existed at `moment`, by region, axis and status then (`counts`)."""
    return counts(sheets_as_of(moment, territory_ids=territory_ids, public_only=public_only))


def sheet_status_on(sheet, moment):
    """One fiche's status at `moment`, or None when it did not exist then."""
    return (
        sheets_as_of(moment)
        .filter(pk=sheet.pk)
        .values_list("status_then", flat=True)
        .order_by()
        .first()
    )
