"""Questions about a territory's directory (annuaire): managing it, editing a person,
seeing contact details."""

from .roles import EDIT_ALL_ROLES


class DirectoryRules:
    def can_manage_directory(self, territory) -> bool:
        """Add people and governance roles, change or end roles, add or remove partners."""
        return self.is_national or self.role_on(territory) in EDIT_ALL_ROLES

    def can_see_contacts(self, territory) -> bool:
        """Emails and phones of the directory: whoever reads the territory's restricted
        content."""
        return self.can_read_restricted(territory)

    def can_edit_person(self, person) -> bool:
        """Change a person's details: whoever manages the directory of a territory where the
        person holds a role (ended or not). A person seen from several territories is
        thus editable from each of them; one without any role only by the national team."""
        if self.is_national:
            return True
        territory_ids = set(person.governance_roles.values_list("territory_id", flat=True))
        return any(self.can_manage_directory(pk) for pk in territory_ids)
