"""The catalogue's financer filter: the published fiches having a line (not refused) of the
financer, among the financing plans the user reads; the public is offered no financer and
finds nothing by one (a financing plan is not published with a public fiche)."""

import pytest
from django.urls import reverse

from territoires.funding.filters import funded_by
from territoires.plans import catalogue

from ..factories import (
    ActionSheetFactory,
    FundingLineFactory,
    OrganisationFactory,
    RegionFactory,
    ScopeFactory,
    TerritoryFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(territory):
    other = TerritoryFactory(code="5301", region=RegionFactory(code="53", name="Bretagne"))
    bpi = OrganisationFactory(name="Bpifrance")
    ademe = OrganisationFactory(name="ADEME")
    mine = ActionSheetFactory(territory=territory, code="F1", title="Plateforme d'usinage")
    theirs = ActionSheetFactory(territory=other, code="F1", title="Usinage de précision")
    refused = ActionSheetFactory(territory=territory, code="F2", title="Fonderie")
    hidden = ActionSheetFactory(
        territory=territory, code="F3", title="Usine secrète", visibility="restricted"
    )
    FundingLineFactory(sheet=mine, financer=bpi)
    FundingLineFactory(sheet=theirs, financer=bpi, status="granted")
    FundingLineFactory(sheet=refused, financer=bpi, status="refused")
    FundingLineFactory(sheet=hidden, financer=bpi)
    FundingLineFactory(sheet=theirs, financer=ademe)
    return {"bpi": bpi, "ademe": ademe, "mine": mine, "theirs": theirs}


def _codes(user, financer):
    sheets = catalogue.search_catalogue(condition=funded_by(financer.pk, user))
    return sorted(f"{s.territory.code}/{s.code}" for s in sheets)


def test_the_national_team_finds_every_published_fiche_funded_by_the_financer(world):
    national = ScopeFactory(kind="national").user

    assert _codes(national, world["bpi"]) == ["4403/F1", "5301/F1"]
    assert _codes(national, world["ademe"]) == ["5301/F1"]


def test_a_member_finds_only_in_the_plans_they_read_and_the_public_nothing(world, reader):
    from django.contrib.auth.models import AnonymousUser

    assert _codes(reader, world["bpi"]) == ["4403/F1"]
    assert _codes(reader, world["ademe"]) == []
    assert _codes(AnonymousUser(), world["bpi"]) == []


def test_the_page_offers_the_filter_to_those_who_read_financing_plans(world, reader, login):
    url = reverse("catalogue:index")

    public = login().get(url, {"financer": world["bpi"].pk})
    assert 'name="financer"' not in public.text
    assert "Plateforme d&#x27;usinage" in public.text  # an unknown choice is ignored
    page = login(reader).get(url, {"financer": world["bpi"].pk})
    assert 'name="financer"' in page.text and "ADEME" not in page.text
    assert "Plateforme d&#x27;usinage" in page.text and "Usinage de précision" not in page.text


def test_the_api_filters_by_financer_and_refuses_an_impossible_id(world, reader, login):
    answer = login(reader).get("/api/v1/catalogue/", {"financer": world["bpi"].pk})
    assert [entry["code"] for entry in answer.json()["items"]] == ["F1"]
    assert login().get("/api/v1/catalogue/", {"financer": world["bpi"].pk}).json()["items"] == []
    assert login().get("/api/v1/catalogue/", {"financer": 2**40}).status_code == 422
