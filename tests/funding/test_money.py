"""The money views: totals by financer, axis and status, fiches with a firm commitment,
progress toward the programme's targets; who sees which territory's money; the demo's
example lines."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from territoires.funding import money
from territoires.funding.models import FundingLine
from territoires.organisations.models import Organisation
from territoires.plans.models import ActionSheet
from territoires.programmes.models import Target

from ..factories import (
    ActionSheetFactory,
    FundingLineFactory,
    OrganisationFactory,
    RegionFactory,
    SchemeFactory,
    ScopeFactory,
    TerritoryFactory,
    member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines(territory):
    region = OrganisationFactory(name="Région Grand Est", kind="region")
    bank = OrganisationFactory(name="Banque des Territoires", kind="national_operator")
    recruter = territory.programme.axes.get(code="recruter")
    f9 = ActionSheetFactory(territory=territory, code="F9", title="Formation", axis=recruter)
    f2 = ActionSheetFactory(territory=territory, code="F2", title="Foncier")
    FundingLineFactory(sheet=f9, financer=region, amount=40000, status="granted")
    FundingLineFactory(sheet=f9, financer=bank, amount=10000, status="paid")
    FundingLineFactory(sheet=f2, financer=bank, amount=120000, status="requested")
    FundingLineFactory(sheet=f2, financer=region, amount=5000, status="considered")
    FundingLineFactory(sheet=f2, financer=region, amount=7000, status="refused")
    return {"f9": f9, "f2": f2, "region": region, "bank": bank}


def test_totals_by_financer_axis_and_status_and_the_committed_fiches(territory, lines):
    view = money.money_view(money.lines_of([territory.pk]))
    total = view.total
    assert (total.considered, total.requested, total.committed, total.paid) == (
        Decimal(5000),
        Decimal(170000),
        Decimal(50000),
        Decimal(10000),
    )
    by_financer = {t.label: (t.requested, t.committed) for t in view.by_financer}
    assert by_financer == {
        "Région Grand Est": (Decimal(40000), Decimal(40000)),
        "Banque des Territoires": (Decimal(130000), Decimal(10000)),
    }
    assert [t.label for t in view.by_financer] == ["Région Grand Est", "Banque des Territoires"]
    assert [(t.label, t.committed) for t in view.by_axis] == [
        ("Attirer", Decimal(0)),
        ("Recruter", Decimal(50000)),
    ]
    assert [t.label for t in view.by_status] == [
        "Envisagé",
        "Sollicité",
        "Accordé",
        "Versé",
        "Refusé",
    ]
    assert view.committed_sheets == [(lines["f9"], Decimal(50000))]


def _by_hand(lines, key):
    """The view's figures computed in Python from the lines, apart from its SQL."""
    figures = {}
    for line in lines:
        row = figures.setdefault(key(line), [Decimal(0)] * 4 + [0])
        row[0] += line.amount if line.status == "considered" else 0
        row[1] += line.amount if line.status in ("requested", "granted", "paid") else 0
        row[2] += line.amount if line.status in ("granted", "paid") else 0
        row[3] += line.amount if line.status == "paid" else 0
        row[4] += 1
    return figures


def _figures(totals):
    return [totals.considered, totals.requested, totals.committed, totals.paid, totals.lines]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 2),  # fiche
            st.integers(0, 2),  # financer
            st.sampled_from(["considered", "requested", "granted", "paid", "refused"]),
            st.decimals(min_value=0, max_value=10**7, places=2),
        ),
        max_size=12,
    )
)
def test_the_sql_figures_are_those_computed_line_by_line(territory, drawn):
    FundingLine.objects.all().delete()
    axes = list(territory.programme.axes.order_by("position"))
    sheets = [
        ActionSheet.objects.filter(territory=territory, code=f"G{index}").first()
        or ActionSheetFactory(territory=territory, axis=axes[index], code=f"G{index}")
        for index in range(3)
    ]
    financers = [
        Organisation.objects.filter(name=f"Financeur {index}").first()
        or OrganisationFactory(name=f"Financeur {index}")
        for index in range(3)
    ]
    made = [
        FundingLineFactory(sheet=sheets[s], financer=financers[f], status=status, amount=amount)
        for s, f, status, amount in drawn
    ]
    view = money.money_view(money.lines_of([territory.pk]))
    everything = _by_hand(made, lambda line: "total").get("total", [Decimal(0)] * 4 + [0])
    assert _figures(view.total) == everything
    assert {t.label: _figures(t) for t in view.by_financer} == {
        name: row for name, row in _by_hand(made, lambda line: line.financer.name).items()
    }
    assert {t.label: _figures(t) for t in view.by_axis} == _by_hand(
        made, lambda line: line.sheet.axis.name
    )
    labels = dict(FundingLine._meta.get_field("status").choices)
    assert {t.label: _figures(t) for t in view.by_status} == {
        labels[status]: row for status, row in _by_hand(made, lambda line: line.status).items()
    }
    committed = _by_hand(
        [line for line in made if line.status in ("granted", "paid")], lambda line: line.sheet
    )
    assert dict(view.committed_sheets) == {sheet: row[2] for sheet, row in committed.items()}


