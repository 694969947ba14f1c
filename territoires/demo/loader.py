"""Load the demo (territoires.demo.content) idempotently: rows are keyed on natural keys,
and a fiche that already exists is left as it is, so a second run changes nothing."""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from territoires.accounts.models import Membership, Scope, User
from territoires.audit.models import AuditEvent
from territoires.audit.readers import history_of
from territoires.funding import financing
from territoires.funding.importers.schemes import import_schemes
from territoires.organisations.models import GovernanceRole, Organisation, Partnership, Person
from territoires.plans import services as plan_services
from territoires.plans.models import ActionSheet
from territoires.programmes.models import Stage
from territoires.programmes.services import ensure_territoires_d_industrie
from territoires.referential.models import Department, Epci, Region, Territory, TerritoryEpci
from territoires.referential.services import change_territory_stage

from . import content
from .meetings import load_example_contacts, load_meetings
from .scale import sources
from .territories import label_territories, load_real_territories, record_known_steps


@dataclass
class DemoAccount:
    email: str
    role: str
    can: str


@dataclass
class DemoReport:
    accounts: list[DemoAccount]
    sheets_created: int
    password: str = content.DEMO_PASSWORD
    schemes: str = ""  # what the import of the shared catalogue did, or why it did not run
    # What was done for the programme's 2019 territories, or why not (`territories.py`).
    territories: list[str] = field(default_factory=list)


@transaction.atomic
def load_demo(*, data_dir=None, cog_dir=None) -> DemoReport:
    """Load the demo; `data_dir` is the shared data folder (`settings.SHARED_DATA_DIR`),
    `cog_dir` the fetched referential package (`settings.REFERENTIAL_DIR`)."""
    data_dir = Path(data_dir or settings.SHARED_DATA_DIR)
    cog_dir = Path(cog_dir or settings.REFERENTIAL_DIR)
    programme = ensure_territoires_d_industrie()
    axes = {axis.code: axis for axis in programme.axes.all()}
    real = load_real_territories(programme, data_dir=data_dir, cog_dir=cog_dir)
    region, department = _load_geography()
    territory = _load_territory(programme, region, department)
    second = _load_second_territory(programme, region)
    labelled = label_territories(programme)
    if labelled:
        real.append(f"Étape « Labellisé » enregistrée pour {labelled} territoire(s).")
    if record_known_steps(programme):
        real.append(
            "Contrat signé le 18 mars 2019 enregistré pour Sud Alsace (4410), d'après l'article."
        )
    organisations = _load_organisations(territory, region)
    people = _load_people(territory, organisations)
    territories = {territory.code: territory, second.code: second}
    accounts, users = _load_accounts(territories, region, department, organisations)
    example_person = _load_example_person(territory, users["contributeur"])

    created = _load_sheets(territory, axes, users["editeur"], people, example_person)
    created += _load_example_sheets(second, axes, users["editeur.troyes"])
    _load_funding_examples(territory, organisations, users["editeur"])
    load_meetings(territory, organisations, people, users["editeur"])
    load_example_contacts(territory, users["editeur"])
    return DemoReport(
        accounts=accounts,
        sheets_created=created,
        schemes=_load_schemes(data_dir),
        territories=real,
    )


def _load_funding_examples(territory, organisations, editor):
    """A few financing lines on fiches of 4403, invented and marked as examples, so that
    the financing pages and the money views have something to show."""
    for code, financer_key, amount, nature, moves in content.FUNDING_EXAMPLES:
        sheet = ActionSheet.objects.get(territory=territory, code=code)
        if sheet.funding_lines.filter(is_example=True).exists():
            continue
        line = financing.add_line(
            sheet,
            acting_user=editor,
            is_example=True,
            financer=organisations[financer_key],
            amount=amount,
            nature=nature,
            note=content.FUNDING_EXAMPLE_NOTE,
        )
        for target, day in moves:
            line = financing.change_line_status(line, target, acting_user=editor, on=day)
        _backdate_line(line, content.FUNDING_EXAMPLES_ADDED_ON[code], [day for _, day in moves])


