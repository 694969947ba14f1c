"""The programme's current figures, read by the dashboards (national, regional,
territorial), their lists and CSV files, the API and the bilan.

Every figure is an aggregate SQL query over the live tables: its cost does not depend on
the number of territories or fiches, and the page runs a fixed number of queries. The
figures of a past date are read from `plans.asof`, `funding.asof`, `referential.asof`
(decision 0019); the bilan combines both with the same `Filters`.

- `Filters`: the perimeter and the slice asked for (region, department, phase, territory,
  axis, period), as the dashboards' GET parameters;
- `Perimeter`: whether the reader counts every fiche, the money and the fragility
  (`complete`), or the published fiches only (the public version): `perimeter_for`
  asks the policy (`permissions/steering.py`);
- the reads: `territories`, `sheets`, `committed_lines` (the querysets behind every
  figure and its list), `stage_counts`, `sheet_counts`, `commitments_by_financer`,
  `commitment_totals`, `fragile_territories`, `recent_activity`, `progress`;
- `dashboard`: all of them for one page.

Definitions: a fiche counts when it is live (not in the bin), of a territory of the
perimeter, of the axis asked, created in the period; late (en retard): its end date has
passed and it is neither done nor abandoned (`ActionSheet.is_late`); a firm commitment
(engagement): a financing line accordé or versé; the period filters the fiches by their
creation day and the recent activity by its day, never the territories' stages (read
today).
"""

import datetime
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, DecimalField, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from territoires.core.dates import end_of_day
from territoires.funding.models import COMMITTED_STATUSES, FundingLine
from territoires.permissions import policy_for
from territoires.plans import asof as plans_asof
from territoires.plans.models import Status, StatusTransition
from territoires.programmes.models import Target
from territoires.referential.models import Department, StageChange, Territory

ZERO = Decimal(0)
MONEY = DecimalField(max_digits=16, decimal_places=2)
FRAGILE_SHOWN = 20
ACTIVITY_SHOWN = 10


