"""The dashboards' figures equal independent SQL counts on random data, complete and
public, with and without filters."""

import datetime
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from territoires.funding.models import LineStatus
from territoires.plans.models import Status, Visibility
from territoires.programmes.services import ensure_territoires_d_industrie
from territoires.referential.models import Region, Territory
from territoires.steering import figures
from territoires.steering.bilan import bilan_as_of
from territoires.steering.figures import Filters, Perimeter

from ..factories import (
    ActionSheetFactory,
    DepartmentFactory,
    FundingLineFactory,
    OrganisationFactory,
    RegionFactory,
    TerritoryFactory,
)

pytestmark = pytest.mark.django_db

COMPLETE, PUBLIC = Perimeter(complete=True), Perimeter(complete=False)


@pytest.fixture
def world():
    """Random territories, fiches and financing lines (the same for every run)."""
    rng = random.Random(8)
    programme = ensure_territoires_d_industrie()
    stages = list(programme.stages.order_by("position"))
    axes = list(programme.axes.order_by("position"))
    regions = [RegionFactory(code=code, name=f"Région {code}") for code in ("44", "53", "84")]
    departments = [
        DepartmentFactory(code=code, region=regions[i % 3])
        for i, code in enumerate(("52", "88", "56", "01", "10"))
    ]
    financers = [OrganisationFactory(kind="national_operator") for _ in range(3)]
    today = timezone.localdate()
    territories = []
    for n in range(9):
        territory = TerritoryFactory(
            programme=programme,
            code=f"T{n}",
            region=regions[n % 3],
            phase=rng.choice(["2019", "2023"]),
            stage=rng.choice([None, *stages]),
            is_fragile=rng.random() < 0.3,
            fragile_reason="Appui",
        )
        territory.departments.set(
            [d for d in departments if d.region_id == territory.region_id][: rng.randint(0, 2)]
        )
        territories.append(territory)
    for n in range(80):
        sheet = ActionSheetFactory(
            territory=rng.choice(territories),
            code=f"F{n}",
            axis=rng.choice(axes),
            status=rng.choice(Status.values),
            visibility=rng.choice(Visibility.values),
            end_date=today + datetime.timedelta(days=rng.randint(-200, 200))
            if rng.random() < 0.7
            else None,
            deleted_at=timezone.now() if rng.random() < 0.1 else None,
        )
        sheet.created_at = timezone.now() - datetime.timedelta(days=rng.randint(0, 700))
        sheet.save(update_fields=["created_at"])
        for _ in range(rng.randint(0, 3)):
            FundingLineFactory(
                sheet=sheet,
                financer=rng.choice(financers),
                amount=Decimal(rng.randint(1, 500) * 1000),
                status=rng.choice(LineStatus.values),
            )
    return {"regions": regions, "departments": departments, "axes": axes, "stages": stages}


def sql(query, params=()):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def geography(filters):
    """The clauses on the territory t of the filters' region, department and phase."""
    clauses, params = [], []
    if filters.region:
        clauses.append("t.region_id = (SELECT id FROM referential_region WHERE code = %s)")
        params.append(filters.region)
    if filters.department:
        clauses.append(
            "t.id IN (SELECT td.territory_id FROM referential_territory_departments td "
            "JOIN referential_department d ON d.id = td.department_id WHERE d.code = %s)"
        )
        params.append(filters.department)
    if filters.phase:
        clauses.append("t.phase = %s")
        params.append(filters.phase)
    return clauses, params


def where(filters, perimeter, moment=None):
    """The WHERE clause of the counted fiches, written by hand (alias s for the fiche, t
    for its territory); at `moment`, those created then and not yet deleted (the fiches
    of this world have no recorded history)."""
    clauses, params = geography(filters)
    if moment is None:
        clauses.append("s.deleted_at IS NULL")
    else:
        clauses.append("s.created_at <= %s AND (s.deleted_at IS NULL OR s.deleted_at > %s)")
        params += [moment, moment]
    if not perimeter.complete:
        clauses.append("s.visibility = 'public'")
    if filters.axis:
        clauses.append("s.axis_id = (SELECT id FROM programmes_axis WHERE code = %s)")
        params.append(filters.axis)
    if filters.since:
        clauses.append("s.created_at >= %s")
        params.append(
            timezone.make_aware(datetime.datetime.combine(filters.since, datetime.time.min))
        )
    return " AND ".join(clauses), params


