"""Questions about a territory's company contacts: their list, tags, consents and saved
lists, their import, a person's data (export, erasure) and the meetings' invitations.

Contacts are personal data kept for the territory's own use: the territory's éditeurs and
administrateurs and the national team see and manage them; nobody else sees them, not
even the territory's lecteurs (who read the directory's public roles and its contact
details, not the territory's address book of companies)."""

from .base import territory_id
from .roles import EDIT_ALL_ROLES


class ContactRules:
    def can_manage_contacts(self, territory) -> bool:
        """See, add, tag, import, list, export and erase the territory's contacts; record
        their consents; invite them to the territory's meetings."""
        return self.is_national or self.role_on(territory_id(territory)) in EDIT_ALL_ROLES
