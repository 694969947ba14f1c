"""The bilan of the programme as of a day, national or for one region: the article's
headline sentence ("une trentaine de territoires ont défini leur gouvernance et validé
leur plan d'actions ; presque 400 actions ; 150 ont fait l'objet d'un engagement financier
pour une cinquantaine de millions d'euros"), tables by region and by axis, the money by
financer, progress toward the programme's targets, the territories that had signed.

Every figure is rebuilt from the recorded moves and the audit log by the domains' as-of
reads (`plans.asof`, `funding.asof`, `referential.asof`; decision
[0019](../../docs/decisions/0019-figures-as-of-a-date.md)): a fixed number of aggregate
queries whatever the size of the programme. The fiches are counted by the dashboards'
`figures.sheet_counts`, so that the bilan of today and the dashboards read the same
query (the as-of reads take the rows as they are for today). The public version counts the published
fiches only and shows no money (decision 0019).

`bilan_as_of(day, region=None, public=False)` is the one entry point; the page, the PDF,
the DOCX and the API read the `Bilan` it returns.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone

from territoires.core.dates import end_of_day
from territoires.core.text import alphabetical
from territoires.funding import asof as funding_asof
from territoires.funding.money import Progress
from territoires.plans.models import Status
from territoires.programmes.models import Programme, Target
from territoires.referential import asof as referential_asof
from territoires.referential.models import Region

from .figures import Filters, Perimeter, sheet_counts
from .wording import headline, precise_figures

ZERO = Decimal(0)
# The stages from which a territory "a défini sa gouvernance et validé son plan d'actions",
# and from which it has signed (protocole d'accord, then contrat): the programme's stage
# of this code and every later one.
PLAN_VALIDATED_STAGE = "plan-valide"
SIGNED_STAGE = "protocole-signe"
# Fiches that count as the programme's actions: every status but abandoned.
NOT_ACTIONS = (Status.ABANDONED,)
# The first day a bilan may be asked for (the programme was launched on 22/11/2018).
EARLIEST_DAY = datetime.date(2018, 1, 1)


def check_day(day):
    """The rule of a bilan's day, shared by the page's form and the API: not in the
    future, not before the programme. Raises a ValidationError in French."""
    if day > timezone.localdate():
        raise ValidationError("Le bilan d'une date future n'existe pas encore.", code="future")
    if day < EARLIEST_DAY:
        raise ValidationError(
            "Le programme n'avait pas commencé : choisissez une date après le "
            f"{EARLIEST_DAY:%d/%m/%Y}.",
            code="too_early",
        )
    return day


@dataclass
class Row:
    """One line of a table of the bilan (a region, an axis, a status, a financer)."""

    label: str
    code: str = ""
    territories: int = 0
    validated_territories: int = 0
    signed_territories: int = 0
    actions: int = 0
    funded_actions: int = 0
    committed: Decimal = ZERO
    requested: Decimal = ZERO
    paid: Decimal = ZERO


class TargetProgress(Progress):
    """A target and the figure reached on the day of the bilan."""

    @property
    def is_money(self):
        return self.target.metric == Target.Metric.AMOUNT_COMMITTED


@dataclass
class SignedTerritory:
    code: str
    name: str
    region: str
    stage: str
    signed_on: object  # a date, or None when the move was not recorded


@dataclass
class Bilan:
    day: object
    region: Region | None
    public: bool
    total: Row
    by_region: list = field(default_factory=list)
    by_axis: list = field(default_factory=list)
    by_status: list = field(default_factory=list)
    by_financer: list = field(default_factory=list)
    progress: list = field(default_factory=list)
    signed: list = field(default_factory=list)

    @property
    def scope_label(self):
        return f"Région {self.region.name}" if self.region else "National"

    @property
    def title(self):
        where = f"région {self.region.name}" if self.region else "programme national"
        return f"Bilan au {self.day:%d/%m/%Y} — {where}"

    @property
    def headline(self):
        return headline(self)

    @property
    def precise(self):
        return precise_figures(self)


def _stage_ids_from(stages, code):
    """The ids of the stage `code` and of every later stage of `stages`."""
    positions = {stage.code: stage.position for stage in stages}
    if code not in positions:
        return set()
    return {s.pk for s in stages if s.position >= positions[code]}


def bilan_as_of(day, *, region=None, public=False, programme=None):
    """The bilan of `day` (a date), for the whole programme or one `region`; `public`
    counts the published fiches only and leaves the money out."""
    moment = end_of_day(day)
    programme = programme or Programme.objects.filter(is_active=True).order_by("pk").first()
    stages = list(programme.stages.order_by("position", "pk")) if programme else []
    stage_names = {stage.pk: stage.name for stage in stages}
    validated_ids = _stage_ids_from(stages, PLAN_VALIDATED_STAGE)
    signed_ids = _stage_ids_from(stages, SIGNED_STAGE)
    territory_ids = (
        list(region.territories.order_by("pk").values_list("pk", flat=True)) if region else None
    )

    regions = {}
    total = Row("Total")

    def region_row(region_id):
        return regions.setdefault(region_id, Row(""))

    # Territories and their stage then: one query.
    territories = referential_asof.territories_as_of(
        moment, territory_ids=territory_ids, programme=programme
    )
    for item in (
        territories.values("region_id", "stage_then_id")
        .annotate(n=Count("id"))
        .order_by("region_id", "stage_then_id")
    ):
        for row in (region_row(item["region_id"]), total):
            row.territories += item["n"]
            if item["stage_then_id"] in validated_ids:
                row.validated_territories += item["n"]
            if item["stage_then_id"] in signed_ids:
                row.signed_territories += item["n"]

    # Fiches by region, axis and status then: one query.
    axes = {axis.pk: axis for axis in programme.axes.order_by("position")} if programme else {}
    by_axis = {pk: Row(axis.name, code=axis.code) for pk, axis in axes.items()}
    statuses = {value: Row(label, code=value) for value, label in Status.choices}
    filters = Filters(region=region.code if region else "")
    for item in sheet_counts(
        filters, Perimeter(complete=not public), moment=moment, with_late=False
    ):
        statuses[item["status"]].actions += item["count"]
        if item["status"] in NOT_ACTIONS:
            continue
        for row in (region_row(item["region_id"]), by_axis.get(item["axis_id"]), total):
            if row is not None:
                row.actions += item["count"]

    # Money by region and axis, then by financer: two queries, not in the public version.
    financers = []
    if not public:
        for item in funding_asof.commitments_as_of(moment, territory_ids=territory_ids):
            for row in (region_row(item["region_id"]), by_axis.get(item["axis_id"]), total):
                if row is not None:
                    row.funded_actions += item["funded_sheets"]
                    row.committed += item["committed"]
                    row.requested += item["requested"]
                    row.paid += item["paid"]
        financers = [
            Row(
                item["financer"],
                funded_actions=item["funded_sheets"],
                committed=item["committed"],
                requested=item["requested"],
                paid=item["paid"],
            )
            for item in funding_asof.commitments_by_financer_as_of(
                moment, territory_ids=territory_ids
            )
        ]

    names = alphabetical(Region.objects.filter(pk__in=list(regions)).order_by("name", "code"))
    by_region = []
    for found in names:
        row = regions[found.pk]
        row.label, row.code = found.name, found.code
        by_region.append(row)

    bilan = Bilan(
        day=day,
        region=region,
        public=public,
        total=total,
        by_region=by_region,
        by_axis=list(by_axis.values()),
        by_status=[row for row in statuses.values() if row.actions],
        by_financer=financers,
        signed=_signed(moment, territories, signed_ids, stage_names),
    )
    if region is None and programme is not None:
        bilan.progress = _progress(programme, stages, bilan, territories)
    return bilan


def _signed(moment, territories, signed_ids, stage_names):
    """The territories at a signed stage then, with the day they first reached one."""
    if not signed_ids:
        return []
    rows = (
        territories.filter(stage_then_id__in=signed_ids)
        .annotate(signed_at=referential_asof.reached_on(moment, signed_ids))
        .values("code", "name", "region__name", "stage_then_id", "signed_at")
        .order_by("region__name", "code")
    )
    return [
        SignedTerritory(
            code=row["code"],
            name=row["name"],
            region=row["region__name"],
            stage=stage_names.get(row["stage_then_id"], ""),
            signed_on=timezone.localtime(row["signed_at"]).date() if row["signed_at"] else None,
        )
        for row in rows
    ]


def _progress(programme, stages, bilan, territories):
    """Each target of the programme against the figure reached at the day of the bilan;
    money targets are left out of the public version."""
    targets = list(programme.targets.select_related("stage").order_by("due_on", "label"))
    reached = {
        Target.Metric.ACTION_SHEETS: Decimal(bilan.total.actions),
        Target.Metric.ACTION_SHEETS_FUNDED: Decimal(bilan.total.funded_actions),
        Target.Metric.AMOUNT_COMMITTED: bilan.total.committed,
    }
    stage_targets = [t for t in targets if t.metric == Target.Metric.TERRITORIES_AT_STAGE]
    at_stage = defaultdict(int)
    if stage_targets:
        for item in territories.values("stage_then_id").annotate(n=Count("id")).order_by():
            at_stage[item["stage_then_id"]] += item["n"]
    positions = {stage.pk: stage.position for stage in stages}
    progress = []
    for target in targets:
        if bilan.public and target.metric in (
            Target.Metric.AMOUNT_COMMITTED,
            Target.Metric.ACTION_SHEETS_FUNDED,
        ):
            continue
        if target.metric == Target.Metric.TERRITORIES_AT_STAGE:
            if target.stage is None:
                continue
            value = Decimal(
                sum(
                    n
                    for stage_id, n in at_stage.items()
                    if positions.get(stage_id, -1) >= target.stage.position
                )
            )
        else:
            value = reached[target.metric]
        progress.append(TargetProgress(target, value))
    return progress
