"""The permission matrix: every actor × every page and API endpoint × three territories ×
a public, a restricted and a deleted fiche.

The expected outcome of each cell is derived from the tables below, which restate the
product's access rules (PRODUCT.md, the policy's docstring) by hand. The test never asks
`territoires.accounts.policy` what to expect: it checks that module, it does not trust it.

The world (built afresh for each test function, see `World`):

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
contact details of the directories of the territories they do not read. The directory's
management pages answer 403 to anonymous visitors too (no redirect to the login page).

Known bugs are listed in KNOWN_BUGS: their tests are xfail(strict=True).
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from territoires.accounts.models import ApiToken, Membership, Scope
from territoires.core.text import natural_key
from territoires.organisations.models import GovernanceRole, Organisation, Partnership, Person
from territoires.plans.models import (
    ActionSheet,
    ChangeRecord,
    Document,
    Status,
    StatusTransition,
    Visibility,
)
from territoires.referential.models import Territory

from .factories import (
    ActionSheetFactory,
    DepartmentFactory,
    MembershipFactory,
    PersonFactory,
    ProgrammeFactory,
    RegionFactory,
    ScopeFactory,
    StageFactory,
    TerritoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

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

# Where the actor manages the territory's members.
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

# Cells where the code is known to disagree with the rules: "actor-target-kind-capability"
# → reason. Their test is marked xfail(strict=True) and fails only through KnownBug.
KNOWN_BUGS: dict[str, str] = {}

# Outcomes --------------------------------------------------------------------------

OK = "200 ok"
DONE = "302 done"  # a write that happened, then a redirect
WRITTEN = "200 done"  # a write answered 200: API PATCH, the page with a new token's key
IGNORED = "302 ignored"  # the form was accepted without the field the actor may not change
FORBIDDEN = "403 forbidden"
HIDDEN = "404 hidden"
LOGIN = "302 to login"
INVALID = "400 invalid"  # the form refused the request (an object it does not offer)
UNAUTHORIZED = "401 unauthorized"


def page_visible(actor, target, kind):
    """May the actor open this fiche's pages? The pages only show live fiches."""
    if kind == DELETED:
        return False
    return kind == PUBLIC or target in READS_RESTRICTED[actor]


def api_visible(actor, target, kind):
    """The API also shows a deleted fiche to those who manage the territory's bin."""
    if kind == DELETED:
        return target in MANAGES_PLAN[actor]
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
    restricted content the actor does not read: in no response, whatever the page."""
    return {
        contact
        for target in TARGETS
        if target not in READS_RESTRICTED[actor]
        for contact in contacts(target)
    }


# The world -------------------------------------------------------------------------

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


@dataclass(frozen=True)
class Directory:
    """The pks of one territory's directory."""

    person: int
    role: int
    partner: int
    partnership: int
    candidate: int


MEMBER_ROLES = {
    "reader": Membership.Role.READER,
    "contributor": Membership.Role.CONTRIBUTOR,
    "contributor_not_pilot": Membership.Role.CONTRIBUTOR,
    "editor": Membership.Role.EDITOR,
    "admin": Membership.Role.ADMIN,
}


_HANDLER = []


def new_client(**kwargs):
    """A test client sharing one request handler: loading the middleware costs ~0.3 s
    (WhiteNoise indexes every static file), once per module instead of once per test."""
    client = Client(**kwargs)
    if _HANDLER:
        client.handler = _HANDLER[0]
    else:
        _HANDLER.append(client.handler)
    return client


