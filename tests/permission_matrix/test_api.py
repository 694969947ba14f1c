"""The API, for every actor and both ways to authenticate (see rules.py)."""

import pytest

from .api import API
from .funding import FUNDING_API
from .meetings import MEETING_API
from .runner import API_ACTORS, matrix_params, run
from .steering import BILAN_API
from .world import World

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("actor", "auth", "capability"),
    matrix_params(API + FUNDING_API + MEETING_API + BILAN_API, API_ACTORS),
)
def test_api(actor, auth, capability):
    world = World()
    world.actor = actor
    label = f"{actor}-{auth}" if auth else actor
    run(world, world.client(actor, auth or "session"), actor, capability, label)
