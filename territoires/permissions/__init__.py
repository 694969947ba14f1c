"""The one place that decides who may see and do what.

Every page, export and API endpoint asks a `Policy` (built once per request with
`policy_for(user)`: two queries, then in memory) rather than testing roles itself;
the domain services ask it again before writing. Rules:

- anonymous visitors see published fiches only;
- a territory's lecteur reads everything of that territory, restricted fiches included;
- a contributeur also edits the fiches they pilot and moves them through the workflow
  steps that need no validation;
- an éditeur edits every fiche of the territory, creates, deletes, restores and
  validates; an éditeur (and the national team) may copy any fiche they see as a draft of
  a territory where they create fiches ("s'en inspirer");
- an administrateur also manages the territory's members;
- the territory's directory (annuaire: people, governance roles, partner organisations)
  is public without contact details; members and scopes reading the territory also see
  emails and phones; éditeurs, administrateurs and the national team manage it; a
  person's own details may be changed by whoever manages the directory of a territory
  where the person holds a role;
- a public meeting is seen by everyone, a territory meeting by those who read the
  territory's restricted content; the territory's éditeurs, administrateurs and the
  national team manage its meetings (agenda, status, registrations, check-in);
- a territory's company contacts (with their consents, tags and lists, a person's data
  export and erasure, the meetings' invitations) are seen and managed by its éditeurs,
  administrateurs and the national team only;
- the dashboards' public version counts the published fiches; their complete version
  (every fiche, money, fragility) is for whoever reads every territory they cover;
- a Région scope reads and validates its region's territories; a State scope does the
  same for its region or department; an opérateur reads everything; the national team
  may do everything.

One module per kind of object: `territory.py`, `sheet.py`, `directory.py`,
`members.py`, `funding.py`, `meetings.py`, `contacts.py`, `bilan.py`, `steering.py` (the
dashboards' figures); what the user is (roles, scopes, linked person) is read in
`base.py`; the vocabularies decided on live in `roles.py` and `visibility.py`, and the
domain models import them for their choices.

This package imports no domain package (it sits below them: see
docs/decisions/0005-layers.md). A rule reads the objects it is given (`sheet.territory_id`,
`sheet.visibility`, prefetched `sheet.pilots`...) and reaches rows only through the
user's reverse relations.

To add a kind of object (funding...): write `permissions/funding.py` with a
`FundingRules` class whose `can_*` methods read `self.roles`, `self.scopes`,
`self.is_national`... and the other rules (`self.can_read_restricted(territory)`), add
it to `Policy`'s bases below, and give it its rows in `tests/permission_matrix/`.
"""

from .base import Actor
from .bilan import BilanRules
from .contacts import ContactRules
from .directory import DirectoryRules
from .funding import FundingRules
from .meetings import MeetingRules
from .members import MemberRules
from .roles import EDIT_ALL_ROLES, ScopeKind, TerritoryRole
from .sheet import SheetRules
from .steering import SteeringRules
from .territory import TerritoryRules
from .visibility import Visibility

__all__ = [
    "EDIT_ALL_ROLES",
    "Policy",
    "ScopeKind",
    "TerritoryRole",
    "Visibility",
    "policy_for",
]


class Policy(
    TerritoryRules,
    SheetRules,
    DirectoryRules,
    MemberRules,
    FundingRules,
    MeetingRules,
    ContactRules,
    BilanRules,
    SteeringRules,
    Actor,
):
    """Every question, answered for one user."""


def policy_for(user) -> Policy:
    """The user's policy, built once and kept on the user object for the request."""
    if user is None or not user.is_authenticated:
        return Policy(user)
    policy = getattr(user, "_territoires_policy", None)
    if policy is None:
        policy = Policy(user)
        user._territoires_policy = policy
    return policy
