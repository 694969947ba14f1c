"""The exact SQL of the main pages, with the code that issues each query (snapshots in
snapshots/; `pytest --snapshot-update` after an intended change). The counts at two
sizes stay in tests/plans/test_query_counts.py."""

import pytest
from django.urls import reverse

from territoires.accounts.models import Membership

from ..factories import (
    ActionSheetFactory,
    EpciFactory,
    GovernanceRoleFactory,
    IndicatorFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    SheetEventFactory,
    StepFactory,
    TagFactory,
    TerritoryEpciFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(territory):
    """A small plan with everything its pages show."""
    axes = list(territory.programme.axes.order_by("position"))
    sheets = []
    for index in range(3):
        sheet = ActionSheetFactory(
            territory=territory,
            code=f"F{index + 1}",
            axis=axes[index % len(axes)],
            presenter=PersonFactory(organisation=OrganisationFactory()),
            visibility="restricted" if index else "public",
        )
        sheet.pilots.add(PersonFactory())
        sheet.partners.add(OrganisationFactory())
        sheet.tags.add(TagFactory())
        StepFactory(sheet=sheet)
        IndicatorFactory(sheet=sheet)
        SheetEventFactory(sheet=sheet)
        sheets.append(sheet)
    sheets[0].related_sheets.add(sheets[1])
    TerritoryEpciFactory(territory=territory, epci=EpciFactory())
    GovernanceRoleFactory(territory=territory, role="elected_pilot")
    PartnershipFactory(territory=territory)
    return sheets


@pytest.fixture
def member(territory):
    return MembershipFactory(
        territory=territory, role=Membership.Role.EDITOR, user=UserFactory()
    ).user


def test_home_page_queries(sql_snapshot, login, plan):
    client = login()
    with sql_snapshot():
        assert client.get(reverse("home:index")).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "editor"])
def test_territory_page_queries(sql_snapshot, login, territory, plan, member, who):
    client = login(member if who == "editor" else None)
    with sql_snapshot():
        assert client.get(reverse("territories:detail", args=[territory.code])).status_code == 200


def test_plan_table_queries(sql_snapshot, login, territory, plan, member):
    """The plan table alone, filtered, as htmx asks for it."""
    client = login(member)
    url = reverse("territories:detail", args=[territory.code]) + "?q=action&axis=attirer"
    with sql_snapshot():
        assert client.get(url, HTTP_HX_REQUEST="true").status_code == 200


def test_fiche_page_queries(sql_snapshot, login, plan, member):
    client = login(member)
    with sql_snapshot():
        assert client.get(plan[0].get_absolute_url()).status_code == 200


def test_directory_page_queries(sql_snapshot, login, territory, plan, member):
    client = login(member)
    with sql_snapshot():
        assert client.get(reverse("directory:index", args=[territory.code])).status_code == 200
