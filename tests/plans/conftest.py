"""Fixtures of the plan pages: the programme's axes, a contributor who is also a person of
the directory (so that they can pilot fiches), and a user without any role. Territory 4403,
its other members and `login` come from tests/conftest.py."""

import pytest

from territoires.accounts.models import Membership

from ..factories import PersonFactory, UserFactory, member


@pytest.fixture
def axes(territory):
    return {axis.code: axis for axis in territory.programme.axes.all()}


@pytest.fixture
def contributor(territory):
    user = member(territory, Membership.Role.CONTRIBUTOR)
    PersonFactory(first_name="Jean-François", last_name="Contributeur", user=user)
    return user


@pytest.fixture
def outsider(db):
    return UserFactory()
