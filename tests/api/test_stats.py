"""GET /api/v1/stats/national/?date= and /stats/regions/{code}/?date=: the bilan's figures
as of a day; the public version without restricted fiches nor money; a wrong date or an
unknown region answered in French."""

import pytest

from ..factories import ScopeFactory
from ..steering.conftest import world  # noqa: F401 (the bilan's world)

pytestmark = pytest.mark.django_db

URL = "/api/v1/stats/national/"


def test_the_national_team_reads_the_figures_of_31_december_2019(world, national, client):  # noqa: F811
    client.force_login(national)
    data = client.get(URL + "?date=2019-12-31").json()
    assert data["date"] == "2019-12-31"
    assert data["public"] is False
    assert data["total"]["actions"] == 3
    assert data["total"]["funded_actions"] == 2
    assert float(data["total"]["committed"]) == 50_000_000
    assert [(r["label"], r["actions"]) for r in data["by_region"]] == [
        ("Bretagne", 1),
        ("Grand Est", 2),
    ]
    assert data["signed"][0]["code"] == "4403"
    assert data["signed"][0]["signed_on"] == "2019-11-05"
    assert data["headline"].startswith("Au 31/12/2019, 2 territoires ont défini")
    assert {t["label"] for t in data["targets"]} >= {"200 M€ engagés fin 2019"}


def test_anonymous_callers_read_the_public_figures(world, client):  # noqa: F811
    data = client.get(URL + "?date=2019-12-31").json()
    assert data["public"] is True
    assert data["total"]["actions"] == 2
    assert data["total"]["committed"] is None
    assert data["by_financer"] == []


def test_a_region_s_scope_reads_its_region_in_full(world, client):  # noqa: F811
    client.force_login(ScopeFactory(kind="region", region=world["grand_est"]).user)
    own = client.get("/api/v1/stats/regions/44/?date=2019-12-31").json()
    assert (own["public"], own["region"]["name"], own["total"]["actions"]) == (
        False,
        "Grand Est",
        2,
    )
    assert client.get("/api/v1/stats/regions/53/").json()["public"] is True


@pytest.mark.parametrize(
    ("date", "message"),
    [("2999-01-01", "date future"), ("1900-01-01", "pas commencé"), ("hier", "")],
)
def test_a_wrong_date_is_a_422_in_french(world, client, date, message):  # noqa: F811
    response = client.get(URL + f"?date={date}")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"
    assert message in response.content.decode()


def test_an_unknown_region_is_a_404(world, client):  # noqa: F811
    response = client.get("/api/v1/stats/regions/99/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_stats_queries(sql_snapshot, world, national, client):  # noqa: F811
    client.force_login(national)
    with sql_snapshot():
        assert client.get(URL + "?date=2019-12-31").status_code == 200
