"""A pilot (a contributeur whose directory person pilots F9), a Région user of Grand Est,
and F9 presented to the companies, awaiting validation."""

import pytest

from territoires.accounts.models import Scope
from territoires.plans.models import Status

from ..factories import ActionSheetFactory, PersonFactory, ScopeFactory


@pytest.fixture
def pilot(contributor):
    return contributor


@pytest.fixture
def sheet(territory, pilot):
    sheet = ActionSheetFactory(
        territory=territory,
        code="F9",
        title="Former à la maintenance industrielle",
        status=Status.PRESENTED,
    )
    sheet.pilots.add(PersonFactory(first_name="Pia", last_name="Pilote", user=pilot))
    return sheet


@pytest.fixture
def region_user(territory):
    return ScopeFactory(kind=Scope.Kind.REGION, region=territory.region).user
