"""Fixtures of the API tests: two territories, their fiches, people with roles, tokens."""

import pytest
from django.test import Client

from territoires.accounts.models import ApiToken, Membership
from territoires.plans.models import Visibility

from ..factories import (
    ActionSheetFactory,
    MembershipFactory,
    RegionFactory,
    TerritoryFactory,
    UserFactory,
)


class World:
    """Territory A (4403) and territory B (5301), each with a public and a restricted fiche."""

    def __init__(self):
        grand_est = RegionFactory(code="44", name="Grand Est")
        bretagne = RegionFactory(code="53", name="Bretagne")
        self.territory_a = TerritoryFactory(code="4403", name="Chaumont-Langres", region=grand_est)
        self.territory_b = TerritoryFactory(code="5301", name="Lorient", region=bretagne)
        self.public_a = ActionSheetFactory(
            territory=self.territory_a,
            code="F1",
            title="Attirer des talents industriels",
            visibility=Visibility.PUBLIC,
        )
        self.restricted_a = ActionSheetFactory(
            territory=self.territory_a,
            code="F2",
            title="Foncier économique",
            visibility=Visibility.RESTRICTED,
        )
        self.public_b = ActionSheetFactory(
            territory=self.territory_b,
            code="F1",
            title="Formation aux métiers de la mer",
            visibility=Visibility.PUBLIC,
        )
        self.restricted_b = ActionSheetFactory(
            territory=self.territory_b,
            code="F2",
            title="Friche portuaire",
            visibility=Visibility.RESTRICTED,
        )

    def member(self, territory, role=Membership.Role.READER):
        return MembershipFactory(territory=territory, role=role, user=UserFactory()).user


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def reader_a(world):
    return world.member(world.territory_a, Membership.Role.READER)


@pytest.fixture
def editor_a(world):
    return world.member(world.territory_a, Membership.Role.EDITOR)


def bearer(user, name="tests"):
    """The Authorization header value of a fresh token of `user`."""
    _, key = ApiToken.issue(user, name)
    return f"Bearer {key}"


@pytest.fixture
def api_client():
    return Client()


@pytest.fixture
def as_user(api_client):
    """A function giving request headers authenticating `user` with a new API token."""

    def headers(user):
        return {"HTTP_AUTHORIZATION": bearer(user)}

    return headers