FROM = "FROM plans_actionsheet s JOIN referential_territory t ON t.id = s.territory_id"
CASES = [
    Filters(),
    Filters(region="44"),
    Filters(department="52"),
    Filters(phase="2023", axis="recruter"),
    Filters(since=datetime.date.today() - datetime.timedelta(days=300)),
]


PAST = timezone.now() - datetime.timedelta(days=200)


@pytest.mark.parametrize("filters", CASES, ids=lambda f: str(f.params()) or "all")
@pytest.mark.parametrize("perimeter", [COMPLETE, PUBLIC], ids=["complete", "public"])
@pytest.mark.parametrize("moment", [None, PAST], ids=["today", "past"])
def test_sheet_figures_equal_raw_sql_counts(world, filters, perimeter, moment):
    condition, params = where(filters, perimeter, moment)
    day = timezone.localtime(moment).date() if moment else timezone.localdate()
    expected = dict(
        sql(
            f"SELECT s.status, COUNT(*) {FROM} WHERE {condition} GROUP BY s.status",
            params,
        )
    )
    counts = figures.sheet_counts(filters, perimeter, moment=moment)
    got = {}
    for row in counts:
        got[row["status"]] = got.get(row["status"], 0) + row["count"]
    assert got == expected
    (late,) = sql(
        f"SELECT COUNT(*) {FROM} WHERE {condition} AND s.end_date < %s "
        "AND s.status NOT IN ('done', 'abandoned')",
        [*params, day],
    )[0]
    assert sum(row["late"] for row in counts) == late
    by_axis = dict(
        sql(
            f"SELECT a.code, COUNT(*) {FROM} JOIN programmes_axis a ON a.id = s.axis_id "
            f"WHERE {condition} GROUP BY a.code",
            params,
        )
    )
    axis_code = {a.pk: a.code for a in world["axes"]}
    got_axis = {}
    for row in counts:
        code = axis_code[row["axis_id"]]
        got_axis[code] = got_axis.get(code, 0) + row["count"]
    assert got_axis == by_axis
    assert figures.sheets(filters, perimeter, moment).count() == sum(expected.values())


@pytest.mark.parametrize("public", [False, True], ids=["complete", "public"])
@pytest.mark.parametrize("region", ["", "44"], ids=["national", "region"])
def test_the_bilan_of_today_and_the_dashboard_count_the_same(world, public, region):
    filters = Filters(region=region)
    perimeter = Perimeter(complete=not public)
    board = figures.dashboard(
        filters,
        perimeter,
        programme=ensure_territoires_d_industrie(),
        axes=world["axes"],
        stages=world["stages"],
        regions=world["regions"],
        links=lambda kind, **params: "",
    )
    bilan = bilan_as_of(
        timezone.localdate(),
        region=Region.objects.get(code=region) if region else None,
        public=public,
    )
    assert {row.code: row.actions for row in bilan.by_status} == {
        row.key: row.count for row in board.by_status if row.count
    }
    assert {row.code: row.actions for row in bilan.by_axis} == {
        row.key: row.count - board_abandoned(filters, perimeter, row.key) for row in board.by_axis
    }
    if not public:
        assert (bilan.total.committed, bilan.total.funded_actions) == (
            board.commitments["amount"],
            board.commitments["sheets"],
        )


def board_abandoned(filters, perimeter, axis):
    """The abandoned fiches of an axis: the dashboard counts them, the bilan's actions
    do not."""
    return figures.sheet_list(filters.but(axis=axis), perimeter, status="abandoned").count()


