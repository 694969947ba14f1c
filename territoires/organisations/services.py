"""A territory's directory (annuaire): its people with their governance roles, and its
partner organisations. Reads used by the pages and the fiche form, and the writes.

Every write checks the policy first (`can_manage_directory`, `can_edit_person`), then
validates with the models' own validators (SIREN and SIRET checked by python-stdnum) and
raises `ValidationError` in French, keyed by the form field it concerns when there is one;
it records an audit event (`directory.*`) in the same transaction. The acting user is the
keyword `acting_user`.

Decisions:
- a person added to a directory is a new `Person`: people are never searched across
  territories, so that one territory's contacts are not exposed to another;
- organisations are shared: an existing one is found by name or SIREN/SIRET and added as
  a partner; its details are not editable here (the national team keeps them in the
  admin), a new one is created with its SIREN/SIRET checked and refused when the SIRET
  (or, without a SIRET, the SIREN) is already known;
- a person of the directory and a user account are the same human when the person's
  email, case-folded (`accounts.identity.normalize_email`), is the account's address:
  an invitation links the account to that person of the territory's directory, or adds
  a new person with the role "Contact" when a name is known (from the form or the
  account); a person added to the
  directory (or whose email changes) is linked to the territory's member with that
  address; an administrator can match a member to a person by hand (`match_member`).
  Linking is what lets a contributeur edit the fiches their person pilots. An account is
  the person of one person per territory's directory at most (each territory keeps its
  own people; a member of two territories may be linked in both);
- the directory shows the roles that have not ended (`until`, the day a role ended, empty
  or still to come); ended roles stay recorded and are listed to those who manage the
  directory; a person whose roles all ended is no longer offered in the fiche form.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from stdnum.fr import siren as siren_number
from stdnum.fr import siret as siret_number

from territoires.accounts.identity import normalize_email
from territoires.accounts.models import User
from territoires.accounts.services import add_member
from territoires.audit import values
from territoires.audit.log import record
from territoires.permissions import policy_for

from .models import GovernanceRole, Organisation, Partnership, Person

Role = GovernanceRole.Role

# (key, title, roles) of the directory page, in this order.
DIRECTORY_GROUPS = [
    ("elected_pilot", "Binôme – élu", [Role.ELECTED_PILOT]),
    ("industrial_pilot", "Binôme – industriel", [Role.INDUSTRIAL_PILOT]),
    ("project_manager", "Chef de projet", [Role.PROJECT_MANAGER]),
    ("project_committee", "Comité de projet", [Role.PROJECT_COMMITTEE]),
    ("monitoring_committee", "Comité de suivi", [Role.MONITORING_COMMITTEE]),
    ("other", "Autres contacts", [Role.OTHER]),
]
SEARCH_LIMIT = 20

# The fields each kind of directory row keeps in the audit log.
PERSON_FIELDS = ("first_name", "last_name", "job_title", "email", "phone", "organisation")
ROLE_FIELDS = ("person", "role", "organisation", "note", "since", "until")
PARTNER_FIELDS = ("organisation", "description")
ORGANISATION_FIELDS = ("name", "kind", "siren", "siret", "city")


# Reads ---------------------------------------------------------------------------------


def active_roles(today=None):
    """The condition of a role that has not ended: `until` is the day it ended."""
    today = today or timezone.localdate()
    return Q(until__isnull=True) | Q(until__gt=today)


def directory_roles(territory):
    """Every governance role of the territory (ended ones included), ready to display."""
    return GovernanceRole.objects.filter(territory=territory).select_related(
        "person__organisation", "organisation"
    )


def group_roles(roles, today=None):
    """(current groups, ended roles) from a list of roles, in the directory's order."""
    today = today or timezone.localdate()
    current = [r for r in roles if not r.has_ended(today)]
    ended = sorted(
        (r for r in roles if r.has_ended(today)),
        key=lambda r: (r.until, r.person.last_name),
        reverse=True,
    )
    groups = []
    for key, title, codes in DIRECTORY_GROUPS:
        members = sorted(
            (r for r in current if r.role in codes),
            key=lambda r: (r.person.last_name.casefold(), r.person.first_name.casefold()),
        )
        groups.append({"key": key, "title": title, "roles": members})
    return groups, ended


