"""The pages at national scale: the home page shows regions and one page of territories,
searchable; the plan table shows one page of fiches, whatever the plan's size."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from territoires.pages.home.views import TERRITORIES_PER_PAGE
from territoires.pages.territories.views import SHEETS_PER_PAGE
from territoires.plans.models import ActionSheet, Visibility
from territoires.referential.models import Territory

from ..factories import (
    ActionSheetFactory,
    PersonFactory,
    RegionFactory,
    TagFactory,
    TerritoryFactory,
)

pytestmark = pytest.mark.django_db

HOME = reverse("home:index")


def territory_rows(html):
    return re.findall(r'<tr data-territory="([^"]+)">', html)


def region_row(html, code):
    return html.split(f'data-region="{code}"')[1].split("</tr>")[0]


@pytest.fixture
def nation():
    """Three regions; 60 territories in Grand Est, 2 in Bretagne; public fiches."""
    grand_est = RegionFactory(code="44", name="Grand Est")
    bretagne = RegionFactory(code="53", name="Bretagne")
    RegionFactory(code="94", name="Corse")  # no territory: not listed
    first = TerritoryFactory(code="4403", name="Chaumont – Langres", region=grand_est)
    programme = first.programme
    Territory.objects.bulk_create(
        Territory(programme=programme, code=f"44{n:02}", name=f"Territoire {n}", region=grand_est)
        for n in range(4, 63)
    )
    TerritoryFactory(code="5301", name="Épinal-sur-Mer", region=bretagne, programme=programme)
    TerritoryFactory(code="5302", name="Lorient", region=bretagne, programme=programme)
    for code in ("F1", "F2", "F3"):
        ActionSheetFactory(territory=first, code=code, visibility=Visibility.PUBLIC)
    ActionSheetFactory(territory=first, code="F4", visibility=Visibility.RESTRICTED)
    return first


def test_home_gives_the_national_overview_by_region(nation):
    html = Client().get(HOME).content.decode()
    assert "62 territoires, 3 fiches action consultables." in html
    assert re.findall(r'data-region="(\d+)"', html) == ["53", "44"]  # by name, Corse left out
    assert re.findall(r">(\d+)<", region_row(html, "44")) == ["60", "3"]
    assert re.findall(r">(\d+)<", region_row(html, "53")) == ["2", "0"]


def test_home_lists_one_page_of_territories(nation):
    html = Client().get(HOME).content.decode()
    rows = territory_rows(html)
    assert len(rows) == TERRITORIES_PER_PAGE
    assert rows[:2] == ["5301", "5302"]  # Bretagne first, then Grand Est by code
    assert "Page 1 sur 2" in html
    second = Client().get(HOME, {"page": 2}).content.decode()
    assert len(territory_rows(second)) == 62 - TERRITORIES_PER_PAGE
    assert set(rows).isdisjoint(territory_rows(second))


def test_home_searches_territories_by_name_or_code_ignoring_accents(nation):
    client = Client()
    assert territory_rows(client.get(HOME, {"q": "epinal"}).content.decode()) == ["5301"]
    assert territory_rows(client.get(HOME, {"q": "4403"}).content.decode()) == ["4403"]
    html = client.get(HOME, {"region": "53"}).content.decode()
    assert territory_rows(html) == ["5301", "5302"]
    assert "2 territoires correspondant à la recherche." in html
    html = client.get(HOME, {"q": "rien de tel"}).content.decode()
    assert "Aucun territoire ne correspond à cette recherche." in html


@pytest.mark.parametrize(
    "params", [{"page": "99999999999999999999"}, {"page": "-1"}, {"region": "zz"}, {"page": "x"}]
)
def test_home_takes_odd_parameters_without_error(nation, params):
    response = Client().get(HOME, params)
    assert response.status_code == 200
    assert territory_rows(response.content.decode())


def test_home_queries_do_not_grow_with_the_territories(nation):
    client = Client()
    with CaptureQueriesContext(connection) as many:
        client.get(HOME)
    Territory.objects.exclude(code__in=["4403", "5301"]).delete()
    with CaptureQueriesContext(connection) as few:
        client.get(HOME)
    assert len(many) == len(few)


# The plan table --------------------------------------------------------------------


@pytest.fixture
def large_plan(nation):
    axis = nation.programme.axes.order_by("position").first()
    ActionSheet.objects.bulk_create(
        ActionSheet(
            territory=nation, axis=axis, code=f"G{n}", title=f"Action {n}", visibility="public"
        )
        for n in range(1, 118)
    )
    return nation


def plan_codes(html):
    return re.findall(r'<tr data-sheet="([^"]+)">', html)


def test_the_plan_table_shows_one_page_of_fiches(large_plan):
    url = reverse("territories:detail", args=[large_plan.code])
    client = Client()
    html = client.get(url).content.decode()
    first = plan_codes(html)
    assert len(first) == SHEETS_PER_PAGE
    assert "120 fiches ; page 1 sur 3." in html
    last = plan_codes(client.get(url, {"page": 3}).content.decode())
    assert len(last) == 120 - 2 * SHEETS_PER_PAGE
    assert last[-1] == "G117"  # natural order: G2 before G10
    assert "?page=2" in html


def test_each_row_of_the_plan_table_names_its_pilots_and_tags(large_plan):
    sheet = ActionSheet.objects.get(territory=large_plan, code="G1")
    sheet.pilots.add(
        PersonFactory(first_name="Anne", last_name="Martin"),
        PersonFactory(first_name="Paul", last_name="Durand"),
    )
    sheet.tags.add(TagFactory(name="foncier"))
    html = Client().get(reverse("territories:detail", args=[large_plan.code])).content.decode()
    row = html.split('<tr data-sheet="G1">')[1].split("</tr>")[0]
    # In the directory's order, by last name.
    assert "Pilotes : Paul Durand, Anne Martin" in " ".join(row.split())
    assert '<span class="fr-tag fr-tag--sm fr-mr-1v">foncier</span>' in row
    other = html.split('<tr data-sheet="G2">')[1].split("</tr>")[0]
    assert "Pilote" not in other and "fr-tag" not in other


def test_the_plan_table_pages_keep_the_filters(large_plan):
    url = reverse("territories:detail", args=[large_plan.code])
    html = Client().get(url, {"q": "action", "page": 2}).content.decode()
    assert "page 2 sur 3" in html
    assert "q=action&amp;page=3" in html or "page=3&amp;q=action" in html


def test_the_plan_table_costs_the_same_for_a_small_and_a_large_plan(large_plan):
    client = Client()
    small = TerritoryFactory(code="4499", programme=large_plan.programme)
    ActionSheetFactory(territory=small, code="F1", visibility=Visibility.PUBLIC)
    counts = []
    for territory in (small, large_plan):
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("territories:detail", args=[territory.code]), HTTP_HX_REQUEST="true")
        counts.append(len(queries))
        assert not any('"plans_actionsheet"."context"' in q["sql"] for q in queries)
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    "page", ["home:index", "dashboards:national", "bilan:national", "catalogue:index"]
)
def test_regions_come_in_french_alphabetical_order_ile_de_france_among_them(page):
    for code, name in (("28", "Normandie"), ("11", "Île-de-France"), ("32", "Hauts-de-France")):
        region = RegionFactory(code=code, name=name)
        ActionSheetFactory(territory=TerritoryFactory(code=f"{code}01", region=region))
    html = Client().get(reverse(page)).content.decode()
    first_seen = [html.index(name) for name in ("Hauts-de-France", "Île-de-France", "Normandie")]
    assert first_seen == sorted(first_seen)


def test_the_territories_are_paged_in_french_order_of_their_region(db):
    """Île-de-France's territories between Hauts-de-France's and Normandie's, across the
    pages the database cuts."""
    names = {"32": "Hauts-de-France", "11": "Île-de-France", "28": "Normandie"}
    regions = {code: RegionFactory(code=code, name=name) for code, name in names.items()}
    programme = TerritoryFactory(code="3200", region=regions["32"]).programme
    for code, region in regions.items():
        Territory.objects.bulk_create(
            Territory(programme=programme, code=f"{code}{n:02}", name=f"T {n}", region=region)
            for n in range(1, 25)
        )
    rows = territory_rows(Client().get(HOME).content.decode())
    rows += territory_rows(Client().get(HOME, {"page": 2}).content.decode())
    assert [code[:2] for code in rows] == ["32"] * 25 + ["11"] * 24 + ["28"] * 24
