"""What the user is: their roles on territories and their scopes, read once.

Two queries when first needed (the user's memberships, their scopes), then in memory;
the territories reached through a Région or State scope cost one more query, only for
users who hold such a scope. Rows are reached through the user's reverse relations
(`user.memberships`, `user.scopes`, `scope.region.territories`, `user.people`): this
package imports no domain package.
"""

from functools import cached_property

from .roles import ScopeKind


def territory_id(territory):
    """The id of a territory given as a row or as an id."""
    return territory if isinstance(territory, int) else territory.pk


class Actor:
    """The facts about the user that every rule reads."""

    def __init__(self, user):
        self.user = user
        self.is_authenticated = bool(user and user.is_authenticated)

    @cached_property
    def roles(self) -> dict[int, str]:
        """territory id → role, for the territories the user is a member of."""
        if not self.is_authenticated:
            return {}
        return dict(self.user.memberships.values_list("territory_id", "role"))

    @cached_property
    def scopes(self) -> list:
        if not self.is_authenticated:
            return []
        return list(self.user.scopes.select_related("region", "department"))

    @cached_property
    def is_national(self) -> bool:
        if not self.is_authenticated:
            return False
        return self.user.is_superuser or any(s.kind == ScopeKind.NATIONAL for s in self.scopes)

    @cached_property
    def reads_everything(self) -> bool:
        return self.is_national or any(s.kind == ScopeKind.OPERATOR for s in self.scopes)

    @cached_property
    def person_ids(self) -> frozenset[int]:
        """The directory people linked to the user's account (one per territory's
        directory at most)."""
        if not self.is_authenticated:
            return frozenset()
        return frozenset(self.user.people.values_list("pk", flat=True))

    @cached_property
    def scoped_territory_ids(self) -> frozenset[int]:
        """Territories reached through a Région or State scope (read and validate)."""
        reached = []
        for scope in self.scopes:
            if scope.kind in (ScopeKind.REGION, ScopeKind.STATE) and scope.region_id:
                reached.append(scope.region.territories.values_list("id", flat=True))
            if scope.kind == ScopeKind.STATE and scope.department_id:
                reached.append(scope.department.territories.values_list("id", flat=True))
        if not reached:
            return frozenset()
        first, *others = (queryset.order_by() for queryset in reached)
        return frozenset(first.union(*others) if others else first)

    def role_on(self, territory) -> str | None:
        return self.roles.get(territory_id(territory))