def directory_people(territory, *, include_ended=False):
    """The people holding a governance role in the territory (one that has not ended,
    unless `include_ended`)."""
    roles = GovernanceRole.objects.filter(territory=territory)
    if not include_ended:
        roles = roles.filter(active_roles())
    return (
        Person.objects.filter(pk__in=roles.values("person_id"))
        .select_related("organisation")
        .order_by("last_name", "first_name")
    )


def directory_organisations(territory):
    """The territory's organisations: its partners, the organisations of the people of its
    directory, and those they sit for ("au titre de")."""
    roles = GovernanceRole.objects.filter(territory=territory).filter(active_roles())
    return Organisation.objects.filter(
        Q(pk__in=Partnership.objects.filter(territory=territory).values("organisation_id"))
        | Q(pk__in=roles.filter(person__organisation__isnull=False).values("person__organisation"))
        | Q(pk__in=roles.filter(organisation__isnull=False).values("organisation_id"))
    ).order_by("name")


def search_organisations(query, *, territory=None):
    """Organisations whose name contains `query`, or whose SIREN/SIRET starts with its
    digits; the territory's partners are left out. At most SEARCH_LIMIT rows."""
    query = " ".join((query or "").split())
    if len(query) < 2:
        return []
    digits = "".join(ch for ch in query if ch.isdigit())
    condition = Q(name__icontains=query)
    if digits and len(digits) >= 3 and len(digits) == len(query.replace(" ", "")):
        condition |= Q(siren__startswith=digits) | Q(siret__startswith=digits)
    organisations = Organisation.objects.filter(condition)
    if territory is not None:
        organisations = organisations.exclude(partnership__territory=territory)
    return list(organisations.order_by("name")[:SEARCH_LIMIT])


# Checks --------------------------------------------------------------------------------


def _check_can_manage(territory, acting_user):
    if not policy_for(acting_user).can_manage_directory(territory):
        raise PermissionDenied("Vous ne pouvez pas modifier l'annuaire de ce territoire.")


def _check_role(role):
    if role not in Role.values:
        raise ValidationError({"role": "Choisissez un rôle dans la liste."})


def _check_dates(since, until):
    if since and until and until < since:
        raise ValidationError({"until": "La date de fin ne peut pas précéder la date de début."})


def _check_organisation(territory, organisation, *, field="organisation", also=()):
    """The organisation must be one of the territory's (or one it already had)."""
    if organisation is None or organisation.pk in {o.pk for o in also if o is not None}:
        return
    if not directory_organisations(territory).filter(pk=organisation.pk).exists():
        raise ValidationError(
            {field: "Choisissez une organisation du territoire, ou créez-en une nouvelle."}
        )


