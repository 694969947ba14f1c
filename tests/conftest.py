"""Fixtures shared by the page tests: territory 4403 of Grand Est, one member per role, the
national team, and a client logged in as anyone. A test module or folder may redefine one."""

import pytest
from django.test import Client

from territoires.accounts.models import Membership

from . import tripwires
from .factories import RegionFactory, ScopeFactory, TerritoryFactory, member
from .sql_snapshots import make_fixture
from .static_files import collected_static  # noqa: F401 (session fixture, autouse)


def pytest_addoption(parser):
    parser.addoption(
        "--snapshot-update",
        action="store_true",
        default=False,
        help="Réécrire les instantanés SQL (tests/**/snapshots/) au lieu de les comparer.",
    )


@pytest.fixture(scope="session", autouse=True)
def _tripwires():
    """Undefined template variables raise; unordered queries come back shuffled."""
    tripwires.install()


@pytest.fixture
def sql_snapshot(request):
    """`with sql_snapshot(): client.get(...)` compares the request's SQL with its snapshot."""
    return make_fixture(request, request.config.getoption("--snapshot-update"))


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def territory(db):
    region = RegionFactory(code="44", name="Grand Est")
    return TerritoryFactory(code="4403", name="Chaumont – Langres", region=region)


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