@dataclass(frozen=True)
class Filters:
    """What a dashboard shows: codes (empty: all), a period of creation days (None: open).

    `territory` is set by the territorial dashboard, `region` by the regional one."""

    region: str = ""
    department: str = ""
    phase: str = ""
    territory: str = ""
    axis: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None

    @property
    def is_geographic(self):
        return bool(self.region or self.department or self.phase or self.territory)

    def params(self, **extra):
        """The filters as GET parameters (the non-empty ones), with `extra`."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(extra)
        return {
            name: value.isoformat() if isinstance(value, datetime.date) else str(value)
            for name, value in values.items()
            if value not in ("", None)
        }

    def query(self, **extra):
        """The filters as a query string, "?region=44&axis=recruter" (or "")."""
        params = self.params(**extra)
        return "?" + urlencode(params) if params else ""

    def but(self, **changes):
        return replace(self, **changes)


@dataclass(frozen=True)
class Perimeter:
    """Whether the figures count every fiche, the money and the fragility (complete) or
    the published fiches only (the public version)."""

    complete: bool = False


def perimeter_for(user, filters):
    """The reader's perimeter: complete when they read every territory of the filters
    (one query for the territories' ids, none for who reads everything)."""
    policy = policy_for(user)
    if policy.reads_everything:
        return Perimeter(complete=True)
    if not filters.is_geographic or not policy.is_authenticated:
        return Perimeter(complete=False)
    ids = territories(filters).order_by().values_list("pk", flat=True)
    return Perimeter(complete=policy.reads_whole_perimeter(ids))


# The querysets behind the figures ---------------------------------------------------


def territories(filters):
    """The territories of the filters' region, department, phase and territory."""
    queryset = Territory.objects.all()
    if filters.region:
        queryset = queryset.filter(region__code=filters.region)
    if filters.department:
        queryset = queryset.filter(
            pk__in=Territory.departments.through.objects.filter(
                department__code=filters.department
            ).values("territory_id")
        )
    if filters.phase:
        queryset = queryset.filter(phase=filters.phase)
    if filters.territory:
        queryset = queryset.filter(code=filters.territory)
    return queryset


def _period(queryset, filters, name):
    if filters.since:
        start = timezone.make_aware(datetime.datetime.combine(filters.since, datetime.time.min))
        queryset = queryset.filter(**{f"{name}__gte": start})
    if filters.until:
        queryset = queryset.filter(**{f"{name}__lte": end_of_day(filters.until)})
    return queryset


def sheets(filters, perimeter, moment=None):
    """The fiches counted at `moment` (None: now): live then (`plans.asof.sheets_as_of`,
    the one definition the bilan reads too), of the filters' territories and axis,
    created in the period; published then and now only for the public version. Each is
    annotated with its `status_then`."""
    queryset = plans_asof.sheets_as_of(
        moment,
        territory_ids=territories(filters).values("pk") if filters.is_geographic else None,
        public_only=not perimeter.complete,
    )
    if filters.axis:
        queryset = queryset.filter(axis__code=filters.axis)
    return _period(queryset, filters, "created_at")


def late(today=None):
    """The condition of a late fiche (`ActionSheet.is_late`) on a queryset of `sheets`."""
    return plans_asof.late_on(today or timezone.localdate())


def committed_lines(filters, perimeter):
    """The financing lines accordé or versé of the counted fiches (none for the public
    version: financing plans are not published)."""
    if not perimeter.complete:
        return FundingLine.objects.none()
    return FundingLine.objects.filter(
        status__in=COMMITTED_STATUSES, sheet__in=sheets(filters, perimeter).values("pk")
    )


# The figures -------------------------------------------------------------------------


@dataclass
class Row:
    """One bar of a figure: its label, its value, its share of the total (percent), the
    address of the list behind it, and a key for the CSV and the map."""

    key: str
    label: str
    count: int = 0
    share: float | None = None
    url: str = ""
    amount: Decimal | None = None
    extra: dict = field(default_factory=dict)


def _shares(rows, total):
    for row in rows:
        row.share = round(row.count * 100 / total, 1) if total else None
    return rows


def stage_counts(filters, stages):
    """{stage id (None: no stage yet): (territories, fragile ones)}, in one query."""
    rows = (
        territories(filters)
        .order_by()
        .values("stage_id")
        .annotate(count=Count("id"), fragile=Count("id", filter=Q(is_fragile=True)))
    )
    return {row["stage_id"]: (row["count"], row["fragile"]) for row in rows}


def sheet_counts(filters, perimeter, today=None, *, moment=None, with_late=True):
    """The counted fiches at `moment` (None: now) by region, axis and status then, with
    the late ones (late on `today`, else the day of `moment`; 0 without `with_late`): a
    list of dicts {"region_id", "axis_id", "status", "count", "late"}, in one aggregate
    query. The dashboards and the bilan count with it."""
    day = today or (timezone.localtime(moment).date() if moment else timezone.localdate())
    return plans_asof.counts(
        sheets(filters, perimeter, moment), late_day=day if with_late else None
    )


def commitments_by_financer(filters, perimeter):
    """The committed money by financer: dicts {"financer_id", "financer", "amount",
    "sheets", "lines"}, the largest first, in one aggregate query."""
    rows = (
        committed_lines(filters, perimeter)
        .order_by()
        .values("financer_id", "financer__name")
        .annotate(
            amount=Coalesce(Sum("amount"), ZERO, output_field=MONEY),
            sheets=Count("sheet_id", distinct=True),
            lines=Count("id"),
        )
        .order_by("-amount", "financer__name", "financer_id")
    )
    return [{"financer": row.pop("financer__name"), **row} for row in rows]


def commitment_totals(filters, perimeter):
    """{"amount": committed money, "sheets": fiches with a firm commitment}, one query."""
    return committed_lines(filters, perimeter).aggregate(
        amount=Coalesce(Sum("amount"), ZERO, output_field=MONEY),
        sheets=Count("sheet_id", distinct=True),
    )


def fragile_territories(filters, perimeter, limit=FRAGILE_SHOWN):
    """The first fragile territories with their reason (none for the public version)."""
    if not perimeter.complete:
        return []
    return list(
        territories(filters)
        .filter(is_fragile=True)
        .select_related("region", "stage")
        .order_by("region__name", "code")[:limit]
    )


@dataclass
class Activity:
    at: datetime.datetime
    kind: str  # "sheet" or "stage"
    object: object
    before: str
    after: str


def recent_activity(filters, perimeter, limit=ACTIVITY_SHOWN):
    """The last status moves of the counted fiches and stage moves of the territories,
    newest first, in two queries (who and why are left out: the public version shows it
    too)."""
    moves = _period(
        StatusTransition.objects.filter(sheet__in=sheets(filters, perimeter).values("pk")),
        filters,
        "at",
    ).select_related("sheet__territory")
    stage_moves = StageChange.objects.select_related("territory", "from_stage", "to_stage")
    if filters.is_geographic:
        stage_moves = stage_moves.filter(territory__in=territories(filters).values("pk"))
    stage_moves = _period(stage_moves, filters, "at")
    labels = dict(Status.choices)
    items = [
        Activity(m.at, "sheet", m.sheet, labels.get(m.from_status, ""), labels[m.to_status])
        for m in moves.order_by("-at", "-id")[:limit]
    ] + [
        Activity(
            c.at, "stage", c.territory, c.from_stage.name if c.from_stage else "", c.to_stage.name
        )
        for c in stage_moves.order_by("-at", "-id")[:limit]
    ]
    items.sort(key=lambda item: item.at, reverse=True)
    return items[:limit]


@dataclass
class Progress:
    target: Target
    reached: Decimal

    @property
    def percent(self):
        if not self.target.value:
            return None
        return min(int(self.reached * 100 / self.target.value), 100)


def progress(targets, *, stages, by_stage, sheet_total, commitments, perimeter):
    """Each target of the programme with what the figures reach toward it (the money
    targets only in the complete version)."""
    position = {stage.pk: stage.position for stage in stages}
    reached = {
        Target.Metric.ACTION_SHEETS: Decimal(sheet_total),
    }
    if perimeter.complete:
        reached[Target.Metric.AMOUNT_COMMITTED] = commitments["amount"]
        reached[Target.Metric.ACTION_SHEETS_FUNDED] = Decimal(commitments["sheets"])
    result = []
    for target in targets:
        if target.metric == Target.Metric.TERRITORIES_AT_STAGE and target.stage_id:
            floor = position.get(target.stage_id, 0)
            count = sum(
                n
                for stage_id, (n, _fragile) in by_stage.items()
                if stage_id is not None and position.get(stage_id, -1) >= floor
            )
            result.append(Progress(target, Decimal(count)))
        elif target.metric in reached:
            result.append(Progress(target, reached[target.metric]))
    return result


def department_counts(filters, perimeter):
    """{department code: (name, territories, fiches)} for the maps and their table: a
    territory (and its fiches) counts in each of its departments; two aggregate queries."""
    links = (
        Territory.departments.through.objects.filter(territory__in=territories(filters))
        .order_by()
        .values("department__code", "department__name")
        .annotate(n=Count("territory_id"))
        .values_list("department__code", "department__name", "n")
    )
    result = {code: [name, n, 0] for code, name, n in links}
    per_department = (
        sheets(filters, perimeter)
        .filter(territory__departments__isnull=False)
        .order_by()
        .values("territory__departments__code")
        .annotate(n=Count("id"))
        .values_list("territory__departments__code", "n")
    )
    for code, n in per_department:
        result.setdefault(code, [code, 0, 0])[2] = n
    return {code: tuple(counts) for code, counts in result.items()}


def department_regions():
    """{department code: region code}, for drawing regions with the departments' outlines."""
    return dict(Department.objects.order_by("code").values_list("code", "region__code"))


# One page's figures -------------------------------------------------------------------


@dataclass
class Dashboard:
    filters: Filters
    perimeter: Perimeter
    territory_total: int = 0
    sheet_total: int = 0
    late_total: int = 0
    fragile_total: int = 0
    by_stage: list = field(default_factory=list)
    by_axis: list = field(default_factory=list)
    by_status: list = field(default_factory=list)
    by_region: list = field(default_factory=list)
    by_financer: list = field(default_factory=list)
    commitments: dict = field(default_factory=dict)
    progress: list = field(default_factory=list)
    fragile: list = field(default_factory=list)
    activity: list = field(default_factory=list)
    links: dict = field(default_factory=dict)


def dashboard(filters, perimeter, *, programme, axes, stages, regions, links):
    """Every figure of a dashboard page. `axes`, `stages` and `regions` are the lists
    shown (read once by the caller); `links` makes the address of the list behind a
    figure: `links(kind, **params)` with kind "sheets" or "territories"."""
    by_stage = stage_counts(filters, stages)
    counts = sheet_counts(filters, perimeter)
    board = Dashboard(filters=filters, perimeter=perimeter)
    board.territory_total = sum(n for n, _fragile in by_stage.values())
    board.sheet_total = sum(row["count"] for row in counts)
    board.late_total = sum(row["late"] for row in counts)

    stage_rows = [
        Row(
            stage.code,
            stage.name,
            by_stage.get(stage.pk, (0, 0))[0],
            url=links("territories", stage=stage.code),
        )
        for stage in stages
    ]
    if by_stage.get(None, (0, 0))[0]:
        stage_rows.insert(
            0,
            Row("", "Étape non renseignée", by_stage[None][0], url=links("territories", stage="-")),
        )
    board.by_stage = _shares(stage_rows, board.territory_total)

    def totals(key):
        result = {}
        for row in counts:
            result[row[key]] = result.get(row[key], 0) + row["count"]
        return result

    per_axis, per_status, per_region = totals("axis_id"), totals("status"), totals("region_id")
    board.by_axis = _shares(
        [
            Row(a.code, a.name, per_axis.get(a.pk, 0), url=links("sheets", axis=a.code))
            for a in axes
        ],
        board.sheet_total,
    )
    board.by_status = _shares(
        [
            Row(value, label, per_status.get(value, 0), url=links("sheets", status=value))
            for value, label in Status.choices
        ],
        board.sheet_total,
    )
    territories_by_region = dict(
        territories(filters)
        .order_by()
        .values("region_id")
        .annotate(n=Count("id"))
        .values_list("region_id", "n")
    )
    board.by_region = [
        Row(
            region.code,
            region.name,
            per_region.get(region.pk, 0),
            url=links("sheets", region=region.code),
            extra={"territories": territories_by_region.get(region.pk, 0)},
        )
        for region in regions
    ]
    if perimeter.complete:
        board.commitments = commitment_totals(filters, perimeter)
        board.by_financer = [
            Row(
                str(row["financer_id"]),
                row["financer"],
                row["sheets"],
                amount=row["amount"],
                url=links("sheets", financer=row["financer_id"]),
            )
            for row in commitments_by_financer(filters, perimeter)
        ]
        board.fragile_total = sum(fragile for _n, fragile in by_stage.values())
        board.fragile = fragile_territories(filters, perimeter)
    else:
        board.commitments = {"amount": ZERO, "sheets": 0}
    if programme is not None:
        board.progress = progress(
            list(programme.targets.select_related("stage").order_by("due_on", "label")),
            stages=stages,
            by_stage=by_stage,
            sheet_total=board.sheet_total,
            commitments=board.commitments,
            perimeter=perimeter,
        )
    board.activity = recent_activity(filters, perimeter)
    board.links = {
        "sheets": links("sheets"),
        "territories": links("territories"),
        "late": links("sheets", late=1),
        "committed": links("sheets", committed=1),
        "fragile": links("territories", fragile=1),
    }
    return board


# The lists behind the figures ----------------------------------------------------------


def sheet_list(filters, perimeter, *, status="", is_late=False, committed=False, financer=None):
    """The counted fiches behind a figure (a status, the late ones, those with a firm
    commitment, of one financer), with their territory and axis, in the programme's order.
    Commitments narrow nothing in the public version: they are never shown there."""
    queryset = sheets(filters, perimeter)
    if status:
        queryset = queryset.filter(status_then=status)
    if is_late:
        queryset = queryset.filter(late())
    if perimeter.complete and (committed or financer):
        lines = committed_lines(filters, perimeter)
        if financer:
            lines = lines.filter(financer_id=financer)
        queryset = queryset.filter(pk__in=lines.values("sheet_id"))
    return queryset.select_related("territory__region", "axis").order_by(
        "territory__region__name", "territory__code", "sort_key", "pk"
    )


def territory_list(filters, perimeter, *, stage="", fragile=False):
    """The territories behind a figure: at a stage ("-": none yet), the fragile ones
    (only in the complete version)."""
    queryset = territories(filters)
    if stage == "-":
        queryset = queryset.filter(stage__isnull=True)
    elif stage:
        queryset = queryset.filter(stage__code=stage)
    if fragile and perimeter.complete:
        queryset = queryset.filter(is_fragile=True)
    return queryset.select_related("region", "stage").order_by("region__name", "code")