@pytest.mark.parametrize("filters", CASES, ids=lambda f: str(f.params()) or "all")
def test_commitments_equal_raw_sql_sums(world, filters):
    condition, params = where(filters, COMPLETE)
    rows = sql(
        "SELECT l.financer_id, SUM(l.amount), COUNT(DISTINCT l.sheet_id) "
        f"FROM funding_fundingline l JOIN plans_actionsheet s ON s.id = l.sheet_id "
        f"JOIN referential_territory t ON t.id = s.territory_id "
        f"WHERE l.status IN ('granted', 'paid') AND {condition} GROUP BY l.financer_id",
        params,
    )
    expected = {financer: (Decimal(amount), sheets) for financer, amount, sheets in rows}
    got = {
        row["financer_id"]: (row["amount"], row["sheets"])
        for row in figures.commitments_by_financer(filters, COMPLETE)
    }
    assert got == expected
    ((amount, sheets),) = sql(
        "SELECT COALESCE(SUM(l.amount), 0), COUNT(DISTINCT l.sheet_id) "
        f"FROM funding_fundingline l JOIN plans_actionsheet s ON s.id = l.sheet_id "
        f"JOIN referential_territory t ON t.id = s.territory_id "
        f"WHERE l.status IN ('granted', 'paid') AND {condition}",
        params,
    )
    totals = figures.commitment_totals(filters, COMPLETE)
    assert (totals["amount"], totals["sheets"]) == (Decimal(amount), sheets)
    assert figures.commitments_by_financer(filters, PUBLIC) == []


@pytest.mark.parametrize("filters", CASES[:4], ids=lambda f: str(f.params()) or "all")
def test_territories_by_stage_equal_raw_sql_counts(world, filters):
    clauses, params = geography(filters)
    clauses.append("1 = 1")
    rows = sql(
        "SELECT t.stage_id, COUNT(*), SUM(CASE WHEN t.is_fragile THEN 1 ELSE 0 END) "
        f"FROM referential_territory t WHERE {' AND '.join(clauses)} GROUP BY t.stage_id",
        params,
    )
    expected = {stage: (count, int(fragile)) for stage, count, fragile in rows}
    assert figures.stage_counts(filters, world["stages"]) == expected


def test_the_dashboard_adds_up_and_links_each_figure_to_its_list(world):
    programme = ensure_territoires_d_industrie()

    def links(kind, **params):
        return f"/{kind}/" + Filters(region="44").query(**params)

    board = figures.dashboard(
        Filters(region="44"),
        COMPLETE,
        programme=programme,
        axes=world["axes"],
        stages=world["stages"],
        regions=world["regions"],
        links=links,
    )
    assert board.territory_total == Territory.objects.filter(region__code="44").count()
    assert sum(row.count for row in board.by_stage) == board.territory_total
    assert sum(row.count for row in board.by_axis) == board.sheet_total
    assert sum(row.count for row in board.by_status) == board.sheet_total
    assert round(sum(row.share for row in board.by_axis if row.count)) == 100
    assert board.by_axis[1].url == "/sheets/?region=44&axis=recruter"
    assert board.links["late"] == "/sheets/?region=44&late=1"
    # Each figure's list holds as many fiches as the figure counts.
    for row in board.by_status:
        listed = figures.sheet_list(Filters(region="44"), COMPLETE, status=row.key)
        assert listed.count() == row.count
    assert (
        figures.sheet_list(Filters(region="44"), COMPLETE, is_late=True).count() == board.late_total
    )
    assert (
        figures.sheet_list(Filters(region="44"), COMPLETE, committed=True).count()
        == board.commitments["sheets"]
    )
    for row in board.by_financer:
        assert (
            figures.sheet_list(Filters(region="44"), COMPLETE, financer=int(row.key)).count()
            == row.count
        )
    assert (
        figures.territory_list(Filters(region="44"), COMPLETE, fragile=True).count()
        == board.fragile_total
    )


def test_the_public_version_counts_published_fiches_and_shows_no_money(world):
    programme = ensure_territoires_d_industrie()
    board = figures.dashboard(
        Filters(),
        PUBLIC,
        programme=programme,
        axes=world["axes"],
        stages=world["stages"],
        regions=world["regions"],
        links=lambda kind, **params: "",
    )
    (published,) = sql(
        "SELECT COUNT(*) FROM plans_actionsheet WHERE deleted_at IS NULL AND visibility = 'public'"
    )[0]
    assert board.sheet_total == published
    assert board.by_financer == [] and board.fragile == [] and board.fragile_total == 0
    assert board.commitments["amount"] == 0
    metrics = {item.target.metric for item in board.progress}
    assert metrics == {"action_sheets"}
