"""A territory's company contacts: people of the directory (`Person`, with their
organisation's SIRET, NAF code, size band and commune) that the territory keeps to invite
them to its meetings, with its tags, the consents it recorded, and its saved lists.

Reads (`contacts_of`, `filter_contacts`, `list_members`) and writes (`save_contact`,
`set_tags`, `record_consent`, `save_contact_list`, `delete_contact_list`), each write
checked against the policy (`can_manage_contacts`), validated by the models and recorded
in the audit log (`contacts.*`) in its transaction, with `acting_user=`.

Decisions (docs/decisions/0022-contacts-and-consent.md):
- a contact is identified in its territory by its email, case-folded
  (`accounts.identity.normalize_email`): saving a contact with an address already known
  updates it, so a form sent twice and an import run twice change nothing more;
- a contact's person is the territory's: the person of the territory's directory with the
  same address when there is one, else a new `Person` (people are never searched across
  territories);
- its organisation is found by SIRET, else by SIREN, else by its exact name among the
  companies; a new one is created as a company, its SIRET checked by python-stdnum;
- consent is a history (`Consent` rows, never changed): the latest step for a purpose is
  the current state; a contact with no step has not consented;
- a list is a saved filter, not a frozen set of people.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import BooleanField, OuterRef, Prefetch, Q, Subquery
from stdnum.fr import siret as siret_number

from territoires.accounts.identity import normalize_email
from territoires.audit import values
from territoires.audit.log import record
from territoires.permissions import policy_for

from .models import (
    NAF_SECTIONS,
    Consent,
    ConsentPurpose,
    Contact,
    ContactList,
    ContactTag,
    Organisation,
    Person,
    naf_divisions,
)

PERSON_FIELDS = ("first_name", "last_name", "job_title", "email", "phone", "organisation")
LIST_FIELDS = ("name", "naf_section", "naf_division", "tag", "with_consent")
TAG_LENGTH = ContactTag._meta.get_field("name").max_length


def check_can_manage(territory, acting_user):
    if not policy_for(acting_user).can_manage_contacts(territory):
        raise PermissionDenied(
            "Seuls les éditeurs et administrateurs du territoire, et l'équipe nationale, "
            "gèrent ses contacts."
        )


# Reads ---------------------------------------------------------------------------------


def consent_now(purpose):
    """A subquery: the contact's current consent for `purpose` (its latest step), None
    when none was recorded."""
    latest = Consent.objects.filter(contact=OuterRef("pk"), purpose=purpose).order_by(
        "-on", "-recorded_at", "-id"
    )
    return Subquery(latest.values("given")[:1], output_field=BooleanField())


def contacts_of(territory):
    """The territory's contacts, with their person, organisation, tags and their current
    consent to invitations (`consents_to_invitations`), ready to list."""
    return (
        Contact.objects.filter(territory=territory)
        .select_related("person__organisation")
        .prefetch_related(Prefetch("tags", queryset=ContactTag.objects.order_by("name", "id")))
        .annotate(consents_to_invitations=consent_now(ConsentPurpose.INVITATIONS))
        .order_by("person__last_name", "person__first_name", "id")
    )


def sector_condition(section="", division=""):
    """The condition on a contact's organisation NAF code for a section and/or division."""
    condition = Q()
    if section:
        divisions = naf_divisions(section)
        any_division = Q()
        for code in divisions:
            any_division |= Q(person__organisation__naf_code__startswith=code)
        condition &= any_division if divisions else Q(pk__in=[])
    if division:
        condition &= Q(person__organisation__naf_code__startswith=division)
    return condition


def filter_contacts(queryset, *, section="", division="", tag=None, consent=""):
    """The contacts of `queryset` in a sector (NAF section, division), with a tag, and
    consenting to `consent` (a purpose) when given."""
    queryset = queryset.filter(sector_condition(section, division))
    if tag is not None:
        queryset = queryset.filter(tags=tag)
    if consent:
        queryset = queryset.alias(consent_given=consent_now(consent)).filter(consent_given=True)
    return queryset


def list_members(contact_list):
    """The contacts a saved list holds today."""
    return filter_contacts(
        contacts_of(contact_list.territory_id),
        section=contact_list.naf_section,
        division=contact_list.naf_division,
        tag=contact_list.tag,
        consent=contact_list.with_consent,
    )


def contact_by_email(territory, email):
    """The territory's contact with this address (case-folded), or None."""
    address = normalize_email(email)
    if not address:
        return None
    return (
        Contact.objects.filter(territory=territory, person__email__iexact=address)
        .select_related("person__organisation")
        .order_by("id")
        .first()
    )


def consent_history(contact):
    return contact.consents.select_related("recorded_by").order_by("-on", "-recorded_at", "-id")


def sections():
    """(code, label) of the NAF sections, for the filters."""
    return [(code, f"{code} – {label}") for code, (label, _d) in NAF_SECTIONS.items()]


