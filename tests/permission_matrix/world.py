"""The world every test of the matrix runs in (see rules.py), the database snapshot that a
forbidden request must leave untouched, and the test clients sharing one request handler."""

from dataclasses import dataclass
from datetime import date

from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from territoires.accounts.models import ApiToken, Membership, Scope
from territoires.audit.models import AuditEvent
from territoires.core.text import natural_key
from territoires.funding.models import (
    DismissedSuggestion,
    FundingLine,
    FundingPlan,
    SchemeAlert,
)
from territoires.meetings.models import AgendaItem, Meeting, MeetingTransition, Registration
from territoires.organisations.models import (
    Consent,
    Contact,
    ContactList,
    GovernanceRole,
    Organisation,
    Partnership,
    Person,
)
from territoires.plans.models import (
    ActionSheet,
    Document,
    StatusTransition,
    Visibility,
)
from territoires.referential.models import StageChange, Territory

from ..factories import (
    ActionSheetFactory,
    DepartmentFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    ProgrammeFactory,
    RegionFactory,
    RegistrationFactory,
    ScopeFactory,
    StageFactory,
    TerritoryFactory,
    UserFactory,
)
from .rules import (
    CODES,
    DELETED,
    KINDS,
    OTHER_REGION,
    OWN,
    PUBLIC,
    RESTRICTED,
    SAME_REGION,
    TARGETS,
    TERRITORY_CODES,
    candidate_name,
    contacts,
    document_content,
    ended_name,
    meeting_title,
    partner_name,
    person_name,
    registrant_email,
    title,
)


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
    (WhiteNoise indexes every static file), once per process instead of once per test."""
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
        self._meetings = None
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

    def meeting(self, target, kind):
        """A public and a territory meeting in each territory, each with one registrant,
        created on first use."""
        if self._meetings is None:
            self._meetings = {}
            for t in TARGETS:
                for k in (PUBLIC, RESTRICTED):
                    meeting = MeetingFactory(
                        territory=self.territories[t],
                        title=meeting_title(t, k),
                        visibility=Visibility.PUBLIC if k == PUBLIC else Visibility.RESTRICTED,
                    )
                    RegistrationFactory(meeting=meeting, email=registrant_email(t, k))
                    self._meetings[t, k] = meeting.pk
        return Meeting.objects.get(pk=self._meetings[target, kind])

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
        sorted(Territory.objects.values_list("pk", "stage_id", "is_fragile", "fragile_reason")),
        sorted(ApiToken.objects.values_list("pk", "user_id", "revoked_at")),
        sorted(StageChange.objects.values_list("pk", "document")),
        sorted(
            GovernanceRole.objects.values_list(
                "pk", "territory_id", "person_id", "role", "organisation_id", "note", "until"
            )
        ),
        sorted(Partnership.objects.values_list("pk", "territory_id", "organisation_id")),
        sorted(
            Person.objects.values_list(
                "pk",
                "first_name",
                "last_name",
                "job_title",
                "email",
                "phone",
                "organisation_id",
                "user_id",
            )
        ),
        sorted(Organisation.objects.values_list("pk", "name", "siren")),
        AuditEvent.objects.count(),
        StatusTransition.objects.count(),
        sorted(Meeting.objects.values_list("pk", "title", "status", "version", "visibility")),
        sorted(AgendaItem.objects.values_list("pk", "meeting_id", "title")),
        sorted(Registration.objects.values_list("pk", "meeting_id", "email", "status")),
        MeetingTransition.objects.count(),
        sorted(FundingLine.objects.values_list("pk", "amount", "status", "version")),
        sorted(FundingPlan.objects.values_list("pk", "self_funding", "version")),
        sorted(DismissedSuggestion.objects.values_list("pk", "sheet_id", "scheme_id")),
        sorted(SchemeAlert.objects.values_list("pk", "user_id", "name")),
        sorted(Contact.objects.values_list("pk", "territory_id", "person_id")),
        Consent.objects.count(),
        sorted(ContactList.objects.values_list("pk", "name")),
    )