def _prefixed(error, prefix):
    """The same ValidationError with its fields renamed `prefix + field`."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {f"{prefix}{field}": errors for field, errors in error.error_dict.items()}
    )


def _compact(value):
    return "".join(ch for ch in (value or "") if ch not in " .-\u00a0\u202f")


def _record(verb, obj, names, before, *, acting_user, territory, **extra):
    """Record `verb` on `obj` with the changes of its fields `names` since `before` (a
    snapshot; `{}` for a creation)."""
    after = values.snapshot(obj, names) if obj.pk else {}
    changes = values.changes_between(before, after)
    return record(verb, obj, acting_user=acting_user, territory=territory, changes=changes, **extra)


# Organisations -------------------------------------------------------------------------


def _create_organisation(*, acting_user, territory, name, kind, siren="", siret="", city=""):
    """A new organisation, validated by the model (SIREN/SIRET through python-stdnum)."""
    organisation = Organisation(
        name=" ".join((name or "").split()),
        kind=kind,
        siren=siren_number.compact(_compact(siren)) if siren else "",
        siret=siret_number.compact(_compact(siret)) if siret else "",
        city=" ".join((city or "").split()),
    )
    organisation.full_clean(exclude=["epci", "region"])
    if organisation.siret:
        twin = Organisation.objects.filter(siret=organisation.siret).first()
        if twin:
            raise ValidationError(
                {"siret": f"Ce SIRET est déjà celui de « {twin.name} » : recherchez-la."}
            )
    elif organisation.siren:
        twin = Organisation.objects.filter(siren=organisation.siren).first()
        if twin:
            raise ValidationError(
                {"siren": f"Ce SIREN est déjà celui de « {twin.name} » : recherchez-la."}
            )
    organisation.save()
    _record(
        "directory.organisation_created",
        organisation,
        ORGANISATION_FIELDS,
        {},
        acting_user=acting_user,
        territory=territory,
    )
    return organisation


# People and roles ----------------------------------------------------------------------


def _new_role(territory, person, *, acting_user, role, organisation=None, note="", since=None):
    note = " ".join((note or "").split())
    existing = GovernanceRole.objects.filter(territory=territory, person=person, role=role).first()
    if existing is not None:
        if not existing.has_ended():
            raise ValidationError(
                {"role": f"{person} est déjà « {existing.get_role_display()} » du territoire."}
            )
        # The same seat again after it ended: reopened rather than duplicated.
        before = values.snapshot(existing, ROLE_FIELDS)
        existing.until = None
        existing.organisation = organisation
        existing.note = note
        existing.since = since
        existing.save()
        _record(
            "directory.role_given",
            existing,
            ROLE_FIELDS,
            before,
            acting_user=acting_user,
            territory=territory,
        )
        return existing
    governance_role = GovernanceRole(
        territory=territory,
        person=person,
        role=role,
        organisation=organisation,
        note=note,
        since=since,
    )
    governance_role.full_clean(validate_unique=False, validate_constraints=False)
    governance_role.save()
    _record(
        "directory.role_given",
        governance_role,
        ROLE_FIELDS,
        {},
        acting_user=acting_user,
        territory=territory,
    )
    return governance_role


def _fill_person(person, *, first_name, last_name, job_title, email, phone):
    person.first_name = " ".join((first_name or "").split())
    person.last_name = " ".join((last_name or "").split())
    person.job_title = " ".join((job_title or "").split())
    person.email = (email or "").strip()
    person.phone = " ".join((phone or "").split())
    if not person.first_name and not person.last_name:
        raise ValidationError({"last_name": "Indiquez au moins le nom ou le prénom."})
    person.full_clean(exclude=["user", "organisation"], validate_constraints=False)


def _chosen_organisation(territory, organisation, new_organisation, *, acting_user, also=()):
    """The organisation picked in the list, or the one created from `new_organisation`
    (a dict: name, kind and optionally siren, siret, city)."""
    if new_organisation and new_organisation.get("name"):
        if organisation is not None:
            raise ValidationError(
                {
                    "organisation": (
                        "Choisissez une organisation dans la liste ou créez-en une nouvelle, "
                        "pas les deux."
                    )
                }
            )
        try:
            return _create_organisation(
                acting_user=acting_user, territory=territory, **new_organisation
            )
        except ValidationError as exc:
            raise _prefixed(exc, "new_organisation_") from exc
    _check_organisation(territory, organisation, also=also)
    return organisation


def _save_new_person(person, territory, *, acting_user):
    person.save()
    _record(
        "directory.person_added",
        person,
        PERSON_FIELDS,
        {},
        acting_user=acting_user,
        territory=territory,
    )


@transaction.atomic
def add_person_to_directory(
    territory,
    *,
    acting_user,
    role,
    first_name="",
    last_name="",
    job_title="",
    email="",
    phone="",
    organisation=None,
    new_organisation=None,
    note="",
    since=None,
):
    """A new person in the territory's directory with a governance role (the role
    "Contact" for someone outside the governance). Returns the GovernanceRole."""
    _check_can_manage(territory, acting_user)
    _check_role(role)
    person = Person()
    _fill_person(
        person,
        first_name=first_name,
        last_name=last_name,
        job_title=job_title,
        email=email,
        phone=phone,
    )
    person.organisation = _chosen_organisation(
        territory, organisation, new_organisation, acting_user=acting_user
    )
    _save_new_person(person, territory, acting_user=acting_user)
    governance_role = _new_role(
        territory, person, acting_user=acting_user, role=role, note=note, since=since
    )
    _link_to_member(person, territory, acting_user=acting_user)
    return governance_role


@transaction.atomic
def give_role(territory, person, *, acting_user, role, organisation=None, note="", since=None):
    """Another role in the territory for a person already in its directory (a role that
    ended is reopened)."""
    _check_can_manage(territory, acting_user)
    _check_role(role)
    if not GovernanceRole.objects.filter(territory=territory, person=person).exists():
        raise ValidationError({"person": "Cette personne n'est pas dans l'annuaire du territoire."})
    _check_organisation(territory, organisation)
    return _new_role(
        territory,
        person,
        acting_user=acting_user,
        role=role,
        organisation=organisation,
        note=note,
        since=since,
    )


@transaction.atomic
def change_role(governance_role, *, acting_user, role, organisation=None, note="", since=None):
    """Change a seat: its role, the organisation it is held for, its note, its start."""
    territory = governance_role.territory
    _check_can_manage(territory, acting_user)
    _check_role(role)
    if (
        role != governance_role.role
        and GovernanceRole.objects.filter(
            territory=territory, person=governance_role.person, role=role
        ).exists()
    ):
        raise ValidationError(
            {
                "role": (
                    f"{governance_role.person} a déjà le rôle « {Role(role).label} » "
                    "dans ce territoire."
                )
            }
        )
    _check_organisation(
        territory,
        organisation,
        also=(governance_role.organisation, governance_role.person.organisation),
    )
    _check_dates(since, governance_role.until)
    before = values.snapshot(governance_role, ROLE_FIELDS)
    governance_role.role = role
    governance_role.organisation = organisation
    governance_role.note = " ".join((note or "").split())
    governance_role.since = since
    governance_role.full_clean(validate_unique=False, validate_constraints=False)
    governance_role.save()
    _record(
        "directory.role_changed",
        governance_role,
        ROLE_FIELDS,
        before,
        acting_user=acting_user,
        territory=territory,
    )
    return governance_role


@transaction.atomic
def end_role(governance_role, *, acting_user, until=None):
    """End a seat on `until` (today by default): it leaves the directory, stays recorded."""
    _check_can_manage(governance_role.territory, acting_user)
    until = until or timezone.localdate()
    if governance_role.has_ended():
        raise ValidationError(f"Ce rôle a déjà pris fin le {governance_role.until:%d/%m/%Y}.")
    _check_dates(governance_role.since, until)
    before = values.snapshot(governance_role, ROLE_FIELDS)
    governance_role.until = until
    governance_role.save(update_fields=["until"])
    _record(
        "directory.role_ended",
        governance_role,
        ROLE_FIELDS,
        before,
        acting_user=acting_user,
        territory=governance_role.territory_id,
    )
    return governance_role


@transaction.atomic
def update_person(
    person,
    *,
    acting_user,
    territory,
    first_name,
    last_name,
    job_title="",
    email="",
    phone="",
    organisation=None,
    new_organisation=None,
):
    """Change a person's details, from the directory of `territory` where they hold a
    role. Allowed to whoever manages the directory of one of the person's territories."""
    if not policy_for(acting_user).can_edit_person(person):
        raise PermissionDenied("Vous ne pouvez pas modifier cette personne.")
    _check_can_manage(territory, acting_user)
    current_organisation = person.organisation
    before = values.snapshot(person, PERSON_FIELDS)
    _fill_person(
        person,
        first_name=first_name,
        last_name=last_name,
        job_title=job_title,
        email=email,
        phone=phone,
    )
    person.organisation = _chosen_organisation(
        territory,
        organisation,
        new_organisation,
        acting_user=acting_user,
        also=(current_organisation,),
    )
    person.save()
    _record(
        "directory.person_updated",
        person,
        PERSON_FIELDS,
        before,
        acting_user=acting_user,
        territory=territory,
    )
    _link_to_member(person, territory, acting_user=acting_user)
    return person