class World:
    def __init__(self):
        programme = ProgrammeFactory()
        grand_est = RegionFactory(code="44", name="Grand Est")
        bretagne = RegionFactory(code="53", name="Bretagne")
        self.regions = {"grand_est": grand_est, "bretagne": bretagne}
        self.departments = {
            OWN: DepartmentFactory(code="52", name="Haute-Marne", region=grand_est),
            SAME_REGION: DepartmentFactory(code="88", name="Vosges", region=grand_est),
            OTHER_REGION: DepartmentFactory(code="56", name="Morbihan", region=bretagne),
        }
        specs = {
            OWN: ("Chaumont – Langres", grand_est),
            SAME_REGION: ("Épinal – Remiremont", grand_est),
            OTHER_REGION: ("Lorient", bretagne),
        }
        self.territories = {}
        for target, (name, region) in specs.items():
            self.territories[target] = TerritoryFactory(
                programme=programme, code=TERRITORY_CODES[target], name=name, region=region
            )
        Territory.departments.through.objects.bulk_create(
            Territory.departments.through(
                territory=self.territories[target], department=self.departments[target]
            )
            for target in TARGETS
        )
        self.programme = programme
        self.axis = programme.axes.get(code="attirer")
        self.pilot = PersonFactory(first_name="Pilote", last_name="Contributeur")
        # Nine fiches in three queries: built by the factory, saved in bulk (so the sort
        # key that ActionSheet.save computes is set here).
        sheets = [
            ActionSheetFactory.build(
                territory=self.territories[target],
                code=CODES[kind],
                sort_key=natural_key(CODES[kind]),
                title=title(target, kind),
                axis=self.axis,
                visibility=Visibility.RESTRICTED if kind == RESTRICTED else Visibility.PUBLIC,
                deleted_at=timezone.now() if kind == DELETED else None,
            )
            for target in TARGETS
            for kind in KINDS
        ]
        ActionSheet.objects.bulk_create(sheets)
        sheets = ActionSheet.objects.filter(territory__programme=programme).select_related(
            "territory"
        )
        target_of = {territory.pk: t for t, territory in self.territories.items()}
        kind_of = {code: kind for kind, code in CODES.items()}
        self.sheets = {(target_of[s.territory_id], kind_of[s.code]): s for s in sheets}
        ActionSheet.pilots.through.objects.bulk_create(
            ActionSheet.pilots.through(actionsheet=sheet, person=self.pilot)
            for sheet in self.sheets.values()
        )
        self.users = {}
        self._documents = None
        self._bystanders = None
        self._newcomer = None
        self._tokens = {}
        self._stage = None
        self._directory = None
        self.actor = None

    def territory(self, target):
        return self.territories[target]

    def sheet(self, target, kind):
        return ActionSheet.objects.get(pk=self.sheets[target, kind].pk)

    def user(self, actor):
        if actor == "anonymous":
            return None
        if actor not in self.users:
            user = UserFactory(email=f"{actor}@example.org")
            if actor in MEMBER_ROLES:
                MembershipFactory(
                    user=user, territory=self.territories[OWN], role=MEMBER_ROLES[actor]
                )
            if actor == "contributor":
                self.pilot.user = user
                self.pilot.save(update_fields=["user"])
            elif actor == "contributor_not_pilot":
                PersonFactory(first_name="Sans", last_name="Fiche", user=user)
            scopes = {
                "region": {"kind": Scope.Kind.REGION, "region": self.regions["grand_est"]},
                "region_other": {"kind": Scope.Kind.REGION, "region": self.regions["bretagne"]},
                "state_department": {
                    "kind": Scope.Kind.STATE,
                    "department": self.departments[OWN],
                },
                "state_region": {"kind": Scope.Kind.STATE, "region": self.regions["grand_est"]},
                "operator": {"kind": Scope.Kind.OPERATOR},
                "national": {"kind": Scope.Kind.NATIONAL},
            }
            if actor in scopes:
                ScopeFactory(user=user, **scopes[actor])
            self.users[actor] = user
        return self.users[actor]

    def client(self, actor, auth="session"):
        user = self.user(actor)
        if user is None:
            return new_client()
        if auth == "token":
            _, key = ApiToken.issue(user, "matrice")
            return new_client(headers={"authorization": f"Bearer {key}"})
        client = new_client()
        client.force_login(user)
        return client

    def document(self, target, kind):
        """One document on each fiche, created on first use."""
        if self._documents is None:
            self._documents = {}
            for key, sheet in self.sheets.items():
                document = Document(sheet=sheet, title="Compte rendu", kind="note", size=9)
                content = ContentFile(document_content(*key).encode())
                document.file.save("compte-rendu.txt", content, save=True)
                self._documents[key] = document.pk
        return self._documents[target, kind]

    def bystander(self, target):
        """A reader of each territory, whose role the managers change or remove."""
        if self._bystanders is None:
            self._bystanders = {
                t: MembershipFactory(
                    user=UserFactory(email=f"lecteur-{t}@example.org"),
                    territory=self.territories[t],
                    role=Membership.Role.READER,
                ).pk
                for t in TARGETS
            }
        return self._bystanders[target]

    def stage(self):
        """A stage of the programme, created on first use."""
        if self._stage is None:
            self._stage = StageFactory(
                programme=self.programme, code="installee", name="Gouvernance installée"
            )
        return self._stage

    def directory(self, target):
        """Each territory's directory, created on first use: a person with a role and
        contact details, a person whose role ended, a partner; and an organisation that is
        nobody's partner yet."""
        if self._directory is None:
            self._directory = {}
            for t in TARGETS:
                email, phone, partner_email = contacts(t)
                partner = Organisation.objects.create(
                    name=partner_name(t), kind=Organisation.Kind.COMPANY, email=partner_email
                )
                candidate = Organisation.objects.create(
                    name=candidate_name(t), kind=Organisation.Kind.CLUSTER
                )
                first_name, last_name = person_name(t).split(" ", 1)
                person = Person.objects.create(
                    first_name=first_name,
                    last_name=last_name,
                    email=email,
                    phone=phone,
                    organisation=partner,
                )
                first_name, last_name = ended_name(t).split(" ", 1)
                former = Person.objects.create(first_name=first_name, last_name=last_name)
                territory = self.territories[t]
                role = GovernanceRole.objects.create(
                    territory=territory, person=person, role=GovernanceRole.Role.ELECTED_PILOT
                )
                GovernanceRole.objects.create(
                    territory=territory,
                    person=former,
                    role=GovernanceRole.Role.PROJECT_MANAGER,
                    since=date(2019, 1, 1),
                    until=date(2020, 6, 30),
                )
                partnership = Partnership.objects.create(territory=territory, organisation=partner)
                self._directory[t] = Directory(
                    person=person.pk,
                    role=role.pk,
                    partner=partner.pk,
                    partnership=partnership.pk,
                    candidate=candidate.pk,
                )
        return self._directory[target]

    def token(self, whose):
        """The pk of an API token of the actor ("own") or of somebody else ("stranger")."""
        if whose not in self._tokens:
            user = self.user(self.actor) if whose == "own" else UserFactory(email="x@example.org")
            self._tokens[whose] = ApiToken.issue(user, "à révoquer")[0].pk if user else 0
        return self._tokens[whose]

    def newcomer(self):
        """An account with no role anywhere, that the managers add to their territory."""
        if self._newcomer is None:
            self._newcomer = UserFactory(email="nouveau@example.org")
        return self._newcomer


def db_state():
    """Everything a forbidden request must leave untouched."""
    return (
        sorted(
            ActionSheet.objects.values_list(
                "pk", "title", "status", "version", "visibility", "deleted_at"
            )
        ),
        sorted(Document.objects.values_list("pk", "sheet_id")),
        sorted(Membership.objects.values_list("pk", "user_id", "territory_id", "role")),
        sorted(Territory.objects.values_list("pk", "stage_id")),
        sorted(ApiToken.objects.values_list("pk", "user_id", "revoked_at")),
        sorted(
            GovernanceRole.objects.values_list(
                "pk", "territory_id", "person_id", "role", "organisation_id", "note", "until"
            )
        ),
        sorted(Partnership.objects.values_list("pk", "territory_id", "organisation_id")),
        sorted(
            Person.objects.values_list(
                "pk", "first_name", "last_name", "job_title", "email", "phone", "organisation_id"
            )
        ),
        sorted(Organisation.objects.values_list("pk", "name", "siren")),
        ChangeRecord.objects.count(),
        StatusTransition.objects.count(),
    )


# Capabilities ----------------------------------------------------------------------


