"""The access vocabularies: a user's role on a territory and their scope above
territories. The domain models use them for their field choices (`Membership.role`,
`Scope.kind`); the rules of this package decide on them."""

from django.db import models


class TerritoryRole(models.TextChoices):
    """A user account's role on one territory (`accounts.Membership`)."""

    READER = "reader", "Lecteur"
    CONTRIBUTOR = "contributor", "Contributeur"
    EDITOR = "editor", "Éditeur"
    ADMIN = "admin", "Administrateur"


class ScopeKind(models.TextChoices):
    """A user's reach above territories (`accounts.Scope`)."""

    REGION = "region", "Région (ses territoires)"
    STATE = "state", "État (sa région ou son département)"
    OPERATOR = "operator", "Opérateur (lecture de tout)"
    NATIONAL = "national", "Équipe nationale (tout)"


# The roles that edit every object of their territory.
EDIT_ALL_ROLES = frozenset({TerritoryRole.EDITOR, TerritoryRole.ADMIN})