def _backdate_line(line, added_on, move_days):
    """The example line, its moves and their events as recorded on their days (the log's
    order kept), not on the day the demo loads."""
    added = content.at(added_on.year, added_on.month, added_on.day, content.EXAMPLE_HOUR)
    moments = [content.at(d.year, d.month, d.day, content.EXAMPLE_HOUR) for d in move_days]
    events = AuditEvent.objects.filter(object_type="funding.fundingline", object_id=line.pk)
    added_event, *move_events = events.order_by("at", "id")
    AuditEvent.objects.filter(pk=added_event.pk).update(at=added)
    for event, moment in zip(move_events, moments, strict=True):
        AuditEvent.objects.filter(pk=event.pk).update(at=moment)
    for transition, moment in zip(line.transitions.order_by("at", "id"), moments, strict=True):
        type(transition).objects.filter(pk=transition.pk).update(at=moment)
    type(line).objects.filter(pk=line.pk).update(
        created_at=added, updated_at=moments[-1] if moments else added
    )


def _load_schemes(data_dir):
    """The real catalogue of the shared data when it is there (nothing invented)."""
    path = data_dir / sources.SCHEMES_FILE
    if not path.is_file():
        return f"Catalogue des dispositifs non importé : {path} absent."
    report = import_schemes(path, file_format="csv")
    return f"Catalogue des dispositifs ({path.name}) : " + " ; ".join(report.summary_lines())


# Geography and territories ---------------------------------------------------------------


def _load_geography():
    region, _ = Region.objects.get_or_create(
        code=content.REGION["code"], defaults={"name": content.REGION["name"]}
    )
    department, _ = Department.objects.get_or_create(
        code=content.DEPARTMENT["code"],
        defaults={"name": content.DEPARTMENT["name"], "region": region},
    )
    return region, department


def _load_territory(programme, region, department):
    territory, _ = Territory.objects.update_or_create(
        programme=programme,
        code=content.TERRITORY["code"],
        defaults={
            "name": content.TERRITORY["name"],
            "region": region,
            "phase": content.TERRITORY["phase"],
            "labelled_on": content.TERRITORY["labelled_on"],
        },
    )
    if territory.stage_id is None:
        # Recorded like any stage move, dated from the label (22 November 2018).
        change_territory_stage(
            territory,
            Stage.objects.get(programme=programme, code=content.TERRITORY_STAGE),
            acting_user=None,
            comment="Labellisation par le Premier ministre (démonstration).",
            at=timezone.make_aware(
                datetime.datetime.combine(content.TERRITORY["labelled_on"], datetime.time(12))
            ),
        )
    territory.departments.add(department)
    for siren, name, kind, in_territory, in_epci in content.EPCIS:
        epci, _ = Epci.objects.get_or_create(siren=siren, defaults={"name": name, "kind": kind})
        TerritoryEpci.objects.get_or_create(
            territory=territory,
            epci=epci,
            defaults={"communes_in_territory": in_territory, "communes_in_epci": in_epci},
        )
    return territory


def _load_second_territory(programme, region):
    territory, _ = Territory.objects.update_or_create(
        programme=programme,
        code=content.SECOND_TERRITORY["code"],
        defaults={
            "name": content.SECOND_TERRITORY["name"],
            "region": region,
            "phase": content.SECOND_TERRITORY["phase"],
            "is_example": True,
        },
    )
    department, _ = Department.objects.get_or_create(
        code=content.SECOND_DEPARTMENT["code"],
        defaults={"name": content.SECOND_DEPARTMENT["name"], "region": region},
    )
    territory.departments.add(department)
    return territory


# Organisations and people -----------------------------------------------------------------


def _load_organisations(territory, region):
    organisations = {}
    for key, spec in content.ORGANISATIONS.items():
        epci = Epci.objects.filter(siren=spec["epci"]).first() if spec.get("epci") else None
        organisation, _ = Organisation.objects.update_or_create(
            name=spec["name"],
            defaults={
                "kind": spec["kind"],
                "siren": spec.get("siren", ""),
                "epci": epci,
                "region": region,
                "address": spec.get("address", ""),
                "city": spec.get("city", ""),
            },
        )
        Partnership.objects.update_or_create(
            territory=territory,
            organisation=organisation,
            defaults={"description": spec["partner"]},
        )
        organisations[key] = organisation
    return organisations


def _load_people(territory, organisations):
    people = {}
    for first_name, last_name, job_title, organisation_key, note in content.PEOPLE:
        organisation = organisations.get(organisation_key)
        person, _ = Person.objects.update_or_create(
            first_name=first_name,
            last_name=last_name,
            defaults={"job_title": job_title, "organisation": organisation},
        )
        if note:
            GovernanceRole.objects.update_or_create(
                territory=territory,
                person=person,
                role=GovernanceRole.Role.OTHER,
                defaults={"organisation": organisation, "note": note},
            )
        people[person.full_name] = person
    return people