# People and accounts -------------------------------------------------------------------


def _link(person, user, *, acting_user, territory):
    """Link `person` to `user` and record it (no check: the callers decide)."""
    before = values.snapshot(person, ("user",))
    person.user = user
    person.save(update_fields=["user"])
    _record(
        "directory.person_linked",
        person,
        ("user",),
        before,
        acting_user=acting_user,
        territory=territory,
    )
    return person


def directory_person_for(user, territory):
    """The person of the territory's directory (ended roles included) not linked to an
    account whose email is the account's address, case-folded; None when there is none."""
    candidates = directory_people(territory, include_ended=True).filter(
        user__isnull=True, email__gt=""
    )
    address = normalize_email(user.email)
    return next((p for p in candidates if normalize_email(p.email) == address), None)


def linked_people(territory):
    """The people of the territory's directory (ended roles included) linked to an
    account."""
    return directory_people(territory, include_ended=True).filter(user__isnull=False)


def _person_of(user, territory):
    """The person of the territory's directory linked to `user`, or None."""
    return linked_people(territory).filter(user=user).first()


def _link_to_member(person, territory, *, acting_user):
    """Link a person just added or changed to the territory's member with the same
    address, when neither is linked yet in this territory's directory."""
    if person.user_id or not person.email:
        return None
    user = (
        User.objects.filter(email=normalize_email(person.email), memberships__territory=territory)
        .exclude(pk__in=linked_people(territory).values("user_id"))
        .order_by("pk")
        .first()
    )
    if user is None:
        return None
    return _link(person, user, acting_user=acting_user, territory=territory)