@dataclass(frozen=True)
class Capability:
    """One thing to try: `call` makes the request, `expect` derives the outcome from the
    tables, `happened` says whether an allowed write is in the database, `check`
    inspects the body of a successful response (returns a list of problems)."""

    name: str
    call: Callable
    expect: Callable
    kinds: tuple = (None,)
    targets: tuple = TARGETS
    happened: Callable | None = None
    check: Callable | None = None
    # Creates what the request needs before the "nothing written" snapshot is taken.
    prepare: Callable | None = None


def _sheet_url(name, world, target, kind, *extra):
    sheet = world.sheets[target, kind]
    return reverse(f"plans:{name}", args=[world.territory(target).code, sheet.code, *extra])


def _edit_data(sheet):
    return {
        "code": sheet.code,
        "title": f"{sheet.title} (modifiée)",
        "axis": sheet.axis_id,
        "visibility": sheet.visibility,
        "priority": "",
        "version": sheet.version,
        "pilots": [p.pk for p in sheet.pilots.all()],
        "tags_text": "",
        "steps-TOTAL_FORMS": "0",
        "steps-INITIAL_FORMS": "0",
        "indicators-TOTAL_FORMS": "0",
        "indicators-INITIAL_FORMS": "0",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
    }


def _status_post(target_status):
    def call(client, world, target, kind):
        sheet = world.sheet(target, kind)
        url = _sheet_url("sheet_status", world, target, kind)
        return client.post(url, {"target": target_status, "version": sheet.version})

    return call


def _presented(world, target, kind):
    """Validation starts from a fiche presented to the companies."""
    ActionSheet.objects.filter(pk=world.sheets[target, kind].pk).update(status=Status.PRESENTED)


def _status_is(status):
    return lambda world, target, kind: world.sheet(target, kind).status == status


def _titles_check(titles_for):
    """Among the matrix's titles, the body shows exactly `titles_for(actor, territory)`, for
    the territory of the cell (or for every territory when the cell has none)."""

    def check(body, actor, target, kind):
        problems = []
        for t in TARGETS if target is None else (target,):
            wanted = titles_for(actor, t)
            for k in KINDS:
                name = title(t, k)
                if (name in wanted) != (name in body):
                    problems.append(f"title {name!r} {'missing' if name in wanted else 'shown'}")
        return problems

    return check


def _search_titles(actor, target):
    return {title(target, RESTRICTED)} & visible_titles(actor, target)


def _home_counts(body, actor, target, kind):
    rows = {}
    for code, row in re.findall(r'<tr data-territory="(\w+)"(.*?)</tr>', body, re.S):
        count = re.search(r'class="fr-cell--right"[^>]*>\s*(\d+)', row)
        rows[code] = count.group(1) if count else None
    problems = []
    for t in TARGETS:
        expected = len(visible_titles(actor, t))
        got = rows.get(TERRITORY_CODES[t])
        if got != str(expected):
            problems.append(f"{t}: home shows {got} fiches, expected {expected}")
    total = sum(len(visible_titles(actor, t)) for t in TARGETS)
    if not re.search(rf"\b{total} fiches? action consultables?", body):
        problems.append(f"the total is not {total}")
    return problems


def _api_territory_counts(body, actor, target, kind):
    data = json.loads(body)
    rows = data.get("items", [data])
    problems = []
    for row in rows:
        t = next(t for t, code in TERRITORY_CODES.items() if code == row["code"])
        expected = len(visible_titles(actor, t))
        if row["action_sheet_count"] != expected:
            problems.append(f"{t}: count {row['action_sheet_count']}, expected {expected}")
        if "axes" in row:
            by_axis = sum(a["action_sheet_count"] for a in row["axes"])
            if by_axis != expected:
                problems.append(f"{t}: axes count {by_axis}, expected {expected}")
    if len(rows) != (3 if "items" in data else 1):
        problems.append(f"{len(rows)} territories listed")
    return problems


def _body_has_title(body, actor, target, kind):
    return [] if title(target, kind) in body else [f"title {title(target, kind)!r} missing"]


def _members_page(actor, target, kind):
    if actor == "anonymous":
        return LOGIN
    return OK if target in MANAGES_MEMBERS[actor] else FORBIDDEN


def _members_write(actor, target, kind):
    if actor == "anonymous":
        return LOGIN
    return DONE if target in MANAGES_MEMBERS[actor] else FORBIDDEN


def _members_write_via_own(actor, target, kind):
    """The home territory's page decides; a membership of another territory is not there."""
    outcome = _members_write(actor, OWN, kind)
    return HIDDEN if outcome == DONE and target != OWN else outcome


def _api_write(table):
    """PATCH: 401 without an account, then as the pages, with 200 for a write that happened.
    A deleted fiche is visible to the bin's managers but never editable."""

    def expect(actor, target, kind):
        if actor == "anonymous":
            return UNAUTHORIZED
        allowed = target in table[actor] and kind != DELETED
        return gate(allowed, api_visible(actor, target, kind), WRITTEN)

    return expect


def _patch(payload):
    def call(client, world, target, kind):
        sheet = world.sheet(target, kind)
        body = {"version": sheet.version, **payload(sheet)}
        return client.patch(
            f"/api/v1/action-sheets/{sheet.pk}/", body, content_type="application/json"
        )

    return call


def _territory_page(query="", htmx=False):
    def call(client, world, target, kind):
        url = reverse("referential:territory", args=[world.territory(target).code]) + query
        return client.get(url, headers={"HX-Request": "true"} if htmx else {})

    return call


def always_ok(actor, target, kind):
    return OK


ONE = (None,)

