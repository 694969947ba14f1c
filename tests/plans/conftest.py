"""Fixtures of the plan pages: a territory shaped like Chaumont/Nogent–Langres and its people."""

import pytest
from django.test import Client

from territoires.accounts.models import Membership

from ..factories import (
    MembershipFactory,
    PersonFactory,
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
def axes(territory):
    return {axis.code: axis for axis in territory.programme.axes.all()}


def member(territory, role):
    return MembershipFactory(territory=territory, role=role, user=UserFactory()).user


@pytest.fixture
def editor(territory):
    return member(territory, Membership.Role.EDITOR)


@pytest.fixture
def reader(territory):
    return member(territory, Membership.Role.READER)


@pytest.fixture
def contributor(territory):
    user = member(territory, Membership.Role.CONTRIBUTOR)
    PersonFactory(first_name="Jean-François", last_name="Contributeur", user=user)
    return user


@pytest.fixture
def outsider(db):
    return UserFactory()


@pytest.fixture
def national(db):
    return ScopeFactory().user


@pytest.fixture
def login():
    """A test client logged in as `user` (anonymous when None)."""

    def make(user=None):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make