@transaction.atomic
def invite_member(
    territory, *, email, role, acting_user, first_name="", last_name="", base_url=None
):
    """Give `email` a role on the territory (`accounts.services.add_member`: a new account
    gets an email to choose its password) and tie the account to the territory's
    directory: the unlinked person with the same address is linked; without one, a new
    person with the role "Contact" is added, named from the form or from the account
    (none when no name is known). An account already linked to a person of this
    directory keeps it.
    Returns (membership, account_created, person or None)."""
    membership, created = add_member(
        territory,
        email=email,
        role=role,
        acting_user=acting_user,
        first_name=first_name,
        last_name=last_name,
        base_url=base_url,
    )
    user = membership.user
    linked = _person_of(user, territory)
    if linked is not None:
        return membership, created, linked
    person = directory_person_for(user, territory)
    if person is not None:
        return (
            membership,
            created,
            _link(person, user, acting_user=acting_user, territory=territory),
        )
    first_name = " ".join((first_name or "").split()) or user.first_name
    last_name = " ".join((last_name or "").split()) or user.last_name
    if not first_name and not last_name:
        # Nobody to name in the directory: the account is linked later, when the
        # person is added to it with this address, or by hand from the members page.
        return membership, created, None
    person = Person(user=user)
    _fill_person(
        person,
        first_name=first_name,
        last_name=last_name,
        job_title="",
        email=user.email,
        phone="",
    )
    _save_new_person(person, territory, acting_user=acting_user)
    _new_role(territory, person, acting_user=acting_user, role=Role.OTHER)
    return membership, created, person


def link_candidates(territory):
    """The people of the territory's directory (ended roles included) that no account is
    linked to yet: whom a member can be matched to."""
    return directory_people(territory, include_ended=True).filter(user__isnull=True)