# Organisations -------------------------------------------------------------------------


def compact_siret(value):
    return siret_number.compact("".join((value or "").split())) if value else ""


def find_organisation(name, siret):
    """The known organisation of a contact: by SIRET, else by SIREN, else by its exact name
    (case-insensitive) among the companies; None when unknown."""
    siret = compact_siret(siret)
    if siret:
        found = Organisation.objects.filter(siret=siret).order_by("id").first()
        if found is None and len(siret) >= 9:
            found = Organisation.objects.filter(siren=siret[:9]).order_by("id").first()
        if found is not None:
            return found
    name = " ".join((name or "").split())
    if not name:
        return None
    return (
        Organisation.objects.filter(name__iexact=name, kind=Organisation.Kind.COMPANY)
        .order_by("id")
        .first()
    )


def new_company(name, siret):
    """A company not saved yet, validated (SIRET through python-stdnum); raises a
    ValidationError keyed `organisation_name` / `siret`."""
    if not " ".join((name or "").split()):
        raise ValidationError(
            {"organisation_name": "Entreprise inconnue : indiquez le nom de l'entreprise."}
        )
    organisation = Organisation(
        name=" ".join((name or "").split()),
        kind=Organisation.Kind.COMPANY,
        siret=compact_siret(siret),
    )
    if organisation.siret:
        organisation.siren = organisation.siret[:9]
    try:
        organisation.full_clean(exclude=["epci", "region", "commune"])
    except ValidationError as exc:
        errors = {
            ("organisation_name" if field == "name" else field): messages
            for field, messages in exc.message_dict.items()
            if field in ("name", "siret", "siren")
        }
        if "siren" in errors:
            errors.setdefault("siret", []).extend(errors.pop("siren"))
        raise ValidationError(errors or exc.messages) from exc
    return organisation


def create_company(organisation, *, acting_user, territory):
    """Save a company made by `new_company` and record it."""
    organisation.save()
    record(
        "directory.organisation_created",
        organisation,
        acting_user=acting_user,
        territory=territory,
        changes=values.changes_between(
            {}, values.snapshot(organisation, ("name", "kind", "siren", "siret", "city"))
        ),
    )
    return organisation


# Contacts ------------------------------------------------------------------------------


def contact_person(territory, *, first_name, last_name, email, job_title="", phone=""):
    """(person, snapshot before) of a contact, filled and validated, not saved: the
    contact's person when the address is known, else the territory's directory person with
    that address, else a new one. Raises ValidationError keyed by field."""
    from .services import directory_people

    address = normalize_email(email)
    if not address:
        raise ValidationError({"email": "Indiquez l'adresse électronique du contact."})
    existing = contact_by_email(territory, address)
    person = existing.person if existing is not None else None
    if person is None:
        person = (
            directory_people(territory, include_ended=True)
            .filter(email__iexact=address)
            .order_by("id")
            .first()
        ) or Person()
    before = fill_person(
        person,
        first_name=first_name,
        last_name=last_name,
        email=address,
        job_title=job_title,
        phone=phone,
    )
    return person, before


def fill_person(person, *, first_name, last_name, email, job_title="", phone=""):
    """Put a contact's details on `person` (not saved) and validate them; return the
    snapshot of the person before. Raises ValidationError keyed by field."""
    before = values.snapshot(person, PERSON_FIELDS) if person.pk else {}
    person.first_name = " ".join((first_name or "").split())
    person.last_name = " ".join((last_name or "").split())
    person.job_title = " ".join((job_title or "").split())
    person.phone = " ".join((phone or "").split())
    person.email = normalize_email(email)
    if not person.first_name and not person.last_name:
        raise ValidationError({"last_name": "Indiquez au moins le nom ou le prénom."})
    person.full_clean(exclude=["user", "organisation"], validate_constraints=False)
    return before


@transaction.atomic
def save_contact(
    territory,
    *,
    acting_user,
    first_name="",
    last_name="",
    email,
    job_title="",
    phone="",
    organisation_name="",
    siret="",
):
    """Add a contact to the territory, or update the one with this address. Returns
    (contact, created)."""
    check_can_manage(territory, acting_user)
    person, before = contact_person(
        territory,
        first_name=first_name,
        last_name=last_name,
        email=email,
        job_title=job_title,
        phone=phone,
    )
    organisation = find_organisation(organisation_name, siret)
    if organisation is None and (organisation_name or siret):
        organisation = create_company(
            new_company(organisation_name, siret), acting_user=acting_user, territory=territory
        )
    if organisation is not None:
        person.organisation = organisation
    return save_person_as_contact(territory, person, before, acting_user=acting_user)


