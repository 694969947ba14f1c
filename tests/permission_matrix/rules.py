"""The permission matrix: every actor × every page and API endpoint × three territories ×
a public, a restricted and a deleted fiche.

The expected outcome of each cell is derived from the tables below, which restate the
product's access rules (PRODUCT.md, the policy's docstring) by hand. The test never asks
`territoires.permissions` what to expect: it checks that module, it does not trust it.

The world (built afresh for each test function, see `World` in world.py):

- "own": territory 4403 (Grand Est, Haute-Marne), the home of every territory member;
- "same_region": territory 4412 (Grand Est, Vosges);
- "other_region": territory 5301 (Bretagne, Morbihan);
- each territory has F1 public, F2 restricted and F3 deleted (a public fiche in the bin);
- the contributor's person pilots all nine fiches: piloting only gives rights on the
  territories where the person is a contributor; "contributor_not_pilot" is a
  contributor of "own" whose person pilots nothing;
- for the directory (annuaire) capabilities, each territory also has a person with a
  governance role, an email and a phone, a person whose role ended, a partner organisation
  with an email, and an organisation that is nobody's partner yet (`World.directory`).

A test covers one actor (and, for the API, one way to authenticate: token or session) ×
one capability, and checks its cells: each kind of fiche in each of the three
territories; a failure lists every wrong cell as actor[-auth]-target-kind-capability
(e.g. "editor-other_region-restricted-edit_page") with what was expected.

Outcomes: allowed → 200 (a page, a read, an API write) or a redirect after a page write,
and the write really is in the database; forbidden on something visible → 403; invisible
→ 404; a page that needs an account → redirect to the login page; an API write without
one → 401. Whatever is not allowed leaves the database untouched, and every response body
is searched for the titles the actor may not see (restricted fiches of territories they
do not read, deleted fiches of territories whose bin they do not manage) and for the
contact details of the directories of the territories they do not read. A page refused
to an anonymous visitor sends them to the login page instead of the 403
(`capability.as_page`).

Known bugs are listed in KNOWN_BUGS: their tests are xfail(strict=True).
"""

# The dimensions ---------------------------------------------------------------------

OWN, SAME_REGION, OTHER_REGION = "own", "same_region", "other_region"
TARGETS = (OWN, SAME_REGION, OTHER_REGION)
PUBLIC, RESTRICTED, DELETED = "public", "restricted", "deleted"
KINDS = (PUBLIC, RESTRICTED, DELETED)

ACTORS = (
    "anonymous",
    "reader",
    "contributor",
    "contributor_not_pilot",
    "editor",
    "admin",
    "region",
    "region_other",
    "state_department",
    "state_region",
    "operator",
    "national",
)

# The access rules, restated by hand --------------------------------------------------

ALL = frozenset(TARGETS)
NONE = frozenset()
HOME = frozenset({OWN})
GRAND_EST = frozenset({OWN, SAME_REGION})
BRETAGNE = frozenset({OTHER_REGION})

# Where the actor reads restricted fiches (and their history).
READS_RESTRICTED = {
    "anonymous": NONE,
    "reader": HOME,
    "contributor": HOME,
    "contributor_not_pilot": HOME,
    "editor": HOME,
    "admin": HOME,
    "region": GRAND_EST,
    "region_other": BRETAGNE,
    "state_department": HOME,
    "state_region": GRAND_EST,
    "operator": ALL,
    "national": ALL,
}

# Where the actor edits a live fiche of the matrix (content, documents, "edit"-level
# workflow moves). The contributor's person pilots every fiche: editing follows from the
# contributor role on the territory AND piloting, never from piloting alone.
EDITS = {
    "anonymous": NONE,
    "reader": NONE,
    "contributor": HOME,
    "contributor_not_pilot": NONE,
    "editor": HOME,
    "admin": HOME,
    "region": NONE,
    "region_other": NONE,
    "state_department": NONE,
    "state_region": NONE,
    "operator": NONE,
    "national": ALL,
}

# Where the actor applies "validate"-level workflow moves (presented → validated).
VALIDATES = {
    "anonymous": NONE,
    "reader": NONE,
    "contributor": NONE,
    "contributor_not_pilot": NONE,
    "editor": HOME,
    "admin": HOME,
    "region": GRAND_EST,
    "region_other": BRETAGNE,
    "state_department": HOME,
    "state_region": GRAND_EST,
    "operator": NONE,
    "national": ALL,
}

# Where the actor creates, deletes, sees the bin, restores (and reads deleted fiches
# through the API).
MANAGES_PLAN = {
    "anonymous": NONE,
    "reader": NONE,
    "contributor": NONE,
    "contributor_not_pilot": NONE,
    "editor": HOME,
    "admin": HOME,
    "region": NONE,
    "region_other": NONE,
    "state_department": NONE,
    "state_region": NONE,
    "operator": NONE,
    "national": ALL,
}

