"""Fixtures of the directory tests: a second territory, a partner of 4403, a Région officer.
Territory 4403, its members and `login` come from tests/conftest.py."""

import pytest

from ..factories import (
    OrganisationFactory,
    PartnershipFactory,
    RegionFactory,
    ScopeFactory,
    TerritoryFactory,
)


@pytest.fixture
def other_territory(db):
    region = RegionFactory(code="44", name="Grand Est")
    return TerritoryFactory(code="4412", name="Vosges", region=region)


@pytest.fixture
def nogentech(territory):
    organisation = OrganisationFactory(name="Nogentech", kind="cluster")
    PartnershipFactory(territory=territory, organisation=organisation, description="Cluster")
    return organisation


@pytest.fixture
def region_officer(territory):
    return ScopeFactory(kind="region", region=territory.region).user
