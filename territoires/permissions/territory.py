"""Questions about a territory: reading its restricted content, creating fiches in it,
validating, recording its programme stage and its fragility, its bin."""

from .base import territory_id
from .roles import EDIT_ALL_ROLES


class TerritoryRules:
    def can_read_restricted(self, territory) -> bool:
        """May read the territory's restricted fiches, history and contact details."""
        if self.reads_everything:
            return True
        pk = territory_id(territory)
        return pk in self.roles or pk in self.scoped_territory_ids

    def can_create_sheet(self, territory) -> bool:
        return self.is_national or self.role_on(territory) in EDIT_ALL_ROLES

    def sheet_creation_territory_ids(self) -> frozenset[int] | None:
        """The territories where the user creates fiches; None means every one (the
        national team)."""
        if self.is_national:
            return None
        return frozenset(pk for pk, role in self.roles.items() if role in EDIT_ALL_ROLES)

    def creates_sheets_somewhere(self) -> bool:
        return self.sheet_creation_territory_ids() != frozenset()

    def can_validate(self, territory) -> bool:
        return (
            self.is_national
            or self.role_on(territory) in EDIT_ALL_ROLES
            or territory_id(territory) in self.scoped_territory_ids
        )

    def validating_territory_ids(self):
        """The ids of the territories whose fiches the user validates; None: all of them
        (the national team). Empty for those who validate nowhere."""
        if self.is_national:
            return None
        edited = (pk for pk, role in self.roles.items() if role in EDIT_ALL_ROLES)
        return frozenset(edited) | self.scoped_territory_ids

    def can_validate_somewhere(self) -> bool:
        return self.validating_territory_ids() != frozenset()

    def can_change_stage(self, territory) -> bool:
        """Record the territory's programme stage: the Région, the State, the national team."""
        return self.is_national or territory_id(territory) in self.scoped_territory_ids

    def can_flag_fragile(self, territory) -> bool:
        """Mark the territory fragile (needs engineering support) or no longer: those who
        record its stage, the Région, the State, the national team."""
        return self.can_change_stage(territory)

    def can_see_fragility(self, territory) -> bool:
        """The fragile flag and its reason are the programme's internal steering: shown to
        those who read the territory's restricted content, never to the public."""
        return self.can_read_restricted(territory)

    def can_manage_trash(self, territory) -> bool:
        """Delete fiches, see the deleted ones and restore them."""
        return self.can_create_sheet(territory)
