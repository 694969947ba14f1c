"""The directory and the accounts of a generated programme.

Organisations are real where the shared files name them (the member EPCI, the Fonds vert
beneficiaries with their SIREN, the funders of Aides-territoires) and invented where they
do not (the industrial companies, named after their activity and town); people are
invented from common French first and last names. Everything is marked `is_example`.
Every account shares one password, hashed once.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from territoires.accounts.models import Membership, Scope, User
from territoires.organisations.models import GovernanceRole, Organisation, Partnership, Person
from territoires.organisations.names import identity_key
from territoires.referential.models import Department, Region

from .geography import commune_label, of_place

PASSWORD = "echelle-territoires-2026"
EMAIL_DOMAIN = "echelle.territoires-industrie.fr"
NATIONAL_EMAIL = f"national@{EMAIL_DOMAIN}"

_FIRST_NAMES = (
    "Marie Jean Pierre Nathalie Isabelle Philippe Sylvie Michel Catherine Alain Christine "
    "Patrick Sophie Nicolas Valérie Christophe Sandrine Laurent Stéphanie Frédéric Céline "
    "Olivier Véronique Éric Anne Thierry Émilie Julien Aurélie David Camille Sébastien Julie "
    "Guillaume Claire Thomas Hélène Antoine Élodie Mathieu Caroline Vincent Laure François "
    "Mélanie Benoît Pauline Hervé Agnès Yannick Chantal Bruno Léa Jérôme Manon Arnaud"
)
_LAST_NAMES = (
    "Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel "
    "Lefebvre Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine "
    "Rousseau Vincent Muller Lefèvre Faure André Mercier Blanc Guérin Boyer Garnier Chevalier "
    "François Legrand Gauthier Garcia Perrin Robin Clément Morin Nicolas Henry Roussel Mathieu "
    "Gautier Masson Marchand Duval Denis Dumont Marie Lemaire Noël Meyer Dufour Meunier Brun "
    "Blanchard Giraud Joly Rivière Lucas Brunet Gaillard Barbier Arnaud Martinez Gérard Roche "
    "Renard Schmitt Roy Leroux Colin Vidal Caron Picard Roger Fabre Aubert Lemoine Renaud "
    "Dumas Lacroix Olivier Philippe Bourgeois Pierre Benoît Rey Leclerc Payet Rolland Leclercq"
)
FIRST_NAMES = tuple(_FIRST_NAMES.split())
LAST_NAMES = tuple(_LAST_NAMES.split())
ACTIVITIES = (
    "Fonderie",
    "Forges",
    "Mécanique de précision",
    "Plasturgie",
    "Ateliers",
    "Métallerie",
    "Cartonnerie",
    "Verrerie",
    "Usinage",
    "Chaudronnerie",
    "Composites",
    "Traitements de surface",
    "Électronique",
    "Menuiseries industrielles",
    "Agroalimentaire",
    "Coutellerie",
)
NATIONAL_PARTNERS = (
    ("Bpifrance", Organisation.Kind.NATIONAL_OPERATOR),
    ("Banque des Territoires", Organisation.Kind.NATIONAL_OPERATOR),
    ("Business France", Organisation.Kind.NATIONAL_OPERATOR),
    ("ADEME", Organisation.Kind.NATIONAL_OPERATOR),
    ("France Travail", Organisation.Kind.NATIONAL_OPERATOR),
    ("Agence nationale de la cohésion des territoires", Organisation.Kind.NATIONAL_OPERATOR),
)


@dataclass
class Directory:
    """What the fiches of one territory may use: its people and its organisations."""

    people: list[Person] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    local_authorities: list[Organisation] = field(default_factory=list)
    partners: list[Organisation] = field(default_factory=list)
    contributor_person: Person | None = None


def beneficiary_name(project):
    """A commune that benefits is named as such: "Bordes" → "Commune de Bordes"."""
    name = project.beneficiary
    if project.siren.startswith("21") and not name.lower().startswith(("commune", "ville")):
        return f"Commune {of_place(name)}"
    return name


def _kind_of_beneficiary(name, siren):
    if siren.startswith("2"):
        return Organisation.Kind.LOCAL_AUTHORITY
    upper = name.upper()
    if upper.startswith(("CCI", "CHAMBRE", "CMA")):
        return Organisation.Kind.CHAMBER
    return Organisation.Kind.OTHER


class OrganisationPool:
    """Organisations created once and shared by the territories (one row per SIREN, else
    per name as the directory's one alias rule reads it: `organisations.names`), validated
    with the model's own rules before a bulk insert; `known` ones (the financers the
    scheme import wrote) are reused, not created again."""

    def __init__(self, known=()):
        self.by_key = {}
        self.pending = []
        for organisation in known:
            self.by_key.setdefault(identity_key(organisation.name), organisation)

    def get(self, name, kind, *, siren="", epci_id=None, region_id=None, city=""):
        key = siren or identity_key(name)
        organisation = self.by_key.get(key)
        if organisation is None:
            organisation = Organisation(
                name=name[:200],
                kind=kind,
                siren=siren,
                epci_id=epci_id,
                region_id=region_id,
                city=city[:100],
                is_example=True,
            )
            organisation.full_clean(exclude=["epci", "region"], validate_unique=False)
            self.by_key[key] = organisation
            self.pending.append(organisation)
        return organisation

    def flush(self):
        Organisation.objects.bulk_create(self.pending, batch_size=2000)
        self.pending = []


def _person(rng, organisation, job_title, used):
    for _ in range(20):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        if (first, last) not in used:
            break
    used.add((first, last))
    local = f"{first}.{last}".lower().replace(" ", "-")
    person = Person(
        first_name=first,
        last_name=last,
        job_title=job_title,
        organisation=organisation,
        email=f"{_ascii(local)}@exemple.fr",
        phone=f"0{rng.randint(1, 5)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
        f"{rng.randint(10, 99)} {rng.randint(10, 99)}",
        is_example=True,
    )
    # Its one constraint (a first or last name) holds by construction; checking it would
    # cost a query per person.
    person.full_clean(
        exclude=["organisation", "user"], validate_unique=False, validate_constraints=False
    )
    return person


def _ascii(text):
    from territoires.core.text import fold

    return fold(text)


def build_directories(territories, projects_by_department, rng):
    """Organisations, people, governance and partners of every territory.

    Returns {territory id: Directory}."""
    # The financers are those the scheme import wrote (`funding.importers`, the same path
    # as `import_schemes`): one rule for their names and kinds.
    funders = list(
        Organisation.objects.filter(financed_schemes__isnull=False)
        .distinct()
        .order_by("name", "pk")
    )
    pool = OrganisationPool(known=funders)
    regions = {r.pk: r for r in Region.objects.all()}
    departments_of = defaultdict(list)
    through = type(territories[0]).departments.through
    department_names = dict(Department.objects.values_list("pk", "code"))
    for territory_id, department_id in through.objects.filter(
        territory_id__in=[t.pk for t in territories]
    ).values_list("territory_id", "department_id"):
        departments_of[territory_id].append(department_names[department_id])
    epcis_of = defaultdict(list)
    for link in (
        type(territories[0])
        .epcis.through.objects.filter(territory_id__in=[t.pk for t in territories])
        .select_related("epci")
    ):
        epcis_of[link.territory_id].append(link.epci)

    directories = {}
    plans = []  # (territory, [(person, role, organisation, since, until)], [partners])
    for territory in territories:
        directory = Directory()
        region = regions[territory.region_id]
        used = set()
        epci_orgs = [
            pool.get(e.name, Organisation.Kind.LOCAL_AUTHORITY, siren=e.siren, epci_id=e.pk)
            for e in sorted(epcis_of[territory.pk], key=lambda e: e.siren)
        ]
        nearby = [p for code in departments_of[territory.pk] for p in projects_by_department[code]]
        if not nearby:
            nearby = [p for ps in projects_by_department.values() for p in ps]
        beneficiaries = []
        for project in rng.sample(nearby, min(len(nearby), 8)):
            beneficiaries.append(
                pool.get(
                    beneficiary_name(project),
                    _kind_of_beneficiary(project.beneficiary, project.siren),
                    siren=project.siren,
                )
            )
        local = epci_orgs or beneficiaries[:2]
        town = commune_label(rng.choice(nearby).commune) if nearby else territory.name
        companies = [
            pool.get(f"{activity} {of_place(town)}", Organisation.Kind.COMPANY, city=town)
            for activity in rng.sample(ACTIVITIES, 3)
        ]
        region_org = pool.get(
            f"Région {region.name}", Organisation.Kind.REGION, region_id=region.pk
        )
        state_org = pool.get(
            f"Préfecture de région {region.name}", Organisation.Kind.STATE, region_id=region.pk
        )
        national = [pool.get(name, kind) for name, kind in rng.sample(NATIONAL_PARTNERS, 2)]
        funder = rng.choice(funders) if funders else None

        labelled = territory.labelled_on or datetime.date(2019, 1, 1)
        seats = []
        elected = _person(rng, local[0], f"Président(e) de {local[0].name}", used)
        seats.append((elected, GovernanceRole.Role.ELECTED_PILOT, local[0], labelled, None))
        industrial = _person(rng, companies[0], "Directeur(rice) général(e)", used)
        seats.append(
            (industrial, GovernanceRole.Role.INDUSTRIAL_PILOT, companies[0], labelled, None)
        )
        manager = _person(rng, local[0], "Chef(fe) de projet Territoires d'industrie", used)
        seats.append((manager, GovernanceRole.Role.PROJECT_MANAGER, local[0], labelled, None))
        committee_orgs = local[1:] + companies[1:] + beneficiaries[:3]
        for organisation in committee_orgs[: rng.randint(3, 5)]:
            person = _person(rng, organisation, "Chargé(e) de mission", used)
            seats.append(
                (person, GovernanceRole.Role.PROJECT_COMMITTEE, organisation, labelled, None)
            )
        for organisation in [region_org, state_org, *national]:
            person = _person(rng, organisation, "Référent(e) Territoires d'industrie", used)
            seats.append(
                (person, GovernanceRole.Role.MONITORING_COMMITTEE, organisation, labelled, None)
            )
        # A pilot who handed over: the directory keeps ended roles.
        if rng.random() < 0.3:
            former = _person(rng, companies[0], "Ancien(ne) dirigeant(e)", used)
            seats.append(
                (
                    former,
                    GovernanceRole.Role.INDUSTRIAL_PILOT,
                    companies[0],
                    labelled,
                    labelled + datetime.timedelta(days=rng.randint(200, 900)),
                )
            )
        partners = [region_org, *national, *companies[:2], *beneficiaries[:2]]
        if funder is not None:
            partners.append(funder)
        partners = list({id(o): o for o in partners}.values())
        plans.append((territory, seats, partners))
        directory.people = [s[0] for s in seats if s[4] is None]
        directory.contributor_person = seats[3][0] if len(seats) > 3 else manager
        directory.organisations = list(
            {id(o): o for o in [*partners, *(s[2] for s in seats if s[4] is None)]}.values()
        )
        directory.local_authorities = [*local, *beneficiaries]
        directory.partners = partners
        directories[territory.pk] = directory

    pool.flush()
    people = [seat[0] for _t, seats, _p in plans for seat in seats]
    for person in people:
        person.organisation_id = person.organisation.pk
    Person.objects.bulk_create(people, batch_size=2000)
    roles = []
    partnerships = []
    for territory, seats, partners in plans:
        for person, role, organisation, since, until in seats:
            role_row = GovernanceRole(
                territory_id=territory.pk,
                person_id=person.pk,
                role=role,
                organisation_id=organisation.pk,
                since=since,
                until=until,
            )
            roles.append(role_row)
        for organisation in partners:
            partnerships.append(
                Partnership(
                    territory_id=territory.pk,
                    organisation_id=organisation.pk,
                    description=_partner_role(organisation),
                )
            )
    GovernanceRole.objects.bulk_create(roles, batch_size=5000)
    Partnership.objects.bulk_create(partnerships, batch_size=5000)
    return directories, {
        "organisations": len(pool.by_key),
        "people": len(people),
        "governance": len(roles),
        "partnerships": len(partnerships),
    }


def _partner_role(organisation):
    return {
        Organisation.Kind.REGION: "Cofinanceur des actions, membre du comité de suivi.",
        Organisation.Kind.NATIONAL_OPERATOR: "Opérateur national : ingénierie et financement.",
        Organisation.Kind.COMPANY: "Industriel du territoire, porteur de projets.",
        Organisation.Kind.LOCAL_AUTHORITY: "Collectivité porteuse d'actions du plan.",
    }.get(organisation.kind, "Partenaire de la démarche.")


def build_accounts(territories, directories):
    """One administrator (the project manager), one éditeur, one contributeur (who pilots
    fiches) and one lecteur per territory; one Région account per region, one State account
    per department, an opérateur and the national team. Returns the national user."""
    password = make_password(PASSWORD)
    users = []
    memberships = []
    persons_to_link = []
    for territory in territories:
        directory = directories[territory.pk]
        for prefix, role in (
            ("administrateur", Membership.Role.ADMIN),
            ("editeur", Membership.Role.EDITOR),
            ("contributeur", Membership.Role.CONTRIBUTOR),
            ("lecteur", Membership.Role.READER),
        ):
            user = User(email=f"{prefix}.{territory.code}@{EMAIL_DOMAIN}", password=password)
            users.append(user)
            memberships.append((user, territory, role))
            if role == Membership.Role.CONTRIBUTOR and directory.contributor_person:
                persons_to_link.append((directory.contributor_person, user))
    scopes = []
    for region in Region.objects.all():
        user = User(email=f"region.{region.code}@{EMAIL_DOMAIN}", password=password)
        users.append(user)
        scopes.append((user, Scope.Kind.REGION, region.pk, None))
    for department in Department.objects.filter(territories__isnull=False).distinct():
        user = User(email=f"etat.{department.code.lower()}@{EMAIL_DOMAIN}", password=password)
        users.append(user)
        scopes.append((user, Scope.Kind.STATE, department.region_id, department.pk))
    operator = User(email=f"operateur@{EMAIL_DOMAIN}", password=password)
    national = User(email=NATIONAL_EMAIL, password=password, is_staff=True, is_superuser=True)
    users += [operator, national]
    scopes += [
        (operator, Scope.Kind.OPERATOR, None, None),
        (national, Scope.Kind.NATIONAL, None, None),
    ]
    User.objects.bulk_create(users, batch_size=2000)
    Membership.objects.bulk_create(
        [Membership(user_id=u.pk, territory_id=t.pk, role=role) for u, t, role in memberships],
        batch_size=5000,
    )
    Scope.objects.bulk_create(
        [
            Scope(user_id=u.pk, kind=kind, region_id=region_id, department_id=department_id)
            for u, kind, region_id, department_id in scopes
        ]
    )
    for person, user in persons_to_link:
        person.user_id = user.pk
    Person.objects.bulk_update([p for p, _u in persons_to_link], ["user"], batch_size=2000)
    accounts = {t.pk: {} for t in territories}
    for user, territory, role in memberships:
        accounts[territory.pk][role] = user
    return national, accounts, {"users": len(users), "memberships": len(memberships)}