# Where the actor copies a fiche they see as a draft of their territory ("s'en inspirer"):
# where they create fiches, the éditeurs and administrateurs of the territory and the
# national team; whatever the fiche's territory, as long as they see the fiche.
COPIES_INTO = {
    "anonymous": NONE,
    "reader": NONE,
    "contributor": NONE,
    "contributor_not_pilot": NONE,
    "editor": HOME,
    "admin": HOME,
    "region": NONE,
    "region_other": NONE,
    "state_department": NONE,
    "state_region": NONE,
    "operator": NONE,
    "national": ALL,
}

# Where the actor changes a fiche's visibility (public ↔ restricted): the éditeurs only; a
# contributor edits the content of the fiches they pilot, not who may read them.
CHANGES_VISIBILITY = {
    "anonymous": NONE,
    "reader": NONE,
    "contributor": NONE,
    "contributor_not_pilot": NONE,
    "editor": HOME,
    "admin": HOME,
    "region": NONE,
    "region_other": NONE,
    "state_department": NONE,
    "state_region": NONE,
    "operator": NONE,
    "national": ALL,
}

# Where the actor records the territory's programme stage: the Région, the State, the
# national team (not the territory itself).
CHANGES_STAGE = {
    "anonymous": NONE,
    "reader": NONE,
    "contributor": NONE,
    "contributor_not_pilot": NONE,
    "editor": NONE,
    "admin": NONE,
    "region": GRAND_EST,
    "region_other": BRETAGNE,
    "state_department": HOME,
    "state_region": GRAND_EST,
    "operator": NONE,
    "national": ALL,
}

# Where the actor marks the territory fragile (needs engineering support) or no longer: the
# same people as its stage. The flag and its reason are read where READS_RESTRICTED.
FLAGS_FRAGILE = CHANGES_STAGE

# Where the actor reads the complete regional dashboard of the target's region (every
# fiche, the money, the fragility): who reads every territory of that region. Grand Est
# holds "own" and "same_region": its members and the département's State read only one.
COMPLETE_REGION_DASHBOARD = {
    "anonymous": NONE,
    "reader": NONE,
    "contributor": NONE,
    "contributor_not_pilot": NONE,
    "editor": NONE,
    "admin": NONE,
    "region": GRAND_EST,
    "region_other": BRETAGNE,
    "state_department": NONE,
    "state_region": GRAND_EST,
    "operator": ALL,
    "national": ALL,
}

# Where the actor manages the territory's members (adds, changes, removes them, and matches a
# member's account to a person of the territory's directory).
MANAGES_MEMBERS = {
    "anonymous": NONE,
    "reader": NONE,
    "contributor": NONE,
    "contributor_not_pilot": NONE,
    "editor": NONE,
    "admin": HOME,
    "region": NONE,
    "region_other": NONE,
    "state_department": NONE,
    "state_region": NONE,
    "operator": NONE,
    "national": ALL,
}

# Where the actor manages the territory's directory (annuaire): adds people, gives, changes
# and ends governance roles, edits the details of the people holding a role there, adds
# (searching the shared organisations) and removes partners. The directory page itself is
# public; its contact details (emails, phones) follow READS_RESTRICTED.
MANAGES_DIRECTORY = {
    "anonymous": NONE,
    "reader": NONE,
    "contributor": NONE,
    "contributor_not_pilot": NONE,
    "editor": HOME,
    "admin": HOME,
    "region": NONE,
    "region_other": NONE,
    "state_department": NONE,
    "state_region": NONE,
    "operator": NONE,
    "national": ALL,
}

# Where the actor manages meetings (create, edit, agenda, status, registrations,
# check-in): the territory's éditeurs and administrateurs and the national team. A public
# meeting is seen by everyone, a territory meeting where READS_RESTRICTED says.
MANAGES_MEETINGS = {
    "anonymous": NONE,
    "reader": NONE,
    "contributor": NONE,
    "contributor_not_pilot": NONE,
    "editor": HOME,
    "admin": HOME,
    "region": NONE,
    "region_other": NONE,
    "state_department": NONE,
    "state_region": NONE,
    "operator": NONE,
    "national": ALL,
}

# Where the actor sees and manages the territory's company contacts (their list, tags,
# consents, saved lists, import, a person's data export and erasure) and invites them to
# meetings: the territory's éditeurs and administrateurs and the national team; not even
# the territory's lecteurs (contacts are the territory's address book, not its directory).
MANAGES_CONTACTS = {
    "anonymous": NONE,
    "reader": NONE,
    "contributor": NONE,
    "contributor_not_pilot": NONE,
    "editor": HOME,
    "admin": HOME,
    "region": NONE,
    "region_other": NONE,
    "state_department": NONE,
    "state_region": NONE,
    "operator": NONE,
    "national": ALL,
}

# Where the actor moves a funding line's status (sollicité, accordé, versé, refusé) and
# changes a line that has left "envisagé": the territory's éditeurs and administrateurs,
# the national team, and whoever represents the line's financer (in the matrix, the
# operator's scope represents the financer of every line; the operator reads everything).
# Reading a financing plan follows READS_RESTRICTED; adding lines and changing the
# self-funding or a line still "envisagé" follows EDITS.
DECIDES_FUNDING = {
    "anonymous": NONE,
    "reader": NONE,
    "contributor": NONE,
    "contributor_not_pilot": NONE,
    "editor": HOME,
    "admin": HOME,
    "region": NONE,
    "region_other": NONE,
    "state_department": NONE,
    "state_region": NONE,
    "operator": ALL,
    "national": ALL,
}