PAGES = [
    Capability(
        "home",
        lambda c, w, t, k: c.get(reverse("referential:home")),
        always_ok,
        targets=ONE,
        check=_home_counts,
    ),
    Capability(
        "territory_page",
        _territory_page(),
        always_ok,
        check=_titles_check(visible_titles),
    ),
    Capability(
        "territory_partial",
        _territory_page(htmx=True),
        always_ok,
        check=_titles_check(visible_titles),
    ),
    Capability(
        "territory_search",
        _territory_page(f"?q={SEARCH_WORD}&axis=attirer&status=draft", htmx=True),
        always_ok,
        check=_titles_check(_search_titles),
    ),
    Capability(
        "territory_search_page",
        _territory_page(f"?q={SEARCH_WORD}"),
        always_ok,
        check=_titles_check(_search_titles),
    ),
    Capability(
        "stage_post",
        lambda c, w, t, k: c.post(
            reverse("referential:territory_stage", args=[w.territory(t).code]),
            {"stage": w.stage().pk, "comment": ""},
        ),
        lambda a, t, k: DONE if t in CHANGES_STAGE[a] else FORBIDDEN,
        prepare=lambda w, t, k: w.stage(),
        happened=lambda w, t, k: (
            Territory.objects.get(pk=w.territory(t).pk).stage_id == w.stage().pk
        ),
    ),
    Capability(
        "sheet_page",
        lambda c, w, t, k: c.get(_sheet_url("sheet_detail", w, t, k)),
        lambda a, t, k: gate(True, page_visible(a, t, k), OK),
        kinds=KINDS,
        check=_body_has_title,
    ),
    Capability(
        "edit_page",
        lambda c, w, t, k: c.get(_sheet_url("sheet_edit", w, t, k)),
        lambda a, t, k: gate(t in EDITS[a], page_visible(a, t, k), OK),
        kinds=KINDS,
        check=_body_has_title,
    ),
    Capability(
        "edit_post",
        lambda c, w, t, k: c.post(_sheet_url("sheet_edit", w, t, k), _edit_data(w.sheet(t, k))),
        lambda a, t, k: gate(t in EDITS[a], page_visible(a, t, k)),
        kinds=KINDS,
        happened=lambda w, t, k: w.sheet(t, k).title.endswith("(modifiée)"),
    ),
    Capability(
        "status_propose",  # draft → proposed, an "edit"-level move
        _status_post(Status.PROPOSED),
        lambda a, t, k: gate(t in EDITS[a], page_visible(a, t, k)),
        kinds=KINDS,
        happened=_status_is(Status.PROPOSED),
    ),
    Capability(
        "status_validate",  # presented → validated, a "validate"-level move
        _status_post(Status.VALIDATED),
        lambda a, t, k: gate(t in VALIDATES[a], page_visible(a, t, k)),
        kinds=KINDS,
        prepare=lambda w, t, k: _presented(w, t, k),
        happened=_status_is(Status.VALIDATED),
    ),
    Capability(
        "delete_page",
        lambda c, w, t, k: c.get(_sheet_url("sheet_delete", w, t, k)),
        lambda a, t, k: gate(t in MANAGES_PLAN[a], page_visible(a, t, k), OK),
        kinds=KINDS,
        check=_body_has_title,
    ),
    Capability(
        "delete_post",
        lambda c, w, t, k: c.post(_sheet_url("sheet_delete", w, t, k), {"comment": "doublon"}),
        lambda a, t, k: gate(t in MANAGES_PLAN[a], page_visible(a, t, k)),
        kinds=KINDS,
        happened=lambda w, t, k: w.sheet(t, k).deleted_at is not None,
    ),
    Capability(
        "trash_page",
        lambda c, w, t, k: c.get(reverse("plans:trash", args=[w.territory(t).code])),
        lambda a, t, k: OK if t in MANAGES_PLAN[a] else FORBIDDEN,
        check=lambda body, a, t, k: _body_has_title(body, a, t, DELETED),
    ),
    Capability(
        "restore_post",
        lambda c, w, t, k: c.post(
            reverse("plans:sheet_restore", args=[w.territory(t).code, CODES[DELETED]])
        ),
        lambda a, t, k: DONE if t in MANAGES_PLAN[a] else FORBIDDEN,
        happened=lambda w, t, k: w.sheet(t, DELETED).deleted_at is None,
    ),
    Capability(
        "create_page",
        lambda c, w, t, k: c.get(reverse("plans:sheet_create", args=[w.territory(t).code])),
        lambda a, t, k: OK if t in MANAGES_PLAN[a] else FORBIDDEN,
    ),
    Capability(
        "create_post",
        lambda c, w, t, k: c.post(
            reverse("plans:sheet_create", args=[w.territory(t).code]),
            {**_edit_data(w.sheet(t, PUBLIC)), "code": "F9", "title": "Nouvelle", "pilots": []},
        ),
        lambda a, t, k: DONE if t in MANAGES_PLAN[a] else FORBIDDEN,
        happened=lambda w, t, k: ActionSheet.objects.filter(
            territory=w.territory(t), code="F9"
        ).exists(),
    ),
    Capability(
        "document_download",
        lambda c, w, t, k: c.get(_sheet_url("document_download", w, t, k, w.document(t, k))),
        lambda a, t, k: gate(True, page_visible(a, t, k), OK),
        kinds=KINDS,
        prepare=lambda w, t, k: w.document(t, k),
        check=lambda body, a, t, k: [] if body == document_content(t, k) else ["wrong file"],
    ),
    Capability(
        "document_add",
        lambda c, w, t, k: c.post(
            _sheet_url("document_add", w, t, k),
            {
                "title": "Plan de financement",
                "kind": "budget",
                "file": SimpleUploadedFile("budget.txt", b"42", content_type="text/plain"),
            },
        ),
        lambda a, t, k: gate(t in EDITS[a], page_visible(a, t, k)),
        kinds=KINDS,
        happened=lambda w, t, k: Document.objects.filter(
            sheet=w.sheets[t, k], title="Plan de financement"
        ).exists(),
    ),
    Capability(
        "document_remove",
        lambda c, w, t, k: c.post(_sheet_url("document_remove", w, t, k, w.document(t, k))),
        lambda a, t, k: gate(t in EDITS[a], page_visible(a, t, k)),
        kinds=KINDS,
        prepare=lambda w, t, k: w.document(t, k),
        happened=lambda w, t, k: not Document.objects.filter(sheet=w.sheets[t, k]).exists(),
    ),
    Capability(
        "edit_post_visibility",  # the form also switches public ↔ restricted
        lambda c, w, t, k: c.post(
            _sheet_url("sheet_edit", w, t, k),
            {
                **_edit_data(w.sheet(t, k)),
                "title": w.sheet(t, k).title,
                "visibility": _flip(w, t, k),
            },
        ),
        lambda a, t, k: gate(
            t in EDITS[a], page_visible(a, t, k), DONE if t in CHANGES_VISIBILITY[a] else IGNORED
        ),
        kinds=KINDS,
        happened=lambda w, t, k: w.sheet(t, k).visibility != w.sheets[t, k].visibility,
    ),
    Capability(
        # The URL of the home territory's public fiche, with the document of another fiche.
        "document_download_via_other_fiche",
        lambda c, w, t, k: c.get(_sheet_url("document_download", w, OWN, PUBLIC, w.document(t, k))),
        lambda a, t, k: OK if (t, k) == (OWN, PUBLIC) else HIDDEN,
        kinds=KINDS,
        prepare=lambda w, t, k: w.document(t, k),
        check=lambda body, a, t, k: [] if body == document_content(t, k) else ["wrong file"],
    ),
    Capability(
        "document_remove_via_other_fiche",
        lambda c, w, t, k: c.post(_sheet_url("document_remove", w, OWN, PUBLIC, w.document(t, k))),
        lambda a, t, k: gate(OWN in EDITS[a], True, DONE if (t, k) == (OWN, PUBLIC) else HIDDEN),
        kinds=KINDS,
        prepare=lambda w, t, k: w.document(t, k),
        happened=lambda w, t, k: not Document.objects.filter(sheet=w.sheets[t, k]).exists(),
    ),
    Capability(
        "members_page",
        lambda c, w, t, k: c.get(reverse("accounts:territory_members", args=[w.territory(t).code])),
        _members_page,
    ),
    Capability(
        "member_add",
        lambda c, w, t, k: c.post(
            reverse("accounts:territory_member_add", args=[w.territory(t).code]),
            {"email": w.newcomer().email, "role": Membership.Role.READER},
        ),
        _members_write,
        prepare=lambda w, t, k: w.newcomer(),
        happened=lambda w, t, k: Membership.objects.filter(
            user=w.newcomer(), territory=w.territory(t)
        ).exists(),
    ),
    Capability(
        "member_role",
        lambda c, w, t, k: c.post(
            reverse(
                "accounts:territory_member_role",
                args=[w.territory(t).code, w.bystander(t)],
            ),
            {f"m{w.bystander(t)}-role": Membership.Role.EDITOR},
        ),
        _members_write,
        prepare=lambda w, t, k: w.bystander(t),
        happened=lambda w, t, k: (
            Membership.objects.get(pk=w.bystander(t)).role == Membership.Role.EDITOR
        ),
    ),
    Capability(
        "member_remove",
        lambda c, w, t, k: c.post(
            reverse(
                "accounts:territory_member_remove",
                args=[w.territory(t).code, w.bystander(t)],
            )
        ),
        _members_write,
        prepare=lambda w, t, k: w.bystander(t),
        happened=lambda w, t, k: not Membership.objects.filter(pk=w.bystander(t)).exists(),
    ),
    Capability(
        # The members URL of the home territory, with a membership of the target territory.
        "member_role_via_own_territory",
        lambda c, w, t, k: c.post(
            reverse("accounts:territory_member_role", args=[w.territory(OWN).code, w.bystander(t)]),
            {f"m{w.bystander(t)}-role": Membership.Role.EDITOR},
        ),
        _members_write_via_own,
        prepare=lambda w, t, k: w.bystander(t),
        happened=lambda w, t, k: (
            Membership.objects.get(pk=w.bystander(t)).role == Membership.Role.EDITOR
        ),
    ),
    Capability(
        "member_remove_via_own_territory",
        lambda c, w, t, k: c.post(
            reverse(
                "accounts:territory_member_remove", args=[w.territory(OWN).code, w.bystander(t)]
            )
        ),
        _members_write_via_own,
        prepare=lambda w, t, k: w.bystander(t),
        happened=lambda w, t, k: not Membership.objects.filter(pk=w.bystander(t)).exists(),
    ),
    Capability(
        "profile_page",
        lambda c, w, t, k: c.get(reverse("accounts:profile")),
        lambda a, t, k: LOGIN if a == "anonymous" else OK,
        targets=ONE,
    ),
    Capability(
        "token_create",
        lambda c, w, t, k: c.post(reverse("accounts:api_token_create"), {"name": "tableur"}),
        # The page answers 200 with the clear key, once: a write without a redirect.
        lambda a, t, k: LOGIN if a == "anonymous" else WRITTEN,
        targets=ONE,
        happened=lambda w, t, k: ApiToken.objects.filter(name="tableur").exists(),
    ),
    Capability(
        "token_revoke_own",
        lambda c, w, t, k: c.post(reverse("accounts:api_token_revoke", args=[w.token("own")])),
        lambda a, t, k: LOGIN if a == "anonymous" else DONE,
        targets=ONE,
        prepare=lambda w, t, k: w.token("own"),
        happened=lambda w, t, k: ApiToken.objects.get(pk=w.token("own")).revoked_at is not None,
    ),
    Capability(
        "token_revoke_stranger",  # somebody else's token: as if it did not exist
        lambda c, w, t, k: c.post(reverse("accounts:api_token_revoke", args=[w.token("other")])),
        lambda a, t, k: LOGIN if a == "anonymous" else HIDDEN,
        targets=ONE,
        prepare=lambda w, t, k: w.token("other"),
    ),
]


