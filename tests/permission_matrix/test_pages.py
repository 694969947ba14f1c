"""The pages and the directory, for every actor (see rules.py)."""

import pytest

from .capability import as_page
from .contacts import CONTACT_PAGES, INVITATION_PAGES
from .dashboards import DASHBOARD_PAGES
from .directory import DIRECTORY_PAGES
from .funding import FUNDING_PAGES
from .meetings import MEETING_PAGES
from .pages import PAGES
from .runner import PAGE_ACTORS, matrix_params, run
from .steering import BILAN_PAGES
from .workspace import WORKSPACE_PAGES
from .world import World

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("actor", "auth", "capability"),
    matrix_params(
        [
            as_page(c)
            for c in (PAGES + DIRECTORY_PAGES + MEETING_PAGES + FUNDING_PAGES + CONTACT_PAGES)
            + BILAN_PAGES
            + DASHBOARD_PAGES
            + WORKSPACE_PAGES
            + INVITATION_PAGES
        ],
        PAGE_ACTORS,
    ),
)
def test_page(actor, auth, capability):
    world = World()
    world.actor = actor
    run(world, world.client(actor), actor, capability, actor)