# An alert email's unsubscribe link: whoever holds it (it is sent to the alert's owner
# only) stops that alert, signed in or not, whoever they are (WRITTEN: a page that says
# it is done); an altered or forged link is refused to everyone (INVALID), nothing written.

# Cells where the code is known to disagree with the rules: "actor-target-kind-capability"
# → reason. Their test is marked xfail(strict=True) and fails only through KnownBug.
KNOWN_BUGS: dict[str, str] = {}

# Outcomes --------------------------------------------------------------------------

OK = "200 ok"
DONE = "302 done"  # a write that happened, then a redirect
WRITTEN = "200 done"  # a write answered 200: API PATCH, the page with a new token's key
CREATED = "201 done"  # an API POST that created its row
IGNORED = "302 ignored"  # the form was accepted without the field the actor may not change
FORBIDDEN = "403 forbidden"
HIDDEN = "404 hidden"
LOGIN = "302 to login"
GONE = "410 gone"  # a deleted fiche's page, for those who may restore it
INVALID = "400 invalid"  # the form refused the request (an object it does not offer)
UNAUTHORIZED = "401 unauthorized"


def page_visible(actor, target, kind):
    """May the actor open this fiche's pages? The pages only show live fiches."""
    if kind == DELETED:
        return False
    return kind == PUBLIC or target in READS_RESTRICTED[actor]


def api_visible(actor, target, kind):
    """The API never shows a deleted fiche, even to those who manage the territory's bin
    (they restore it from the bin page): it answers 404 like an unknown id."""
    if kind == DELETED:
        return False
    return page_visible(actor, target, kind)


def gate(allowed, visible, success=DONE):
    if not visible:
        return HIDDEN
    return success if allowed else FORBIDDEN


def visible_titles(actor, target):
    """Titles of the territory's fiches a list shows to the actor (never deleted ones)."""
    titles = {title(target, PUBLIC)}
    if target in READS_RESTRICTED[actor]:
        titles.add(title(target, RESTRICTED))
    return titles


def secret_titles(actor):
    """Titles that must appear in no response to the actor, whatever the page."""
    secrets = set()
    for target in TARGETS:
        if target not in READS_RESTRICTED[actor]:
            secrets.add(title(target, RESTRICTED))
        if target not in MANAGES_PLAN[actor]:
            secrets.add(title(target, DELETED))
    return secrets


def secret_contacts(actor):
    """Contact details (people's and partners' emails and phones) of the territories whose
    restricted content the actor does not read, and the company contacts' addresses of the
    territories whose contacts the actor does not manage: in no response, whatever the
    page."""
    return {
        contact
        for target in TARGETS
        if target not in READS_RESTRICTED[actor]
        for contact in contacts(target)
    } | {
        company_contact_email(target) for target in TARGETS if target not in MANAGES_CONTACTS[actor]
    }


# What the world holds, by name -----------------------------------------------------

LABELS = {OWN: "Langres", SAME_REGION: "Epinal", OTHER_REGION: "Lorient"}
TERRITORY_CODES = {OWN: "4403", SAME_REGION: "4412", OTHER_REGION: "5301"}
CODES = {PUBLIC: "F1", RESTRICTED: "F2", DELETED: "F3"}
SEARCH_WORD = "confidentiel"


def document_content(target, kind):
    return f"document of {target} {kind}"


def title(target, kind):
    prefix = {PUBLIC: "Vitrine publique", RESTRICTED: "Dossier confidentiel"}.get(
        kind, "Archive effacée"
    )
    return f"{prefix} {LABELS[target]}"


def person_name(target):
    """The person holding a governance role in the territory's directory."""
    return f"Sacha Binôme {LABELS[target]}"


def ended_name(target):
    """A person whose only role in the territory ended: listed to the directory's managers."""
    return f"Ancien Chef {LABELS[target]}"


def meeting_title(target, kind):
    """A public meeting (seen by all) or a territory meeting (seen by its readers)."""
    prefix = "After Work ouvert" if kind == PUBLIC else "Comité réservé"
    return f"{prefix} {LABELS[target]}"


def registrant_email(target, kind):
    return f"inscrit.{kind}@{LABELS[target].lower()}.example"


def company_contact_email(target):
    """The address of the territory's company contact (`contacts.prepare_contacts`)."""
    return f"contact.entreprise@{LABELS[target].lower()}.example"


def partner_name(target):
    return f"Partenaire {LABELS[target]}"


def candidate_name(target):
    """An organisation partner of no territory, that the managers add to theirs."""
    return f"Candidate {LABELS[target]}"


PHONES = {OWN: "03 25 11 11 11", SAME_REGION: "03 29 22 22 22", OTHER_REGION: "02 97 33 33 33"}


def contacts(target):
    """The person's email and phone, the partner's email."""
    label = LABELS[target].lower()
    return (f"sacha.{label}@annuaire.example", PHONES[target], f"contact@{label}.example")