def save_person_as_contact(territory, person, before, *, acting_user):
    """Save the person (filled by `contact_person`) and make it a contact of the
    territory; record what changed."""
    person.save()
    changes = values.changes_between(before, values.snapshot(person, PERSON_FIELDS))
    contact, created = Contact.objects.get_or_create(
        territory=territory, person=person, defaults={"added_by": _user(acting_user)}
    )
    if created or changes:
        record(
            "contacts.added" if created else "contacts.updated",
            contact,
            acting_user=acting_user,
            territory=territory,
            changes=changes,
        )
    return contact, created


def _user(acting_user):
    return acting_user if acting_user is not None and acting_user.is_authenticated else None


def clean_tag_names(text):
    """The tags of a comma- or semicolon-separated text: trimmed, without repeats (first
    spelling kept), each checked. Raises ValidationError keyed `tags`."""
    names, seen = [], set()
    for raw in (text or "").replace(";", ",").split(","):
        name = " ".join(raw.split())
        if not name or name.casefold() in seen:
            continue
        if len(name) > TAG_LENGTH:
            raise ValidationError(
                {"tags": f"« {name[:20]}… » : une étiquette tient en {TAG_LENGTH} caractères."}
            )
        seen.add(name.casefold())
        names.append(name)
    return names


def territory_id(territory):
    return territory if isinstance(territory, int) else territory.pk


def tags_named(territory, names):
    """The territory's tags with these names (case-insensitive), created when new."""
    tags = []
    for name in names:
        tag = (
            ContactTag.objects.filter(territory_id=territory_id(territory), name__iexact=name)
            .order_by("id")
            .first()
        )
        if tag is None:
            tag = ContactTag.objects.create(territory_id=territory_id(territory), name=name)
        tags.append(tag)
    return tags


@transaction.atomic
def set_tags(contact, names, *, acting_user, keep=False):
    """Give the contact exactly these tags (or add them to its tags with `keep`)."""
    check_can_manage(contact.territory_id, acting_user)
    before = sorted(contact.tags.values_list("name", flat=True))
    tags = tags_named(contact.territory_id, names)
    if keep:
        contact.tags.add(*tags)
    else:
        contact.tags.set(tags)
    after = sorted(contact.tags.values_list("name", flat=True))
    if before != after:
        record(
            "contacts.tagged",
            contact,
            acting_user=acting_user,
            territory=contact.territory_id,
            data={"before": before, "after": after},
        )
    return contact


@transaction.atomic
def record_consent(contact, *, acting_user, purpose, given, on, source, note=""):
    """Record one step of the contact's consent for a purpose (given or withdrawn)."""
    check_can_manage(contact.territory_id, acting_user)
    consent = Consent(
        contact=contact,
        purpose=purpose,
        given=bool(given),
        on=on,
        source=source,
        note=" ".join((note or "").split()),
        recorded_by=_user(acting_user),
    )
    consent.full_clean(exclude=["contact"])
    consent.save()
    record(
        "contacts.consent_given" if consent.given else "contacts.consent_withdrawn",
        contact,
        acting_user=acting_user,
        territory=contact.territory_id,
        data={
            "purpose": consent.purpose,
            "on": consent.on.isoformat(),
            "source": consent.source,
            "consent": consent.pk,
        },
    )
    return consent


@transaction.atomic
def save_contact_list(contact_list, *, acting_user):
    """Create or change a saved list of the territory's contacts."""
    check_can_manage(contact_list.territory_id, acting_user)
    contact_list.name = " ".join((contact_list.name or "").split())
    if contact_list.tag_id and contact_list.tag.territory_id != contact_list.territory_id:
        raise ValidationError({"tag": "Choisissez une étiquette du territoire."})
    if (
        contact_list.naf_section
        and contact_list.naf_division
        and contact_list.naf_division not in naf_divisions(contact_list.naf_section)
    ):
        raise ValidationError(
            {"naf_division": "Cette division n'appartient pas à la section choisie."}
        )
    before = (
        values.snapshot(ContactList.objects.get(pk=contact_list.pk), LIST_FIELDS)
        if contact_list.pk
        else {}
    )
    contact_list.full_clean(exclude=["territory"])
    twin = ContactList.objects.filter(
        territory=contact_list.territory_id, name__iexact=contact_list.name
    ).exclude(pk=contact_list.pk)
    if twin.exists():
        raise ValidationError({"name": "Une liste porte déjà ce nom."})
    contact_list.save()
    record(
        "contacts.list_saved",
        contact_list,
        acting_user=acting_user,
        territory=contact_list.territory_id,
        changes=values.changes_between(before, values.snapshot(contact_list, LIST_FIELDS)),
    )
    return contact_list


@transaction.atomic
def delete_contact_list(contact_list, *, acting_user):
    check_can_manage(contact_list.territory_id, acting_user)
    record(
        "contacts.list_deleted",
        contact_list,
        acting_user=acting_user,
        territory=contact_list.territory_id,
    )
    contact_list.delete()
