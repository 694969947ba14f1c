"""The access policy on its own: each role and scope, on its territory and another one."""

import pytest

from territoires.permissions import Policy
from territoires.plans.models import Visibility
from territoires.plans.workflow import get_transition

from ..factories import (
    ActionSheetFactory,
    DepartmentFactory,
    MembershipFactory,
    PersonFactory,
    RegionFactory,
    ScopeFactory,
    TerritoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    grand_est = RegionFactory(code="44", name="Grand Est")
    bretagne = RegionFactory(code="53", name="Bretagne")
    haute_marne = DepartmentFactory(code="52", name="Haute-Marne", region=grand_est)
    home = TerritoryFactory(code="4403", region=grand_est)
    home.departments.add(haute_marne)
    neighbour = TerritoryFactory(code="4404", region=grand_est)
    elsewhere = TerritoryFactory(code="5301", region=bretagne)
    sheets = {
        (territory.code, visibility): ActionSheetFactory(territory=territory, visibility=visibility)
        for territory in (home, neighbour, elsewhere)
        for visibility in (Visibility.PUBLIC, Visibility.RESTRICTED)
    }
    return {
        "home": home,
        "neighbour": neighbour,
        "elsewhere": elsewhere,
        "sheets": sheets,
        "region": grand_est,
        "department": haute_marne,
    }


def member(territory, role):
    return Policy(MembershipFactory(territory=territory, role=role).user)


def scoped(kind, **kwargs):
    return Policy(ScopeFactory(kind=kind, **kwargs).user)


def visible_codes(policy, world):
    from territoires.plans.models import ActionSheet

    visible = policy.visible_sheets(ActionSheet.objects.all())
    return {key for key, sheet in world["sheets"].items() if visible.filter(pk=sheet.pk).exists()}


def test_anonymous_sees_published_fiches_only(world):
    from django.contrib.auth.models import AnonymousUser

    policy = Policy(AnonymousUser())
    assert visible_codes(policy, world) == {
        ("4403", "public"),
        ("4404", "public"),
        ("5301", "public"),
    }
    assert not policy.can_edit_sheet(world["sheets"][("4403", "public")])


@pytest.mark.parametrize("role", ["reader", "contributor", "editor", "admin"])
def test_members_read_their_restricted_fiches_but_not_another_territory(world, role):
    policy = member(world["home"], role)
    assert visible_codes(policy, world) == {
        ("4403", "public"),
        ("4403", "restricted"),
        ("4404", "public"),
        ("5301", "public"),
    }
    assert not policy.can_view_sheet(world["sheets"][("4404", "restricted")])


@pytest.mark.parametrize(
    "role, edits_own, creates, validates, manages",
    [
        ("reader", False, False, False, False),
        ("contributor", False, False, False, False),
        ("editor", True, True, True, False),
        ("admin", True, True, True, True),
    ],
)
def test_territory_roles_write_rights(world, role, edits_own, creates, validates, manages):
    policy = member(world["home"], role)
    own = world["sheets"][("4403", "restricted")]
    other = world["sheets"][("4404", "public")]
    assert policy.can_edit_sheet(own) is edits_own
    assert policy.can_create_sheet(world["home"]) is creates
    assert policy.can_validate(world["home"]) is validates
    assert policy.can_manage_members(world["home"]) is manages
    assert not policy.can_edit_sheet(other)
    assert not policy.can_create_sheet(world["neighbour"])
    assert not policy.can_validate(world["neighbour"])
    assert not policy.can_manage_members(world["neighbour"])


def test_contributor_edits_only_the_fiches_they_pilot(world):
    user = UserFactory()
    MembershipFactory(user=user, territory=world["home"], role="contributor")
    person = PersonFactory(user=user)
    piloted = world["sheets"][("4403", "public")]
    piloted.pilots.add(person)
    policy = Policy(user)
    assert policy.can_edit_sheet(piloted)
    assert not policy.can_edit_sheet(world["sheets"][("4403", "restricted")])
    propose = get_transition(piloted, "proposed")
    assert policy.can_apply(piloted, propose)
    piloted.status = "presented"
    assert not policy.can_apply(piloted, get_transition(piloted, "validated"))


def test_region_scope_reads_and_validates_its_region_only(world):
    policy = scoped("region", region=world["region"])
    assert visible_codes(policy, world) == {
        ("4403", "public"),
        ("4403", "restricted"),
        ("4404", "public"),
        ("4404", "restricted"),
        ("5301", "public"),
    }
    assert policy.can_validate(world["home"]) and policy.can_validate(world["neighbour"])
    assert not policy.can_validate(world["elsewhere"])
    assert not policy.can_edit_sheet(world["sheets"][("4403", "public")])
    assert not policy.can_create_sheet(world["home"])


def test_state_scope_on_a_department_covers_the_territories_touching_it(world):
    policy = scoped("state", department=world["department"])
    assert policy.can_read_restricted(world["home"])
    assert not policy.can_read_restricted(world["neighbour"])
    assert policy.can_validate(world["home"])
    assert not policy.can_validate(world["elsewhere"])


def test_operator_reads_everything_and_writes_nothing(world):
    policy = scoped("operator")
    assert len(visible_codes(policy, world)) == 6
    assert not policy.can_edit_sheet(world["sheets"][("4403", "public")])
    assert not policy.can_validate(world["home"])
    assert not policy.can_manage_members(world["home"])


def test_national_team_may_do_everything(world):
    policy = scoped("national")
    assert len(visible_codes(policy, world)) == 6
    assert policy.can_edit_sheet(world["sheets"][("5301", "restricted")])
    assert policy.can_validate(world["elsewhere"])
    assert policy.can_manage_members(world["elsewhere"])


def test_deleted_fiches_are_hidden_except_from_those_who_restore_them(world):
    from django.utils import timezone

    sheet = world["sheets"][("4403", "public")]
    sheet.deleted_at = timezone.now()
    sheet.save()
    assert not Policy(
        MembershipFactory(territory=world["home"], role="reader").user
    ).can_view_sheet(sheet)
    assert member(world["home"], "editor").can_view_sheet(sheet)
    assert ("4403", "public") not in visible_codes(member(world["home"], "editor"), world)
