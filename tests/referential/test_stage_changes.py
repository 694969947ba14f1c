"""A territory's stage in its programme: recorded moves, forward by default."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from territoires.programmes.services import ensure_territoires_d_industrie
from territoires.referential.services import change_territory_stage

from ..factories import MembershipFactory, ProgrammeFactory, ScopeFactory, TerritoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def territory():
    programme = ensure_territoires_d_industrie()
    return TerritoryFactory(programme=programme)


def stage(territory, code):
    return territory.programme.stages.get(code=code)


def test_region_records_a_stage_with_who_when_and_why(territory):
    officer = ScopeFactory(kind="region", region=territory.region).user
    when = timezone.make_aware(datetime.datetime(2018, 11, 22, 10, 0))
    change = change_territory_stage(
        territory, stage(territory, "labellise"), acting_user=officer, comment="Label", at=when
    )
    territory.refresh_from_db()
    assert territory.stage.code == "labellise"
    assert (change.from_stage, change.to_stage.code, change.by, change.at, change.comment) == (
        None,
        "labellise",
        officer,
        when,
        "Label",
    )


def test_going_back_needs_a_comment(territory):
    national = ScopeFactory(kind="national").user
    change_territory_stage(territory, stage(territory, "plan-valide"), acting_user=national)
    with pytest.raises(ValidationError, match="correction"):
        change_territory_stage(territory, stage(territory, "labellise"), acting_user=national)
    territory.refresh_from_db()
    assert territory.stage.code == "plan-valide"
    change_territory_stage(
        territory, stage(territory, "labellise"), acting_user=national, comment="saisie erronée"
    )
    assert list(territory.stage_changes.values_list("to_stage__code", flat=True)) == [
        "plan-valide",
        "labellise",
    ]


def test_same_stage_or_foreign_stage_is_refused(territory):
    national = ScopeFactory(kind="national").user
    change_territory_stage(territory, stage(territory, "labellise"), acting_user=national)
    with pytest.raises(ValidationError, match="déjà"):
        change_territory_stage(territory, stage(territory, "labellise"), acting_user=national)
    other = ProgrammeFactory(slug="autre-programme", name="Autre programme")
    foreign = other.stages.create(code="x", name="Étape étrangère", position=1)
    with pytest.raises(ValidationError, match="programme"):
        change_territory_stage(territory, foreign, acting_user=national)
    assert territory.stage_changes.count() == 1


@pytest.mark.parametrize("role", ["reader", "editor", "admin"])
def test_territory_members_do_not_record_stages(territory, role):
    user = MembershipFactory(territory=territory, role=role).user
    with pytest.raises(PermissionDenied):
        change_territory_stage(territory, stage(territory, "labellise"), acting_user=user)
    assert not territory.stage_changes.exists()


def test_region_of_another_territory_cannot_record_its_stage(territory):
    elsewhere = TerritoryFactory(programme=territory.programme)
    officer = ScopeFactory(kind="region", region=elsewhere.region).user
    assert elsewhere.region != territory.region
    with pytest.raises(PermissionDenied):
        change_territory_stage(territory, stage(territory, "labellise"), acting_user=officer)
