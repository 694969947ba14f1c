"""Questions about a territory's members (the user accounts holding a role on it)."""

from .roles import TerritoryRole


class MemberRules:
    def can_manage_members(self, territory) -> bool:
        return self.is_national or self.role_on(territory) == TerritoryRole.ADMIN
