"""The money of the programme, as the territory, its Région and the national team see it:
amounts envisaged, requested, committed and paid, by financer, by axis and by status;
the fiches with a firm commitment; progress toward the programme's targets.

- Demandé: lines sollicité, accordé or versé (asked for and not refused).
- Engagé: accordé or versé (a financer's decision), the programme's "engagement".
- Versé: versé.
- Envisagé: lines not asked for yet.

Only the lines of live fiches of the territories given are counted; the caller passes the
territories the user may read (`permissions` decides)."""

from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from territoires.programmes.models import Target

from .models import FundingLine, LineStatus

ZERO = Decimal(0)
REQUESTED = (LineStatus.REQUESTED, LineStatus.GRANTED, LineStatus.PAID)
COMMITTED = (LineStatus.GRANTED, LineStatus.PAID)


@dataclass
class Totals:
    label: str
    considered: Decimal = ZERO
    requested: Decimal = ZERO
    committed: Decimal = ZERO
    paid: Decimal = ZERO
    lines: int = 0

    def add(self, line):
        self.lines += 1
        if line.status == LineStatus.CONSIDERED:
            self.considered += line.amount
        if line.status in REQUESTED:
            self.requested += line.amount
        if line.status in COMMITTED:
            self.committed += line.amount
        if line.status == LineStatus.PAID:
            self.paid += line.amount


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
    """The lines of live fiches, of these territories (None: all), with what the views
    show."""
    lines = FundingLine.objects.filter(sheet__deleted_at__isnull=True)
    if territory_ids is not None:
        lines = lines.filter(sheet__territory_id__in=territory_ids)
    return lines.select_related("financer", "sheet__axis", "sheet__territory").order_by(
        "sheet__territory__code", "sheet__sort_key", "created_at", "pk"
    )


def money_view(lines, programme=None):
    """The totals of `lines` (a queryset from `lines_of`), and the progress toward the
    programme's money and funded-fiche targets when a programme is given."""
    total = Totals("Total")
    financers, axes = OrderedDict(), OrderedDict()
    statuses = OrderedDict((status, Totals(label)) for status, label in LineStatus.choices)
    committed_sheets = OrderedDict()
    has_examples = False
    for line in lines:
        total.add(line)
        financers.setdefault(line.financer_id, Totals(line.financer.name)).add(line)
        axis = line.sheet.axis
        axes.setdefault((axis.position, axis.name), Totals(axis.name)).add(line)
        statuses[line.status].add(line)
        if line.status in COMMITTED:
            committed_sheets.setdefault(line.sheet_id, [line.sheet, ZERO])
            committed_sheets[line.sheet_id][1] += line.amount
        has_examples = has_examples or line.is_example
    view = MoneyView(
        total=total,
        by_financer=sorted(financers.values(), key=lambda t: (-t.committed, -t.requested, t.label)),
        by_axis=[axes[key] for key in sorted(axes)],
        by_status=[t for t in statuses.values() if t.lines],
        committed_sheets=[(sheet, amount) for sheet, amount in committed_sheets.values()],
        has_examples=has_examples,
    )
    if programme is not None:
        view.progress = _progress(programme, total, len(committed_sheets))
    return view


def _progress(programme, total, funded_sheets):
    reached = {
        Target.Metric.AMOUNT_COMMITTED: total.committed,
        Target.Metric.ACTION_SHEETS_FUNDED: Decimal(funded_sheets),
    }
    return [
        Progress(target, reached[target.metric])
        for target in programme.targets.order_by("due_on", "label")
        if target.metric in reached
    ]