def _flip(world, target, kind):
    public = world.sheets[target, kind].visibility == Visibility.PUBLIC
    return Visibility.RESTRICTED if public else Visibility.PUBLIC


# The territory's directory (annuaire) ---------------------------------------------------


def _directory_url(name, world, target, *args):
    return reverse(f"organisations:{name}", args=[world.territory(target).code, *args])


def _prepare_directory(world, target, kind):
    """The three directories, before the "nothing written" snapshot."""
    world.directory(target)


def _directory_manage(success):
    """A management page or write: the views answer 403 to anyone who may not manage the
    directory, anonymous visitors included (no redirect to the login page)."""

    def expect(actor, target, kind):
        return success if target in MANAGES_DIRECTORY[actor] else FORBIDDEN

    return expect


def _directory_write_via_own(refused=HIDDEN):
    """The home territory's URL decides; an object of another territory is not there (or,
    for a form's choice, not offered: `refused`)."""

    def expect(actor, target, kind):
        outcome = _directory_manage(DONE)(actor, OWN, kind)
        return refused if outcome == DONE and target != OWN else outcome

    return expect


def _shown(problems, text, wanted, body):
    if (text in body) != wanted:
        problems.append(f"{text!r} {'missing' if wanted else 'shown'}")


def _directory_check(body, actor, target, kind):
    """Names, organisations and partners for all; contact details for the territory's
    readers; ended roles and the management links for its managers."""
    problems = []
    for text in (person_name(target), partner_name(target)):
        _shown(problems, text, True, body)
    for contact in contacts(target):
        _shown(problems, contact, target in READS_RESTRICTED[actor], body)
    manages = target in MANAGES_DIRECTORY[actor]
    _shown(problems, ended_name(target), manages, body)
    _shown(problems, "Ajouter une personne", manages, body)
    return problems


