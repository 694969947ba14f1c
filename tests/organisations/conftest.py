"""Fixtures of the directory tests: territory 4403 with a partner, and one actor per role."""

import pytest
from django.test import Client

from territoires.accounts.models import Membership

from ..factories import (
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    RegionFactory,
    ScopeFactory,
    TerritoryFactory,
    UserFactory,
)


@pytest.fixture
def territory(db):
    region = RegionFactory(code="44", name="Grand Est")
    return TerritoryFactory(code="4403", name="Chaumont – Langres", region=region)


@pytest.fixture
def other_territory(db):
    region = RegionFactory(code="44", name="Grand Est")
    return TerritoryFactory(code="4412", name="Vosges", region=region)


@pytest.fixture
def nogentech(territory):
    organisation = OrganisationFactory(name="Nogentech", kind="cluster")
    PartnershipFactory(territory=territory, organisation=organisation, description="Cluster")
    return organisation


def member(territory, role):
    return MembershipFactory(territory=territory, role=role, user=UserFactory()).user


@pytest.fixture
def editor(territory):
    return member(territory, Membership.Role.EDITOR)


@pytest.fixture
def admin(territory):
    return member(territory, Membership.Role.ADMIN)


@pytest.fixture
def reader(territory):
    return member(territory, Membership.Role.READER)


@pytest.fixture
def contributor(territory):
    return member(territory, Membership.Role.CONTRIBUTOR)


@pytest.fixture
def region_officer(territory):
    return ScopeFactory(kind="region", region=territory.region).user


@pytest.fixture
def national(db):
    return ScopeFactory(kind="national").user


@pytest.fixture
def login():
    """A test client logged in as `user` (anonymous when None)."""

    def make(user=None):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make
