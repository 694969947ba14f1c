"""The exact SQL of the API's endpoints, with the code that issues each query (snapshots
in snapshots/; `pytest --snapshot-update` after an intended change)."""

import pytest

from territoires.accounts.models import Membership

from ..factories import (
    ActionSheetFactory,
    EpciFactory,
    GovernanceRoleFactory,
    MembershipFactory,
    PartnershipFactory,
    PersonFactory,
    SheetEventFactory,
    StepFactory,
    TagFactory,
    TerritoryEpciFactory,
    UserFactory,
)
from .conftest import bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheets(territory):
    made = []
    for index in range(3):
        sheet = ActionSheetFactory(
            territory=territory,
            code=f"F{index + 1}",
            visibility="restricted" if index else "public",
        )
        sheet.pilots.add(PersonFactory())
        sheet.tags.add(TagFactory())
        StepFactory(sheet=sheet)
        SheetEventFactory(sheet=sheet)
        made.append(sheet)
    TerritoryEpciFactory(territory=territory, epci=EpciFactory())
    GovernanceRoleFactory(territory=territory)
    PartnershipFactory(territory=territory)
    return made


@pytest.fixture
def headers(territory):
    reader = MembershipFactory(
        territory=territory, role=Membership.Role.READER, user=UserFactory()
    ).user
    return {"HTTP_AUTHORIZATION": bearer(reader)}


def test_territory_list_queries(sql_snapshot, client, sheets, headers):
    with sql_snapshot():
        assert client.get("/api/v1/territories/", **headers).status_code == 200


def test_territory_detail_queries(sql_snapshot, client, territory, sheets, headers):
    with sql_snapshot():
        assert client.get(f"/api/v1/territories/{territory.code}/", **headers).status_code == 200


@pytest.mark.parametrize("query", ["", "?q=action"])
def test_action_sheet_list_queries(sql_snapshot, client, sheets, headers, query):
    with sql_snapshot():
        assert client.get(f"/api/v1/action-sheets/{query}", **headers).status_code == 200


def test_action_sheet_detail_queries(sql_snapshot, client, sheets, headers):
    with sql_snapshot():
        assert client.get(f"/api/v1/action-sheets/{sheets[1].pk}/", **headers).status_code == 200


def test_action_sheet_history_queries(sql_snapshot, client, sheets, headers):
    url = f"/api/v1/action-sheets/{sheets[1].pk}/history/"
    with sql_snapshot():
        assert client.get(url, **headers).status_code == 200