def _territory_page_directory_check(body, actor, target, kind):
    """The territory page's governance: current roles only, contacts for its readers."""
    problems = []
    for text in (person_name(target), partner_name(target)):
        _shown(problems, text, True, body)
    _shown(problems, ended_name(target), False, body)
    for contact in contacts(target):
        _shown(problems, contact, target in READS_RESTRICTED[actor], body)
    return problems


def _role(world, target):
    return GovernanceRole.objects.get(pk=world.directory(target).role)


def _person(world, target):
    return Person.objects.get(pk=world.directory(target).person)


def _role_edit_post(url_target):
    def call(client, world, target, kind):
        url = _directory_url("role_edit", world, url_target or target, world.directory(target).role)
        data = {
            "role": GovernanceRole.Role.PROJECT_COMMITTEE,
            "organisation": "",
            "note": "modifié",
        }
        return client.post(url, {**data, "since": ""})

    return call


def _role_end_post(url_target):
    def call(client, world, target, kind):
        url = _directory_url("role_end", world, url_target or target, world.directory(target).role)
        return client.post(url, {"until": ""})

    return call


def _person_edit_post(url_target):
    def call(client, world, target, kind):
        directory = world.directory(target)
        url = _directory_url("person_edit", world, url_target or target, directory.person)
        first_name, last_name = person_name(target).split(" ", 1)
        email, phone, _ = contacts(target)
        data = {"first_name": first_name, "last_name": last_name, "job_title": "Maire"}
        data.update(email=email, phone=phone, organisation=directory.partner)
        return client.post(url, {**data, "new_organisation_name": "", "new_organisation_kind": ""})

    return call


def _partner_remove_post(url_target):
    def call(client, world, target, kind):
        pk = world.directory(target).partnership
        return client.post(_directory_url("partner_remove", world, url_target or target, pk))

    return call


def _role_add_post(url_target):
    def call(client, world, target, kind):
        url = _directory_url("role_add", world, url_target or target)
        person = world.directory(target).person
        return client.post(url, {"person": person, "role": GovernanceRole.Role.OTHER, "note": ""})

    return call


def _directory_manage_own(actor, target, kind):
    return _directory_manage(DONE)(actor, OWN, kind)


def _share_with_own(world, target, kind):
    person = world.directory(target).person
    if target != OWN:
        GovernanceRole.objects.create(
            territory=world.territory(OWN), person_id=person, role=GovernanceRole.Role.OTHER
        )


def _role_is(role):
    return lambda w, t, k: _role(w, t).role == role


def _role_ended(world, target, kind):
    return _role(world, target).until is not None


def _person_edited(world, target, kind):
    return _person(world, target).job_title == "Maire"


def _partner_removed(world, target, kind):
    return not Partnership.objects.filter(pk=world.directory(target).partnership).exists()


def _role_given(world, target, kind):
    return GovernanceRole.objects.filter(
        territory=world.territory(target),
        person_id=world.directory(target).person,
        role=GovernanceRole.Role.OTHER,
    ).exists()


