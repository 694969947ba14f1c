"""The territory page and the fiche page run a fixed number of SQL queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from territoires.accounts.models import Membership
from territoires.referential.models import StageChange

from ..factories import (
    ActionSheetFactory,
    EpciFactory,
    GovernanceRoleFactory,
    IndicatorFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    ScopeFactory,
    SheetEventFactory,
    StageFactory,
    StepFactory,
    TagFactory,
    TerritoryEpciFactory,
    TerritoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def build_territory(size):
    territory = TerritoryFactory()
    axes = list(territory.programme.axes.all())
    for index in range(size):
        sheet = ActionSheetFactory(
            territory=territory,
            code=f"F{index + 1}",
            axis=axes[index % len(axes)],
            presenter=PersonFactory(),
            visibility="restricted" if index % 3 else "public",
        )
        sheet.pilots.add(PersonFactory(), PersonFactory())
        sheet.tags.add(TagFactory(), TagFactory(name="industrie"))
    author = UserFactory()
    for index in range(size // 5 + 1):
        TerritoryEpciFactory(territory=territory, epci=EpciFactory())
        GovernanceRoleFactory(territory=territory, role="project_committee")
        PartnershipFactory(territory=territory, organisation=OrganisationFactory())
        # The "Étape du programme" block: one recorded move per row, its author and stages.
        StageChange.objects.create(
            territory=territory,
            from_stage=StageFactory(programme=territory.programme) if index else None,
            to_stage=StageFactory(programme=territory.programme),
            by=author if index % 2 else UserFactory(),
            at=timezone.now(),
            comment=f"Étape {index}",
        )
    return territory


def build_sheet(size):
    sheet = ActionSheetFactory(visibility="restricted", presenter=PersonFactory())
    author = UserFactory()
    for index in range(size):
        StepFactory(sheet=sheet)
        IndicatorFactory(sheet=sheet)
        SheetEventFactory(sheet=sheet, actor=author if index % 2 else UserFactory(), version=index)
        sheet.pilots.add(PersonFactory(organisation=OrganisationFactory()))
        sheet.partners.add(OrganisationFactory())
        sheet.tags.add(TagFactory())
        sheet.links.create(title=f"Lien {index}", url=f"https://example.org/{index}")
        sheet.related_sheets.add(ActionSheetFactory(territory=sheet.territory))
    return sheet


@pytest.mark.parametrize("role", [None, Membership.Role.READER, Membership.Role.EDITOR])
def test_territory_page_query_count_does_not_grow(login, role):
    counts = []
    for size in (5, 40):
        territory = build_territory(size)
        user = None
        if role:
            user = MembershipFactory(territory=territory, role=role, user=UserFactory()).user
        count, response = count_queries(
            login(user), reverse("territories:detail", args=[territory.code])
        )
        expected = size if role else len(range(0, size, 3))
        assert response.content.decode().count("<tr data-sheet=") == expected
        counts.append(count)
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize("kind", ["national", "region"])
def test_territory_page_with_the_stage_form_query_count_does_not_grow(login, kind):
    counts = []
    for size in (5, 40):
        territory = build_territory(size)
        region = territory.region if kind == "region" else None
        user = ScopeFactory(kind=kind, region=region).user
        count, response = count_queries(
            login(user), reverse("territories:detail", args=[territory.code])
        )
        html = response.content.decode()
        assert 'id="stage-form"' in html
        assert html.count("data-stage-change=") == size // 5 + 1
        counts.append(count)
    assert counts[0] == counts[1], counts


def test_filtered_territory_page_query_count_does_not_grow(login):
    counts = []
    for size in (5, 40):
        territory = build_territory(size)
        url = reverse("territories:detail", args=[territory.code]) + "?q=action&axis=attirer"
        counts.append(count_queries(login(), url)[0])
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize("role", [Membership.Role.READER, Membership.Role.EDITOR])
def test_sheet_page_query_count_does_not_grow(login, role):
    counts = []
    for size in (2, 20):
        sheet = build_sheet(size)
        user = MembershipFactory(territory=sheet.territory, role=role, user=UserFactory()).user
        count, response = count_queries(login(user), sheet.get_absolute_url())
        html = response.content.decode()
        assert html.count('data-action="updated"') == size
        counts.append(count)
    assert counts[0] == counts[1], counts


def test_home_query_count_does_not_grow(login):
    counts = []
    for size in (5, 40):
        build_territory(size)
        counts.append(count_queries(login(), reverse("home:index"))[0])
    assert counts[0] == counts[1], counts
