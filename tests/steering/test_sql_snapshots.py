"""The dashboards' exact SQL (snapshots in snapshots/), and a query count that does not
depend on the number of territories, fiches or financing lines."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from territoires.plans.models import Status
from territoires.programmes.services import ensure_territoires_d_industrie

from ..factories import (
    ActionSheetFactory,
    FundingLineFactory,
    OrganisationFactory,
    RegionFactory,
    ScopeFactory,
    TerritoryFactory,
)

pytestmark = pytest.mark.django_db


def grow(size):
    """`size` territories in two regions, three fiches each with a committed line, a
    status move, a stage move and a fragile territory among them."""
    programme = ensure_territoires_d_industrie()
    stages = list(programme.stages.order_by("position"))
    regions = [RegionFactory(code="44", name="Grand Est"), RegionFactory(code="53")]
    financer = OrganisationFactory(kind="national_operator")
    start = ensure_territoires_d_industrie().territories.count()
    for n in range(start, start + size):
        territory = TerritoryFactory(
            programme=programme,
            code=f"T{n}",
            region=regions[n % 2],
            stage=stages[n % len(stages)],
            is_fragile=n % 3 == 0,
            fragile_reason="Appui",
        )
        for k in range(3):
            sheet = ActionSheetFactory(territory=territory, code=f"F{k}", status=Status.PROPOSED)
            FundingLineFactory(sheet=sheet, financer=financer, status="granted")
            sheet.transitions.create(from_status="draft", to_status="proposed")
        territory.stage_changes.create(to_stage=stages[0], at=sheet.created_at)


def national_user():
    return ScopeFactory(kind="national").user


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


URLS = {
    "national": lambda: reverse("dashboards:national"),
    "national_filtered": lambda: (
        reverse("dashboards:national")
        + "?department=52&phase=2019&axis=recruter&since=2019-01-01&until=2030-12-31"
    ),
    "region": lambda: reverse("dashboards:region", args=["44"]),
    "territory": lambda: reverse("dashboards:territory", args=["T1"]),
    "sheets": lambda: reverse("dashboards:sheets") + "?region=44&late=1&committed=1",
    "territories": lambda: reverse("dashboards:territories") + "?stage=labellise&fragile=1",
}


@pytest.mark.parametrize("page", URLS)
def test_dashboard_queries(sql_snapshot, page):
    grow(4)
    client = client_for(national_user())
    url = URLS[page]()
    with sql_snapshot():
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("page", ["national", "region", "territory"])
@pytest.mark.parametrize("who", ["public", "region"])
def test_the_query_count_does_not_grow_with_the_data(page, who):
    grow(2)
    user = ScopeFactory(kind="region", region=RegionFactory(code="44")).user
    client = client_for(user if who == "region" else None)
    url = URLS[page]()
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(12)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)