DIRECTORY_PAGES = [
    Capability(
        "directory_page",
        lambda c, w, t, k: c.get(_directory_url("directory", w, t)),
        always_ok,
        prepare=_prepare_directory,
        check=_directory_check,
    ),
    Capability(
        "territory_page_directory",  # the territory page's "Gouvernance et partenaires"
        _territory_page(),
        always_ok,
        prepare=_prepare_directory,
        check=_territory_page_directory_check,
    ),
    Capability(
        "person_add_page",
        lambda c, w, t, k: c.get(_directory_url("person_add", w, t)),
        _directory_manage(OK),
        prepare=_prepare_directory,
        check=lambda body, a, t, k: [] if person_name(t) in body else ["the person is not offered"],
    ),
    Capability(
        "person_add",
        lambda c, w, t, k: c.post(
            _directory_url("person_add", w, t),
            {
                "first_name": "Nouvelle",
                "last_name": "Recrue",
                "email": "recrue@annuaire.example",
                "role": GovernanceRole.Role.OTHER,
                "organisation": "",
                "new_organisation_name": "",
            },
        ),
        _directory_manage(DONE),
        prepare=_prepare_directory,
        happened=lambda w, t, k: GovernanceRole.objects.filter(
            territory=w.territory(t), person__last_name="Recrue", role=GovernanceRole.Role.OTHER
        ).exists(),
    ),
    Capability(
        "role_add",
        _role_add_post(None),
        _directory_manage(DONE),
        prepare=_prepare_directory,
        happened=_role_given,
    ),
    Capability(
        "role_edit_page",
        lambda c, w, t, k: c.get(_directory_url("role_edit", w, t, w.directory(t).role)),
        _directory_manage(OK),
        prepare=_prepare_directory,
        check=lambda body, a, t, k: [] if person_name(t) in body else ["the person is missing"],
    ),
    Capability(
        "role_edit",
        _role_edit_post(None),
        _directory_manage(DONE),
        prepare=_prepare_directory,
        happened=_role_is(GovernanceRole.Role.PROJECT_COMMITTEE),
    ),
    Capability(
        "role_end",
        _role_end_post(None),
        _directory_manage(DONE),
        prepare=_prepare_directory,
        happened=_role_ended,
    ),
    Capability(
        "person_edit_page",
        lambda c, w, t, k: c.get(_directory_url("person_edit", w, t, w.directory(t).person)),
        _directory_manage(OK),
        prepare=_prepare_directory,
        check=lambda body, a, t, k: [] if contacts(t)[0] in body else ["the email is missing"],
    ),
    Capability(
        "person_edit",
        _person_edit_post(None),
        _directory_manage(DONE),
        prepare=_prepare_directory,
        happened=_person_edited,
    ),
    Capability(
        "partner_search",
        lambda c, w, t, k: c.get(_directory_url("partner_add", w, t) + "?q=Candidate"),
        _directory_manage(OK),
        prepare=_prepare_directory,
        check=lambda body, a, t, k: (
            [] if candidate_name(t) in body else ["the organisation is not found"]
        ),
    ),
    Capability(
        "partner_add",
        lambda c, w, t, k: c.post(
            _directory_url("partner_add", w, t),
            {"organisation": w.directory(t).candidate, "description": "Financeur"},
        ),
        _directory_manage(DONE),
        prepare=_prepare_directory,
        happened=lambda w, t, k: Partnership.objects.filter(
            territory=w.territory(t), organisation_id=w.directory(t).candidate
        ).exists(),
    ),
    Capability(
        "partner_create",
        lambda c, w, t, k: c.post(
            _directory_url("partner_create", w, t),
            {"name": "Nouvelle entreprise", "kind": Organisation.Kind.COMPANY, "siren": ""},
        ),
        _directory_manage(DONE),
        prepare=_prepare_directory,
        happened=lambda w, t, k: Partnership.objects.filter(
            territory=w.territory(t), organisation__name="Nouvelle entreprise"
        ).exists(),
    ),
    Capability(
        "partner_remove",
        _partner_remove_post(None),
        _directory_manage(DONE),
        prepare=_prepare_directory,
        happened=_partner_removed,
    ),
    # The home territory's URLs, with an object of the target territory.
    Capability(
        "role_add_via_own_territory",  # a person of another territory is not offered
        _role_add_post(OWN),
        _directory_write_via_own(INVALID),
        prepare=_prepare_directory,
        happened=_role_given,
    ),
    Capability(
        "role_edit_via_own_territory",
        _role_edit_post(OWN),
        _directory_write_via_own(),
        prepare=_prepare_directory,
        happened=_role_is(GovernanceRole.Role.PROJECT_COMMITTEE),
    ),
    Capability(
        "role_end_via_own_territory",
        _role_end_post(OWN),
        _directory_write_via_own(),
        prepare=_prepare_directory,
        happened=_role_ended,
    ),
    Capability(
        "person_edit_via_own_territory",
        _person_edit_post(OWN),
        _directory_write_via_own(),
        prepare=_prepare_directory,
        happened=_person_edited,
    ),
    Capability(
        # A person of the target territory who also holds a role in the home territory:
        # editable from the home directory by whoever manages it.
        "person_edit_shared_via_own_territory",
        _person_edit_post(OWN),
        _directory_manage_own,
        prepare=_share_with_own,
        happened=_person_edited,
    ),
    Capability(
        "partner_remove_via_own_territory",
        _partner_remove_post(OWN),
        _directory_write_via_own(),
        prepare=_prepare_directory,
        happened=_partner_removed,
    ),
]


def _api_list(query):
    def call(client, world, target, kind):
        code = world.territory(target).code if target else ""
        return client.get("/api/v1/action-sheets/?page_size=200&" + query.format(code=code))

    return call


API = [
    Capability(
        "api_territory_list",
        lambda c, w, t, k: c.get("/api/v1/territories/"),
        always_ok,
        targets=ONE,
        check=_api_territory_counts,
    ),
    Capability(
        "api_territory_detail",
        lambda c, w, t, k: c.get(f"/api/v1/territories/{w.territory(t).code}/"),
        always_ok,
        check=_api_territory_counts,
    ),
    Capability(
        "api_sheet_list",
        _api_list(""),
        always_ok,
        targets=ONE,
        check=_titles_check(visible_titles),
    ),
    Capability(
        "api_sheet_list_filtered",
        _api_list("territory={code}&axis=attirer&status=draft"),
        always_ok,
        check=_titles_check(visible_titles),
    ),
    Capability(
        "api_sheet_search",
        _api_list(f"q={SEARCH_WORD}"),
        always_ok,
        targets=ONE,
        check=_titles_check(_search_titles),
    ),
    Capability(
        "api_sheet_detail",
        lambda c, w, t, k: c.get(f"/api/v1/action-sheets/{w.sheets[t, k].pk}/"),
        lambda a, t, k: gate(True, api_visible(a, t, k), OK),
        kinds=KINDS,
        check=_body_has_title,
    ),
    Capability(
        "api_patch",
        _patch(lambda sheet: {"title": f"{sheet.title} (modifiée)"}),
        _api_write(EDITS),
        kinds=KINDS,
        happened=lambda w, t, k: w.sheet(t, k).title.endswith("(modifiée)"),
    ),
    Capability(
        "api_patch_visibility",
        _patch(lambda sheet: {"visibility": "restricted" if sheet.is_public else "public"}),
        _api_write(CHANGES_VISIBILITY),
        kinds=KINDS,
        happened=lambda w, t, k: w.sheet(t, k).visibility != w.sheets[t, k].visibility,
    ),
    Capability(
        "api_patch_propose",
        _patch(lambda sheet: {"status": Status.PROPOSED}),
        _api_write(EDITS),
        kinds=KINDS,
        happened=_status_is(Status.PROPOSED),
    ),
    Capability(
        "api_patch_validate",
        _patch(lambda sheet: {"status": Status.VALIDATED}),
        _api_write(VALIDATES),
        kinds=KINDS,
        prepare=lambda w, t, k: _presented(w, t, k),
        happened=_status_is(Status.VALIDATED),
    ),
    Capability(
        "api_territory_detail_directory",  # the governance, without contact details
        lambda c, w, t, k: c.get(f"/api/v1/territories/{w.territory(t).code}/"),
        always_ok,
        prepare=_prepare_directory,
        check=lambda body, a, t, k: [
            f"{text!r} missing"
            for text in (person_name(t), partner_name(t))
            if text not in json.dumps(json.loads(body), ensure_ascii=False)
        ],
    ),
    Capability(
        "api_history",
        lambda c, w, t, k: c.get(f"/api/v1/action-sheets/{w.sheets[t, k].pk}/history/"),
        lambda a, t, k: gate(t in READS_RESTRICTED[a], api_visible(a, t, k), OK),
        kinds=KINDS,
    ),
]

