"""Financing lines as they stood at a past moment: their status from the recorded
`FundingTransition`s, their amount from the audit log.

A line counts at `moment` when it was created at or before it and its fiche existed then
(`plans.asof.existing_at`). Its status then is the `to_status` of its last move at or
before `moment`, else the `from_status` of its first move after it, else its current
status. Its amount then is the amount of its last audit event at or before `moment`
(every line event keeps the line's amount and status, and its amount before the write, in
its data: `financing.line_state`), else the amount before its first event after it, else
its current amount (lines written before events kept them). A line removed since is read
from the audit log alone (`removed_lines_as_of`). Decision
[0019](../../docs/decisions/0019-figures-as-of-a-date.md).

Every read is a fixed number of aggregate SQL queries (one for the lines, one for those
removed since, one for the funded fiches) with correlated subqueries on the indexes
(line, at) and (object_type, object_id, at) of the audit log; no Python loop over lines.
`moment` is an aware datetime, `territory_ids` ids or None (every territory).
"""

from decimal import Decimal

from django.db.models import Count, DecimalField, F, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce

from territoires.audit.models import AuditEvent
from territoires.plans.asof import existing_at, ids_or_subquery, is_now
from territoires.plans.models import ActionSheet

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


def lines_as_of(moment=None, *, territory_ids=None):
    """The lines that existed at `moment` (None: now, the lines of the fiches not in the
    bin), annotated with `status_then` and `amount_then`: the one definition of the lines
    a figure counts, read by the dashboards (now) and the bilan."""
    if is_now(moment):
        lines = FundingLine.objects.filter(sheet__deleted_at__isnull=True)
    else:
        lines = FundingLine.objects.filter(created_at__lte=moment)
        lines = lines.filter(existing_at(moment, "sheet__"))
    if territory_ids is not None:
        lines = lines.filter(sheet__territory_id__in=ids_or_subquery(territory_ids))
    if is_now(moment):
        return lines.annotate(status_then=F("status"), amount_then=F("amount"))
    return lines.annotate(status_then=line_status_at(moment), amount_then=line_amount_at(moment))


def removed_lines_as_of(moment, *, territory_ids=None):
    """The lines that existed at `moment` and were removed since, read from the audit log
    alone (the rows are gone): their removal events, annotated with `sheet_then` (the
    fiche's id), `status_then` and `amount_then` (from their last event at or before
    `moment`), `financer_then` (its label) and the fiche's `region_id` and `axis_id`. A
    line whose events before `moment` keep no status (written before they did) is left
    out. Empty for a moment now or later."""
    if is_now(moment):
        return AuditEvent.objects.none()
    earlier = AuditEvent.objects.filter(
        object_type=LINE_TYPE, object_id=OuterRef("object_id"), at__lte=moment
    ).filter(data__has_key="status")
    earlier = earlier.order_by("-at", "-id")
    sheets = ActionSheet.objects.filter(pk=OuterRef("sheet_then")).filter(existing_at(moment))
    if territory_ids is not None:
        sheets = sheets.filter(territory_id__in=ids_or_subquery(territory_ids))
    return (
        AuditEvent.objects.filter(object_type=LINE_TYPE, verb="funding.line_removed", at__gt=moment)
        .annotate(
            sheet_then=Cast(KeyTextTransform("id", "data__sheet"), IntegerField()),
            status_then=Subquery(earlier.values(value=KeyTextTransform("status", "data"))[:1]),
            amount_then=Cast(
                Subquery(earlier.values(value=KeyTextTransform("amount", "data"))[:1]), MONEY
            ),
            financer_then=KeyTextTransform("label", "data__financer"),
        )
        .annotate(
            region_id=Subquery(sheets.values("territory__region_id")[:1]),
            axis_id=Subquery(sheets.values("axis_id")[:1]),
        )
        .filter(status_then__isnull=False, region_id__isnull=False)
    )


def _totals(lines, *group, sheet="sheet_id"):
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
        funded_sheets=Count(sheet, distinct=True, filter=committed),
    )


def _add(rows, key, more):
    """Add the totals of `more` (dicts) to `rows` (dicts), matched by `key`."""
    by_key = {key(row): row for row in rows}
    for extra in more:
        row = by_key.get(key(extra))
        if row is None:
            rows.append(extra)
            by_key[key(extra)] = extra
            continue
        for name in ("lines", "considered", "requested", "committed", "paid", "funded_sheets"):
            row[name] += extra[name]
    return rows


def commitments_as_of(moment, *, territory_ids=None):
    """The money at `moment` by region and axis of the fiches: a list of dicts
    {"region_id", "axis_id", "lines", "considered", "requested", "committed", "paid",
    "funded_sheets"} (engagé: accordé or versé; funded_sheets: fiches with at least one
    committed line), in three aggregate queries: the lines, the lines removed since
    (`removed_lines_as_of`), the funded fiches of both. A fiche has one region and one
    axis, so `funded_sheets` adds up across rows."""
    lines = lines_as_of(moment, territory_ids=territory_ids)
    rows = _totals(lines, "sheet__territory__region_id", "sheet__axis_id").order_by(
        "sheet__territory__region_id", "sheet__axis_id"
    )
    rows = [
        {
            "region_id": row.pop("sheet__territory__region_id"),
            "axis_id": row.pop("sheet__axis_id"),
            **row,
        }
        for row in rows
    ]
    if is_now(moment):
        return rows
    removed = removed_lines_as_of(moment, territory_ids=territory_ids)
    more = _totals(removed, "region_id", "axis_id", sheet="sheet_then").order_by(
        "region_id", "axis_id"
    )
    rows = _add(rows, lambda row: (row["region_id"], row["axis_id"]), list(more))
    committed = Q(status_then__in=COMMITTED_STATUSES)
    funded = (
        ActionSheet.objects.filter(
            Q(pk__in=lines.filter(committed).values("sheet_id"))
            | Q(pk__in=removed.filter(committed).values("sheet_then"))
        )
        .values("territory__region_id", "axis_id")
        .annotate(n=Count("id"))
        .order_by("territory__region_id", "axis_id")
    )
    counts = {(f["territory__region_id"], f["axis_id"]): f["n"] for f in funded}
    for row in rows:
        row["funded_sheets"] = counts.get((row["region_id"], row["axis_id"]), 0)
    return sorted(rows, key=lambda row: (row["region_id"], row["axis_id"]))


def commitments_by_financer_as_of(moment, *, territory_ids=None):
    """The same totals by financer (its name), the largest commitment first; the lines
    removed since count under their financer's name then (a fiche with a line of the same
    financer still there and one removed, both committed then, counts twice in
    `funded_sheets` here, never in `commitments_as_of`)."""
    lines = lines_as_of(moment, territory_ids=territory_ids)
    rows = _totals(lines, "financer_id", "financer__name").order_by(
        "-committed", "-requested", "financer__name", "financer_id"
    )
    rows = [{"financer": row.pop("financer__name"), **row} for row in rows]
    if is_now(moment):
        return rows
    removed = removed_lines_as_of(moment, territory_ids=territory_ids)
    more = _totals(removed, "financer_then", sheet="sheet_then").order_by("financer_then")
    more = [{"financer": row.pop("financer_then") or "", **row} for row in more]
    rows = _add(rows, lambda row: row["financer"], more)
    return sorted(rows, key=lambda row: (-row["committed"], -row["requested"], row["financer"]))
