"""The one place that decides who may see and do what.

Every page, export and API endpoint asks a `Policy` (built once per request with
`policy_for(user)`) rather than testing roles itself; services check it again before
writing. Rules:

- anonymous visitors see published fiches only;
- a territory's lecteur reads everything of that territory, restricted fiches included;
- a contributeur also edits the fiches they pilot and moves them through the workflow
  steps that need no validation;
- an éditeur edits every fiche of the territory, creates, deletes, restores and
  validates;
- an administrateur also manages the territory's members;
- the territory's directory (annuaire: people, governance roles, partner organisations)
  is public without contact details; members and scopes reading the territory also see
  emails and phones; éditeurs, administrateurs and the national team manage it
  (`can_manage_directory`); a person's own details (name, job, email, phone) may be
  changed by whoever manages the directory of a territory where the person holds a role
  (`can_edit_person`);
- a Région scope reads and validates its region's territories; a State scope does the
  same for its region or department; an opérateur reads everything; the national team
  may do everything.
"""

from functools import cached_property

from django.db.models import Q

from territoires.accounts.models import Membership, Scope
from territoires.plans.models import Visibility

EDIT_ALL_ROLES = {Membership.Role.EDITOR, Membership.Role.ADMIN}


class Policy:
    def __init__(self, user):
        self.user = user
        self.is_authenticated = bool(user and user.is_authenticated)

    # What the user is -------------------------------------------------------------

    @cached_property
    def roles(self) -> dict[int, str]:
        """territory id → role, for the territories the user is a member of."""
        if not self.is_authenticated:
            return {}
        return dict(Membership.objects.filter(user=self.user).values_list("territory_id", "role"))

    @cached_property
    def scopes(self) -> list[Scope]:
        if not self.is_authenticated:
            return []
        return list(Scope.objects.filter(user=self.user))

    @cached_property
    def is_national(self) -> bool:
        if not self.is_authenticated:
            return False
        return self.user.is_superuser or any(s.kind == Scope.Kind.NATIONAL for s in self.scopes)

    @cached_property
    def reads_everything(self) -> bool:
        return self.is_national or any(s.kind == Scope.Kind.OPERATOR for s in self.scopes)

    @cached_property
    def person_id(self):
        if not self.is_authenticated:
            return None
        from territoires.organisations.models import Person

        return Person.objects.filter(user=self.user).values_list("id", flat=True).first()

    @cached_property
    def scoped_territory_ids(self) -> frozenset[int]:
        """Territories reached through a Région or State scope (read and validate)."""
        region_ids = {
            s.region_id
            for s in self.scopes
            if s.kind in (Scope.Kind.REGION, Scope.Kind.STATE) and s.region_id
        }
        department_ids = {
            s.department_id for s in self.scopes if s.kind == Scope.Kind.STATE and s.department_id
        }
        if not region_ids and not department_ids:
            return frozenset()
        from territoires.referential.models import Territory

        condition = Q(region_id__in=region_ids) | Q(departments__in=department_ids)
        return frozenset(Territory.objects.filter(condition).values_list("id", flat=True))

    def role_on(self, territory) -> str | None:
        return self.roles.get(_id(territory))

    # Territories ------------------------------------------------------------------

    def can_read_restricted(self, territory) -> bool:
        """May read the territory's restricted fiches, history and contact details."""
        if self.reads_everything:
            return True
        territory_id = _id(territory)
        return territory_id in self.roles or territory_id in self.scoped_territory_ids

    def can_create_sheet(self, territory) -> bool:
        return self.is_national or self.role_on(territory) in EDIT_ALL_ROLES

    def can_validate(self, territory) -> bool:
        return (
            self.is_national
            or self.role_on(territory) in EDIT_ALL_ROLES
            or _id(territory) in self.scoped_territory_ids
        )

    def can_change_stage(self, territory) -> bool:
        """Record the territory's programme stage: the Région, the State, the national team."""
        return self.is_national or _id(territory) in self.scoped_territory_ids

    def can_manage_members(self, territory) -> bool:
        return self.is_national or self.role_on(territory) == Membership.Role.ADMIN

    def can_manage_directory(self, territory) -> bool:
        """Add people and governance roles, change or end roles, add or remove partners."""
        return self.is_national or self.role_on(territory) in EDIT_ALL_ROLES

    def can_edit_person(self, person) -> bool:
        """Change a person's details: whoever manages the directory of a territory where the
        person holds a role (ended or not). A person seen from several territories is
        thus editable from each of them; one without any role only by the national team."""
        if self.is_national:
            return True
        from territoires.organisations.models import GovernanceRole

        territory_ids = set(
            GovernanceRole.objects.filter(person=person).values_list("territory_id", flat=True)
        )
        return any(self.can_manage_directory(territory_id) for territory_id in territory_ids)

    def can_manage_trash(self, territory) -> bool:
        """Delete fiches, see the deleted ones and restore them."""
        return self.can_create_sheet(territory)

    # Fiches -----------------------------------------------------------------------

    def can_view_sheet(self, sheet) -> bool:
        if sheet.deleted_at is not None:
            return self.can_manage_trash(sheet.territory_id)
        return sheet.visibility == Visibility.PUBLIC or self.can_read_restricted(sheet.territory_id)

    def can_edit_sheet(self, sheet) -> bool:
        if sheet.deleted_at is not None:
            return False
        if self.can_create_sheet(sheet.territory_id):
            return True
        if self.role_on(sheet.territory_id) == Membership.Role.CONTRIBUTOR and self.person_id:
            return self.person_id in {p.pk for p in sheet.pilots.all()}
        return False

    def can_view_history(self, sheet) -> bool:
        return self.can_view_sheet(sheet) and self.can_read_restricted(sheet.territory_id)

    def can_apply(self, sheet, transition) -> bool:
        """May move the fiche along this workflow transition."""
        if sheet.deleted_at is not None:
            return False
        if transition.permission == "validate":
            return self.can_validate(sheet.territory_id)
        return self.can_edit_sheet(sheet)

    def visible_sheets(self, queryset):
        """Filter a queryset of fiches down to those the user may see (deleted excluded)."""
        queryset = queryset.filter(deleted_at__isnull=True)
        if self.reads_everything:
            return queryset
        readable = set(self.roles) | set(self.scoped_territory_ids)
        return queryset.filter(Q(visibility=Visibility.PUBLIC) | Q(territory_id__in=readable))


def _id(territory):
    return territory if isinstance(territory, int) else territory.pk


def policy_for(user) -> Policy:
    """The user's policy, built once and kept on the user object for the request."""
    if user is None or not user.is_authenticated:
        return Policy(user)
    policy = getattr(user, "_territoires_policy", None)
    if policy is None:
        policy = Policy(user)
        user._territoires_policy = policy
    return policy
