"""Territories: public list and detail, with counts limited to what the caller may see."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from territoires.organisations.models import GovernanceRole, Partnership
from territoires.plans.models import Visibility
from territoires.referential.models import TerritoryEpci

from ..factories import (
    ActionSheetFactory,
    DepartmentFactory,
    EpciFactory,
    OrganisationFactory,
    PersonFactory,
    StageFactory,
    TerritoryFactory,
)
from .conftest import bearer

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/territories/"


def by_code(response):
    return {item["code"]: item for item in response.json()["items"]}


def test_list_shows_territories_with_epci_and_stage(api_client, world):
    stage = StageFactory(
        programme=world.territory_a.programme, code="plan-valide", name="Plan validé"
    )
    world.territory_a.stage = stage
    world.territory_a.save()
    epci = EpciFactory(siren="200072050", name="CA de Chaumont")
    TerritoryEpci.objects.create(
        territory=world.territory_a, epci=epci, communes_in_territory=40, communes_in_epci=63
    )

    response = api_client.get(LIST_URL)

    assert response.status_code == 200
    assert response.json()["count"] == 2
    item = by_code(response)["4403"]
    assert item["name"] == "Chaumont-Langres"
    assert item["region"] == {"code": "44", "name": "Grand Est"}
    assert item["phase"] == "2019"
    assert item["stage"] == {"code": "plan-valide", "name": "Plan validé"}
    assert item["epcis"] == [
        {"siren": "200072050", "name": "CA de Chaumont", "kind": "CC", "is_partial": True}
    ]


def test_list_counts_only_the_fiches_the_caller_may_see(api_client, world, reader_a):
    anonymous = by_code(api_client.get(LIST_URL))
    member = by_code(api_client.get(LIST_URL, HTTP_AUTHORIZATION=bearer(reader_a)))

    assert anonymous["4403"]["action_sheet_count"] == 1
    assert anonymous["5301"]["action_sheet_count"] == 1
    assert member["4403"]["action_sheet_count"] == 2  # its own restricted fiche included
    assert member["5301"]["action_sheet_count"] == 1


def test_list_filters_by_region(api_client, world):
    response = api_client.get(LIST_URL, {"region": "53"})

    assert set(by_code(response)) == {"5301"}


def test_list_is_paginated(api_client, world):
    response = api_client.get(LIST_URL, {"page": 2, "page_size": 1})

    body = response.json()
    assert (body["count"], body["page"], body["page_size"]) == (2, 2, 1)
    assert [item["code"] for item in body["items"]] == ["5301"]


def test_list_runs_the_same_number_of_queries_for_3_and_30_territories(api_client, world):
    def count(how_many):
        territories = [TerritoryFactory(region=world.territory_a.region) for _ in range(how_many)]
        for territory in territories:
            TerritoryEpci.objects.create(territory=territory, epci=EpciFactory())
            ActionSheetFactory(territory=territory, visibility=Visibility.PUBLIC)
        with CaptureQueriesContext(connection) as queries:
            response = api_client.get(LIST_URL, {"page_size": 200})
        assert response.status_code == 200
        return len(queries)

    assert count(3) == count(27)  # 2 + 3 = 5 territories, then 5 + 27 = 32


def test_detail_shows_governance_departments_partners_and_axes(api_client, world, reader_a):
    territory = world.territory_a
    territory.departments.add(DepartmentFactory(code="52", name="Haute-Marne"))
    territory.labelled_on = datetime.date(2018, 11, 22)
    territory.save()
    agglo = OrganisationFactory(name="Agglomération de Chaumont")
    elected = PersonFactory(first_name="Christine", last_name="Guillemy")
    GovernanceRole.objects.create(
        territory=territory,
        person=elected,
        role=GovernanceRole.Role.ELECTED_PILOT,
        organisation=agglo,
    )
    Partnership.objects.create(
        territory=territory, organisation=OrganisationFactory(name="Nogentech")
    )

    anonymous = api_client.get(f"{LIST_URL}4403/").json()
    member = api_client.get(f"{LIST_URL}4403/", HTTP_AUTHORIZATION=bearer(reader_a)).json()

    assert anonymous["labelled_on"] == "2018-11-22"
    assert anonymous["departments"] == [{"code": "52", "name": "Haute-Marne"}]
    assert anonymous["governance"] == [
        {
            "name": "Christine Guillemy",
            "role": "elected_pilot",
            "role_label": "Binôme – élu",
            "organisation": "Agglomération de Chaumont",
            "note": "",
            "since": None,
            "until": None,
        }
    ]
    assert anonymous["partners"] == ["Nogentech"]
    assert [axis["code"] for axis in anonymous["axes"]] == [
        "attirer",
        "recruter",
        "innover",
        "simplifier",
    ]
    assert anonymous["axes"][0]["action_sheet_count"] == 1
    assert member["axes"][0]["action_sheet_count"] == 2
    assert member["action_sheet_count"] == 2


def test_unknown_territory_is_404_in_the_common_format(api_client, world):
    response = api_client.get(f"{LIST_URL}0000/")

    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "Ressource introuvable.", "details": {}}
    }


def test_territory_detail_lists_current_governance_roles_only(client):
    from ..factories import PersonFactory, TerritoryFactory

    territory = TerritoryFactory()
    current = PersonFactory(last_name="Actuelle")
    former = PersonFactory(last_name="Ancienne")
    GovernanceRole.objects.create(territory=territory, person=current, role="project_manager")
    GovernanceRole.objects.create(
        territory=territory,
        person=former,
        role="project_manager",
        until=datetime.date(2020, 1, 1),
    )
    body = client.get(f"/api/v1/territories/{territory.code}/").json()
    names = [seat["name"] for seat in body["governance"]]
    assert any("Actuelle" in name for name in names)
    assert not any("Ancienne" in name for name in names)