def _load_example_person(territory, user):
    person, _ = Person.objects.update_or_create(
        first_name=content.EXAMPLE_PERSON["first_name"],
        last_name=content.EXAMPLE_PERSON["last_name"],
        is_example=True,
        defaults={"job_title": content.EXAMPLE_PERSON["job_title"], "user": user},
    )
    # In the directory of the territory whose fiches they pilot, as a plain contact.
    GovernanceRole.objects.update_or_create(
        territory=territory,
        person=person,
        role=GovernanceRole.Role.OTHER,
        defaults={"note": content.EXAMPLE_PERSON["note"]},
    )
    return person


# Accounts ------------------------------------------------------------------------------------


def _load_accounts(territories, region, department, organisations):
    accounts, users = [], {}
    for spec in content.ACCOUNTS:
        email = f"{spec['local']}@{content.EMAIL_DOMAIN}"
        is_national = spec.get("scope") == Scope.Kind.NATIONAL
        user, _ = User.objects.get_or_create(email=email)
        user.first_name, user.last_name = spec["name"]
        user.is_active = True
        user.is_staff = user.is_superuser = is_national
        if not user.check_password(content.DEMO_PASSWORD):
            user.set_password(content.DEMO_PASSWORD)
        user.save()
        if spec.get("territory"):
            code = spec["territory"]
            membership, _ = Membership.objects.update_or_create(
                user=user, territory=territories[code], defaults={"role": spec["role"]}
            )
            label = f"{membership.get_role_display()} {code}"
        else:
            label = _load_scope(user, spec["scope"], region, department, organisations)
        users[spec["local"]] = user
        accounts.append(DemoAccount(email=email, role=label, can=spec["can"]))
    return accounts, users


def _load_scope(user, kind, region, department, organisations):
    where = {
        Scope.Kind.REGION: {"region": region, "department": None},
        Scope.Kind.STATE: {"region": None, "department": department},
    }.get(kind, {"region": None, "department": None})
    organisation = {
        Scope.Kind.REGION: organisations["region"],
        Scope.Kind.STATE: organisations["prefecture"],
    }.get(kind)
    Scope.objects.update_or_create(
        user=user, kind=kind, **where, defaults={"organisation": organisation}
    )
    if kind == Scope.Kind.REGION:
        return f"Région – {region.name}"
    if kind == Scope.Kind.STATE:
        return f"État – {department}"
    return Scope.Kind(kind).label


# Fiches --------------------------------------------------------------------------------------


def _backdate_creation(sheet, when):
    ActionSheet.objects.filter(pk=sheet.pk).update(created_at=when, updated_at=when)
    history_of(sheet).filter(verb="sheet.created").update(at=when)


def _load_sheets(territory, axes, editor, people, example_person):
    created = 0
    for code, axis_code, title, presenter_name in content.SHEETS:
        if ActionSheet.objects.filter(territory=territory, code=code).exists():
            continue
        pilots = [example_person] if code in content.EXAMPLE_PERSON_PILOTS else []
        sheet = plan_services.create_sheet(
            territory,
            acting_user=editor,
            fields={
                "code": code,
                "title": title,
                "axis": axes[axis_code],
                "presenter": people.get(presenter_name) if presenter_name else None,
                "visibility": "public",
            },
            m2m={"pilots": pilots},
        )
        _backdate_creation(sheet, content.SHEETS_WRITTEN_AT)
        for target, when, comment in content.SHEET_STORY:
            sheet = plan_services.change_status(
                sheet, target, acting_user=editor, comment=comment, at=when
            )
        created += 1
    return created


def _load_example_sheets(territory, axes, editor):
    created = 0
    for code, axis_code, title, visibility, story in content.EXAMPLE_SHEETS:
        if ActionSheet.objects.filter(territory=territory, code=code).exists():
            continue
        sheet = plan_services.create_sheet(
            territory,
            acting_user=editor,
            fields={
                "code": code,
                "title": title,
                "axis": axes[axis_code],
                "visibility": visibility,
                "context": content.EXAMPLE_CONTEXT,
                "is_example": True,
            },
        )
        _backdate_creation(sheet, content.EXAMPLE_SHEETS_WRITTEN_AT)
        for target, when in story:
            sheet = plan_services.change_status(
                sheet, target, acting_user=editor, comment="Exemple de démonstration.", at=when
            )
        created += 1
    return created
