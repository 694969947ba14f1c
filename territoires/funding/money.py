"""The money of the programme, as the territory, its Région and the national team see it:
amounts envisaged, requested, committed and paid, by financer, by axis and by status;
the fiches with a firm commitment; progress toward the programme's targets.

- Demandé: lines sollicité, accordé or versé (asked for and not refused).
- Engagé: accordé or versé (a financer's decision), the programme's "engagement".
- Versé: versé.
- Envisagé: lines not asked for yet.

Every figure is an SQL aggregate (one query per table of the view, whatever the number
of lines): no Python loop over the lines.

Only the lines of live fiches of the territories given are counted; the caller passes the
territories the user may read (`permissions` decides)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from territoires.plans.models import ActionSheet
from territoires.programmes.models import Target

from .models import FundingLine, LineStatus

ZERO = Decimal(0)
REQUESTED = (LineStatus.REQUESTED, LineStatus.GRANTED, LineStatus.PAID)
COMMITTED = (LineStatus.GRANTED, LineStatus.PAID)
_MONEY = DecimalField(max_digits=16, decimal_places=2)


def _sum(condition):
    return Coalesce(Sum("amount", filter=condition), Value(ZERO), output_field=_MONEY)


# The columns of every table of the views, as SQL aggregates over financing lines.
FIGURES = {
    "considered": _sum(Q(status=LineStatus.CONSIDERED)),
    "requested": _sum(Q(status__in=REQUESTED)),
    "committed": _sum(Q(status__in=COMMITTED)),
    "paid": _sum(Q(status=LineStatus.PAID)),
    "lines": Count("pk"),
}


@dataclass
class Totals:
    label: str
    considered: Decimal = ZERO
    requested: Decimal = ZERO
    committed: Decimal = ZERO
    paid: Decimal = ZERO
    lines: int = 0

    @classmethod
    def of(cls, label, row):
        return cls(label, **{name: row[name] for name in FIGURES})


@dataclass
class Progress:
    target: Target
    reached: Decimal

    @property
    def percent(self):
        if not self.target.value:
            return None
        return min(int(self.reached * 100 / self.target.value), 100)


@dataclass
class MoneyView:
    total: Totals
    by_financer: list = field(default_factory=list)
    by_axis: list = field(default_factory=list)
    by_status: list = field(default_factory=list)
    committed_sheets: list = field(default_factory=list)
    progress: list = field(default_factory=list)
    has_examples: bool = False


def lines_of(territory_ids=None):
    """The lines of live fiches, of these territories (None: all), unordered: each view
    groups and orders them."""
    lines = FundingLine.objects.filter(sheet__deleted_at__isnull=True)
    if territory_ids is not None:
        lines = lines.filter(sheet__territory_id__in=territory_ids)
    return lines.order_by()


def money_view(lines, programme=None):
    """The totals of `lines` (a queryset from `lines_of`), and the progress toward the
    programme's money and funded-fiche targets when a programme is given."""
    lines = lines.order_by()
    total = lines.aggregate(**FIGURES, examples=Count("pk", filter=Q(is_example=True)))
    by_financer = (
        lines.values("financer_id", "financer__name")
        .annotate(**FIGURES)
        .order_by("-committed", "-requested", "financer__name", "financer_id")
    )
    by_axis = (
        lines.values("sheet__axis__position", "sheet__axis__name")
        .annotate(**FIGURES)
        .order_by("sheet__axis__position", "sheet__axis__name")
    )
    by_status = {row["status"]: row for row in lines.values("status").annotate(**FIGURES)}
    committed = lines.filter(status__in=COMMITTED)
    sheets = (
        ActionSheet.objects.filter(pk__in=Subquery(committed.values("sheet_id")))
        .annotate(
            committed=Sum("funding_lines__amount", filter=Q(funding_lines__status__in=COMMITTED))
        )
        .select_related("territory")
        .only("code", "title", "sort_key", "territory__code")
        .order_by("territory__code", "sort_key", "pk")
    )
    view = MoneyView(
        total=Totals.of("Total", total),
        by_financer=[Totals.of(row["financer__name"], row) for row in by_financer],
        by_axis=[Totals.of(row["sheet__axis__name"], row) for row in by_axis],
        by_status=[
            Totals.of(label, by_status[status])
            for status, label in LineStatus.choices
            if status in by_status
        ],
        committed_sheets=[(sheet, sheet.committed) for sheet in sheets],
        has_examples=bool(total["examples"]),
    )
    if programme is not None:
        view.progress = _progress(programme, view.total, len(view.committed_sheets))
    return view


def _progress(programme, total, funded_sheets):
    reached = {
        Target.Metric.AMOUNT_COMMITTED: total.committed,
        Target.Metric.ACTION_SHEETS_FUNDED: Decimal(funded_sheets),
    }
    return [
        Progress(target, reached[target.metric])
        for target in programme.targets.order_by("due_on", "label", "pk")
        if target.metric in reached
    ]