# Running a cell --------------------------------------------------------------------

LOGIN_PATH = "/compte/connexion/"
STATUSES = {
    OK: 200,
    DONE: 302,
    IGNORED: 302,
    WRITTEN: 200,
    FORBIDDEN: 403,
    HIDDEN: 404,
    LOGIN: 302,
    UNAUTHORIZED: 401,
    INVALID: 400,
}


class KnownBug(Exception):
    """A cell listed in KNOWN_BUGS behaves as the bug says (the test is xfail strict)."""


def _body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def run_cell(world, client, actor, capability, target, kind, before=None):
    """Make the request; return the problems found (empty when the cell is right) and the
    database state after it when known (`before` is the state left by the previous cell)."""
    expected = capability.expect(actor, target, kind)
    if capability.prepare:
        capability.prepare(world, target, kind)
        before = None
    if before is None:
        before = db_state()
    try:
        response = capability.call(client, world, target, kind)
    except Exception as exc:  # the test client re-raises a view's exception (a 500)
        return [f"expected {expected}, the server failed: {type(exc).__name__}: {exc}"], None
    body = _body(response)
    problems = []
    if response.status_code != STATUSES[expected]:
        problems.append(f"expected {expected}, got {response.status_code}")
    elif expected == LOGIN and not response["Location"].startswith(LOGIN_PATH):
        problems.append(f"expected a redirect to the login page, got {response['Location']}")
    elif expected in (DONE, IGNORED) and response["Location"].startswith(LOGIN_PATH):
        problems.append("redirected to the login page instead of writing")
    for secret in secret_titles(actor) | secret_contacts(actor):
        if secret in body:
            problems.append(f"leaks {secret!r}")
    after = None
    if expected in (DONE, WRITTEN):
        if not capability.happened(world, target, kind):
            problems.append("the write did not happen")
    else:
        after = db_state()
        if after != before:
            problems.append(f"{expected} but the database changed")
    if expected == OK and capability.check and response.status_code == 200:
        problems.extend(capability.check(body, actor, target, kind))
    return problems, after


def cell_id(label, target, kind, capability):
    return "-".join(p for p in (label, target, kind, capability.name) if p)


def run(world, client, actor, capability, label):
    """Every cell of one actor × one capability: each kind of fiche, each territory."""
    failures, bugs, state = [], [], None
    for kind in capability.kinds:
        for target in capability.targets:
            cell = cell_id(label, target, kind, capability)
            problems, state = run_cell(world, client, actor, capability, target, kind, state)
            if cell in KNOWN_BUGS:
                if not problems:
                    failures.append(f"{cell}: listed in KNOWN_BUGS but behaves as the rules say")
                else:
                    bugs.append(f"{cell}: {'; '.join(problems)}")
            elif problems:
                failures.append(f"{cell}: {'; '.join(problems)}")
    assert not failures, "\n".join(failures)
    if bugs:
        raise KnownBug("\n".join(bugs))


# The parameters --------------------------------------------------------------------


def _params(capabilities, actors):
    """One test per actor × capability (its cells: kinds × territories), with ids like
    "editor-edit_post" or "region-token-api_patch_validate"."""
    params = []
    for capability in capabilities:
        for actor, auth in actors:
            label = f"{actor}-{auth}" if auth else actor
            reasons = [
                KNOWN_BUGS[cell_id(label, target, kind, capability)]
                for kind in capability.kinds
                for target in capability.targets
                if cell_id(label, target, kind, capability) in KNOWN_BUGS
            ]
            marks = ()
            if reasons:
                marks = pytest.mark.xfail(strict=True, raises=KnownBug, reason=reasons[0])
            params.append(
                pytest.param(actor, auth, capability, id=f"{label}-{capability.name}", marks=marks)
            )
    return params


PAGE_ACTORS = [(actor, None) for actor in ACTORS]
API_ACTORS = [("anonymous", None)] + [
    (actor, auth) for actor in ACTORS if actor != "anonymous" for auth in ("token", "session")
]


@pytest.mark.parametrize(
    ("actor", "auth", "capability"), _params(PAGES + DIRECTORY_PAGES, PAGE_ACTORS)
)
def test_page(actor, auth, capability):
    world = World()
    world.actor = actor
    run(world, world.client(actor), actor, capability, actor)


@pytest.mark.parametrize(("actor", "auth", "capability"), _params(API, API_ACTORS))
def test_api(actor, auth, capability):
    world = World()
    world.actor = actor
    label = f"{actor}-{auth}" if auth else actor
    run(world, world.client(actor, auth or "session"), actor, capability, label)


def test_tables_cover_every_actor():
    tables = (
        READS_RESTRICTED,
        EDITS,
        VALIDATES,
        MANAGES_PLAN,
        CHANGES_VISIBILITY,
        CHANGES_STAGE,
        MANAGES_MEMBERS,
        MANAGES_DIRECTORY,
    )
    for table in tables:
        assert set(table) == set(ACTORS)
    # Whoever edits or validates somewhere also reads restricted fiches there.
    for actor in ACTORS:
        assert EDITS[actor] | VALIDATES[actor] | MANAGES_PLAN[actor] <= READS_RESTRICTED[actor]
        assert MANAGES_MEMBERS[actor] <= MANAGES_PLAN[actor]
        assert MANAGES_DIRECTORY[actor] <= READS_RESTRICTED[actor]
        assert CHANGES_VISIBILITY[actor] <= EDITS[actor]
        assert CHANGES_STAGE[actor] <= VALIDATES[actor]