@transaction.atomic
def match_member(membership, person, *, acting_user):
    """Link a member's account to a person of the territory's directory (the members
    page): for the territory's administrators and the national team."""
    territory = membership.territory
    if not policy_for(acting_user).can_manage_members(territory):
        raise PermissionDenied("Vous ne pouvez pas gérer les membres de ce territoire.")
    if not GovernanceRole.objects.filter(territory=territory, person=person).exists():
        raise ValidationError({"person": "Cette personne n'est pas dans l'annuaire du territoire."})
    user = membership.user
    if person.user_id == user.pk:
        return person
    if person.user_id is not None:
        raise ValidationError({"person": f"{person} est déjà relié à un autre compte."})
    linked = _person_of(user, territory)
    if linked is not None:
        raise ValidationError(
            {"person": f"Le compte {user.email} est déjà relié à la personne « {linked} »."}
        )
    return _link(person, user, acting_user=acting_user, territory=territory)


# Partners ------------------------------------------------------------------------------


@transaction.atomic
def add_partner(territory, organisation, *, acting_user, description=""):
    """Make an existing organisation a partner of the territory."""
    _check_can_manage(territory, acting_user)
    if Partnership.objects.filter(territory=territory, organisation=organisation).exists():
        raise ValidationError(
            {"organisation": f"« {organisation} » est déjà partenaire du territoire."}
        )
    partnership = Partnership(
        territory=territory,
        organisation=organisation,
        description=" ".join((description or "").split()),
    )
    partnership.full_clean(validate_unique=False, validate_constraints=False)
    partnership.save()
    _record(
        "directory.partner_added",
        partnership,
        PARTNER_FIELDS,
        {},
        acting_user=acting_user,
        territory=territory,
    )
    return partnership


@transaction.atomic
def add_new_partner(
    territory, *, acting_user, name, kind, siren="", siret="", city="", description=""
):
    """Create an organisation (SIREN/SIRET checked) and make it a partner of the
    territory."""
    _check_can_manage(territory, acting_user)
    organisation = _create_organisation(
        acting_user=acting_user,
        territory=territory,
        name=name,
        kind=kind,
        siren=siren,
        siret=siret,
        city=city,
    )
    return add_partner(territory, organisation, acting_user=acting_user, description=description)


@transaction.atomic
def remove_partner(partnership, *, acting_user):
    """The organisation stops being a partner; fiches that name it keep it."""
    _check_can_manage(partnership.territory, acting_user)
    before = values.snapshot(partnership, PARTNER_FIELDS)
    record(
        "directory.partner_removed",
        partnership,
        acting_user=acting_user,
        territory=partnership.territory_id,
        changes=values.changes_between(before, {}),
    )
    partnership.delete()


# The national team's edits (the admin) ------------------------------------------------

ADMIN_ORGANISATION_FIELDS = (
    *ORGANISATION_FIELDS,
    "epci",
    "region",
    "address",
    "postcode",
    "naf_code",
    "size_band",
    "commune",
)
ADMIN_PERSON_FIELDS = (*PERSON_FIELDS, "user")


def _check_national(acting_user):
    if not policy_for(acting_user).is_national:
        raise PermissionDenied("Seule l'équipe nationale modifie les fiches des organisations.")


@transaction.atomic
def save_organisation(organisation, *, acting_user):
    """Create or change an organisation's details (the national team, in the admin):
    validated by the model (SIREN/SIRET), recorded in the audit log."""
    _check_national(acting_user)
    before = {}
    if organisation.pk:
        stored = Organisation.objects.get(pk=organisation.pk)
        before = values.snapshot(stored, ADMIN_ORGANISATION_FIELDS)
    verb = "directory.organisation_updated" if before else "directory.organisation_created"
    organisation.full_clean()
    organisation.save()
    _record(
        verb,
        organisation,
        ADMIN_ORGANISATION_FIELDS,
        before,
        acting_user=acting_user,
        territory=None,
    )
    return organisation


@transaction.atomic
def save_person(person, *, acting_user):
    """Create or change a person (the national team, in the admin), its account link
    included; recorded in the audit log."""
    _check_national(acting_user)
    before = {}
    if person.pk:
        before = values.snapshot(Person.objects.get(pk=person.pk), ADMIN_PERSON_FIELDS)
    verb = "directory.person_updated" if before else "directory.person_added"
    person.full_clean()
    person.save()
    _record(verb, person, ADMIN_PERSON_FIELDS, before, acting_user=acting_user, territory=None)
    return person