def test_progress_toward_the_programme_s_targets(territory, lines):
    programme = territory.programme
    Target.objects.create(
        programme=programme,
        label="200 M€ engagés",
        metric="amount_committed",
        value=Decimal("200000"),
        due_on=datetime.date(2019, 12, 31),
    )
    Target.objects.create(
        programme=programme,
        label="Fiches financées",
        metric="action_sheets_funded",
        value=Decimal("4"),
        due_on=datetime.date(2019, 12, 31),
    )
    view = money.money_view(money.lines_of(), programme=programme)
    assert [(p.target.label, p.reached, p.percent) for p in view.progress] == [
        ("200 M€ engagés", Decimal(50000), 25),
        ("Fiches financées", Decimal(1), 25),
    ]


def test_the_territory_view_is_for_those_who_read_the_territory(territory, lines, login):
    url = f"/territoires/{territory.code}/financements/"
    page = login(member(territory, "reader")).get(url)
    assert page.status_code == 200
    assert "Banque des Territoires" in page.text and "50\u00a0000,00 €" in page.text
    # The link to the region's view names its territories, not the Région as a financer.
    assert f"Financements de tous les territoires de la région {territory.region.name}" in page.text
    outsider = member(TerritoryFactory(code="5301", region=RegionFactory(code="53")), "editor")
    assert login(outsider).get(url).status_code == 403
    assert login().get(url).status_code == 302


def test_the_region_view_counts_the_territories_the_user_reads(territory, lines, login):
    other = TerritoryFactory(code="4412", region=territory.region)
    elsewhere = TerritoryFactory(code="5301", region=RegionFactory(code="53", name="Bretagne"))
    FundingLineFactory(sheet=ActionSheetFactory(territory=other), amount=1000, status="granted")
    FundingLineFactory(sheet=ActionSheetFactory(territory=elsewhere), amount=9, status="granted")
    officer = ScopeFactory(kind="region", region=territory.region).user
    page = login(officer).get("/regions/44/financements/")
    assert page.status_code == 200
    assert "51\u00a0000,00 €" in page.text  # 50 000 in 4403 + 1 000 in 4412
    assert 'data-testid="money-targets"' not in page.text  # the programme has none yet
    Target.objects.create(
        programme=territory.programme,
        label="200 M€ engagés",
        metric="amount_committed",
        value=Decimal("510000"),
        due_on=datetime.date(2019, 12, 31),
    )
    page = login(officer).get("/regions/44/financements/")
    assert 'data-testid="money-targets"' in page.text
    assert "51\u00a0000,00 € sur 510\u00a0000,00 €" in page.text  # the Région's share
    assert "200 M€ engagés (échéance 31/12/2019) :" in page.text  # as the bilan words it
    reader = member(territory, "reader")
    assert "50\u00a0000,00 €" in login(reader).get("/regions/44/financements/").text
    assert login(officer).get("/regions/53/financements/").status_code == 403
    assert login(officer).get("/regions/99/financements/").status_code == 404


def test_the_national_view_is_for_the_national_team_and_operators(territory, lines, login):
    national = ScopeFactory(kind="national").user
    page = login(national).get("/financements/")
    assert page.status_code == 200 and 'data-testid="money-sheets"' in page.text
    assert login(ScopeFactory(kind="operator").user).get("/financements/").status_code == 200
    assert login(member(territory, "editor")).get("/financements/").status_code == 403


def test_the_demo_has_example_lines_shown_as_such(login):
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())  # once only
    examples = FundingLine.objects.filter(is_example=True)
    assert examples.count() == 3
    assert set(examples.values_list("status", flat=True)) == {"granted", "requested", "considered"}
    national = ScopeFactory(kind="national").user
    page = login(national).get("/financements/")
    assert 'data-testid="example-notice"' in page.text
    assert "40\u00a0000,00 €" in page.text  # the Région's grant to F9
    region_page = login(national).get("/regions/44/financements/")
    assert "Région Grand Est" in region_page.text


@pytest.mark.parametrize("view", ["territory", "region", "national"])
def test_money_view_queries(sql_snapshot, territory, lines, login, view):
    """A fixed number of queries whatever the number of lines."""
    client = login(ScopeFactory(kind="national").user)
    url = {
        "territory": f"/territoires/{territory.code}/financements/",
        "region": f"/regions/{territory.region.code}/financements/",
        "national": "/financements/",
    }[view]
    with sql_snapshot():
        assert client.get(url).status_code == 200


def test_catalogue_page_queries(sql_snapshot, login, lines):
    for index in range(3):
        SchemeFactory(name=f"Dispositif {index}").financers.add(lines["bank"], lines["region"])
    client = login()
    with sql_snapshot():
        assert client.get("/dispositifs/?region=44").status_code == 200
