"""Financing lines as they stood at a past moment: their status from the recorded
`FundingTransition`s, their amount from the audit log.

A line counts at `moment` when it was created at or before it and its fiche existed then
(`plans.asof.existing_at`). Its status then is the `to_status` of its last move at or
before `moment`, else the `from_status` of its first move after it, else its current
status. Its amount then is the amount of its last audit event at or before `moment`
(every line event keeps the line's amount and status, and its amount before the write, in
its data: `financing.line_state`), else the amount before its first event after it, else
its current amount (lines written before events kept them). Decision
[0019](../../docs/decisions/0019-figures-as-of-a-date.md).

Every read is one aggregate SQL query with correlated subqueries on the indexes
(line, at) and (object_type, object_id, at) of the audit log; no Python loop over lines.
`moment` is an aware datetime, `territory_ids` ids or None (every territory).
"""

from decimal import Decimal

from django.db.models import Count, DecimalField, F, OuterRef, Q, Subquery, Sum
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce

from territoires.audit.models import AuditEvent
from territoires.plans.asof import existing_at, ids_or_subquery, is_now

from .models import COMMITTED_STATUSES, FundingLine, FundingTransition, LineStatus

ZERO = Decimal(0)
MONEY = DecimalField(max_digits=16, decimal_places=2)
LINE_TYPE = "funding.fundingline"
REQUESTED_STATUSES = (LineStatus.REQUESTED, LineStatus.GRANTED, LineStatus.PAID)


def line_status_at(moment, line_ref="pk"):
    """The SQL expression of a line's status at `moment`."""
    moves = FundingTransition.objects.filter(line_id=OuterRef(line_ref))
    last_before = moves.filter(at__lte=moment).order_by("-at", "-id").values("to_status")[:1]
    first_after = moves.filter(at__gt=moment).order_by("at", "id").values("from_status")[:1]
    return Coalesce(Subquery(last_before), Subquery(first_after), "status")


def line_amount_at(moment, line_ref="pk"):
    """The SQL expression of a line's amount at `moment`, read from the audit log: the
    amount after its last event at or before `moment`, else the amount before its first
    event after it, else its current amount."""
    events = AuditEvent.objects.filter(object_type=LINE_TYPE, object_id=OuterRef(line_ref))
    last = (
        events.filter(at__lte=moment, data__has_key="amount")
        .order_by("-at", "-id")
        .values(amount=KeyTextTransform("amount", "data"))[:1]
    )
    first_after = (
        events.filter(at__gt=moment, data__has_key="amount_before")
        .order_by("at", "id")
        .values(amount=KeyTextTransform("amount_before", "data"))[:1]
    )
    return Coalesce(
        Cast(Subquery(last), MONEY),
        Cast(Subquery(first_after), MONEY),
        F("amount"),
        output_field=MONEY,
    )


def lines_as_of(moment, *, territory_ids=None):
    """The lines that existed at `moment`, annotated with `status_then` and `amount_then`."""
    lines = FundingLine.objects.filter(created_at__lte=moment)
    if is_now(moment):
        lines = lines.filter(sheet__deleted_at__isnull=True, sheet__created_at__lte=moment)
    else:
        lines = lines.filter(existing_at(moment, "sheet__"))
    if territory_ids is not None:
        lines = lines.filter(sheet__territory_id__in=ids_or_subquery(territory_ids))
    if is_now(moment):
        return lines.annotate(status_then=F("status"), amount_then=F("amount"))
    return lines.annotate(status_then=line_status_at(moment), amount_then=line_amount_at(moment))


def _totals(lines, *group):
    committed = Q(status_then__in=COMMITTED_STATUSES)
    return lines.values(*group).annotate(
        lines=Count("id"),
        considered=Coalesce(
            Sum("amount_then", filter=Q(status_then=LineStatus.CONSIDERED)),
            ZERO,
            output_field=MONEY,
        ),
        requested=Coalesce(
            Sum("amount_then", filter=Q(status_then__in=REQUESTED_STATUSES)),
            ZERO,
            output_field=MONEY,
        ),
        committed=Coalesce(Sum("amount_then", filter=committed), ZERO, output_field=MONEY),
        paid=Coalesce(
            Sum("amount_then", filter=Q(status_then=LineStatus.PAID)), ZERO, output_field=MONEY
        ),
        funded_sheets=Count("sheet_id", distinct=True, filter=committed),
    )


def commitments_as_of(moment, *, territory_ids=None):
    """The money at `moment` by region and axis of the fiches: a list of dicts
    {"region_id", "axis_id", "lines", "considered", "requested", "committed", "paid",
    "funded_sheets"} (engagé: accordé or versé; funded_sheets: fiches with at least one
    committed line), in one aggregate query. A fiche has one region and one axis, so
    `funded_sheets` adds up across rows."""
    lines = lines_as_of(moment, territory_ids=territory_ids)
    rows = _totals(lines, "sheet__territory__region_id", "sheet__axis_id").order_by(
        "sheet__territory__region_id", "sheet__axis_id"
    )
    return [
        {
            "region_id": row.pop("sheet__territory__region_id"),
            "axis_id": row.pop("sheet__axis_id"),
            **row,
        }
        for row in rows
    ]


def commitments_by_financer_as_of(moment, *, territory_ids=None):
    """The same totals by financer (its name), the largest commitment first."""
    lines = lines_as_of(moment, territory_ids=territory_ids)
    rows = _totals(lines, "financer_id", "financer__name").order_by(
        "-committed", "-requested", "financer__name", "financer_id"
    )
    return [{"financer": row.pop("financer__name"), **row} for row in rows]
