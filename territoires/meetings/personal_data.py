"""A contact's personal data, for the person's rights (issue 6 §3): everything the
territory holds about them exported as one JSON document, and their erasure.

What a territory holds about a contact: the directory entry (`Person`: name, job, email,
phone, organisation), the contact itself (tags), its consents, the person's governance
roles in the territory, their registrations to the territory's meetings and their
feedback on its fiches and the invitations they received (found by the person or by
their address, case-folded).

Erasure (by whoever manages the territory's contacts; decision 0022):
- the person is anonymised ("Personne effacée": no job, address, phone, organisation,
  account link), not deleted, so that the fiches they pilot, the agendas where they spoke
  and the governance they sat in keep their shape;
- the contact, its tags and consents are deleted;
- their registrations and feedback stay, anonymised: the seats, the attendance, the
  interest, needs and commitments, and the company that gave them (a company is not a
  person) still count in every synthesis; a comment or an oubli keeps its text without
  the person's name or address, as does the context of a fiche drafted from their oubli;
  each feedback keeps a placeholder address of its own (`effacee-<id>@anonyme.invalid`)
  so that "one answer per address" holds;
- the audit log keeps every event without the person's name or address
  (`audit.redact`); the erasure itself is recorded with counts only;
- a person who is also in another territory's directory or contacts is erased by the
  national team only (one territory does not erase what another holds).
A user account with the same address is not deleted here (the account is its owner's).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from territoires.accounts.identity import normalize_email
from territoires.audit import redact
from territoires.audit.log import object_type, record
from territoires.audit.models import AuditEvent
from territoires.organisations.models import Consent, Contact, GovernanceRole, Person
from territoires.permissions import policy_for
from territoires.plans.models import ActionSheet

from .models import Invitation, Registration, SheetFeedback, TopicStatus

ERASED_FIRST_NAME, ERASED_LAST_NAME = "Personne", "effacée"
ERASED_EMAIL = "effacee-{pk}@anonyme.invalid"


def _check(contact, acting_user):
    if not policy_for(acting_user).can_manage_contacts(contact.territory_id):
        raise PermissionDenied(
            "Seuls les éditeurs et administrateurs du territoire, et l'équipe nationale, "
            "exportent ou effacent les données d'un contact."
        )


def registrations_of(contact):
    """The person's registrations to the territory's meetings."""
    address = normalize_email(contact.person.email)
    condition = Q(person=contact.person_id)
    if address:
        condition |= Q(email__iexact=address)
    return Registration.objects.filter(condition, meeting__territory=contact.territory_id)


def feedback_of(contact, registrations):
    address = normalize_email(contact.person.email)
    condition = Q(registration__in=registrations)
    if address:
        condition |= Q(email__iexact=address)
    return SheetFeedback.objects.filter(condition, meeting__territory=contact.territory_id)


def invitations_of(contact):
    """The invitations the person received to the territory's meetings."""
    address = normalize_email(contact.person.email)
    condition = Q(person=contact.person_id)
    if address:
        condition |= Q(email__iexact=address)
    return Invitation.objects.filter(condition, meeting__territory=contact.territory_id)


def _date(value):
    return value.isoformat() if value else None


def export(contact, *, acting_user):
    """Everything the territory holds about the contact's person, as a JSON-ready dict
    (French keys: the document is for the person). Records that it was exported."""
    _check(contact, acting_user)
    person = contact.person
    organisation = person.organisation
    registrations = (
        registrations_of(contact).select_related("meeting").order_by("registered_at", "id")
    )
    feedback = feedback_of(contact, registrations).select_related("meeting", "sheet")
    document = {
        "exporté_le": timezone.now().isoformat(timespec="seconds"),
        "territoire": {"code": contact.territory.code, "nom": contact.territory.name},
        "personne": {
            "prénom": person.first_name,
            "nom": person.last_name,
            "fonction": person.job_title,
            "courriel": person.email,
            "téléphone": person.phone,
            "organisation": {
                "nom": organisation.name,
                "siret": organisation.siret,
                "code_naf": organisation.naf_code,
            }
            if organisation
            else None,
            "compte_sur_la_plateforme": person.user_id is not None,
        },
        "contact": {
            "ajouté_le": _date(contact.added_at),
            "étiquettes": sorted(tag.name for tag in contact.tags.all()),
        },
        "consentements": [
            {
                "finalité": consent.get_purpose_display(),
                "consentement": "donné" if consent.given else "retiré",
                "date": _date(consent.on),
                "recueilli": consent.get_source_display(),
                "précision": consent.note,
                "enregistré_le": _date(consent.recorded_at),
            }
            for consent in contact.consents.order_by("on", "recorded_at", "id")
        ],
        "rôles_dans_la_gouvernance": [
            {
                "rôle": role.get_role_display(),
                "depuis": _date(role.since),
                "jusqu_au": _date(role.until),
            }
            for role in GovernanceRole.objects.filter(
                territory=contact.territory_id, person=person
            ).order_by("role", "id")
        ],
        "inscriptions": [
            {
                "rencontre": r.meeting.title,
                "date": _date(r.meeting.date),
                "statut": r.get_status_display(),
                "inscrit_le": _date(r.registered_at),
                "prénom": r.first_name,
                "nom": r.last_name,
                "courriel": r.email,
                "organisation": r.organisation_name,
                "fonction": r.job_title,
                "siret": r.siret,
            }
            for r in registrations
        ],
        "avis_sur_les_fiches": [
            {
                "rencontre": f.meeting.title,
                "fiche": f"{f.sheet.code} {f.sheet.title}",
                "donné_le": _date(f.created_at),
                "entreprise": f.organisation_name,
                "intérêt": f.get_interest_display(),
                "besoins": f.need_labels,
                "autre_besoin": f.needs_other,
                "engagements": f.commitment_labels,
                "autre_engagement": f.commitments_other,
                "commentaire": f.comment,
                "oubli": f.forgotten_topic,
            }
            for f in feedback.order_by("created_at", "id")
        ],
        "invitations": [
            {
                "rencontre": i.meeting.title,
                "date": _date(i.meeting.date),
                "envoyée_le": _date(i.sent_at),
                "relancée_le": _date(i.reminder_sent_at),
                "réponse": i.get_answer_display(),
                "répondu_le": _date(i.answered_at),
            }
            for i in invitations_of(contact).select_related("meeting").order_by("id")
        ],
    }
    record(
        "personal_data.exported",
        contact,
        acting_user=acting_user,
        territory=contact.territory_id,
        data={
            "registrations": len(document["inscriptions"]),
            "feedback": len(document["avis_sur_les_fiches"]),
        },
    )
    return document


def _held_elsewhere(contact):
    person_id = contact.person_id
    other_contacts = Contact.objects.filter(person_id=person_id).exclude(
        territory_id=contact.territory_id
    )
    other_roles = GovernanceRole.objects.filter(person_id=person_id).exclude(
        territory_id=contact.territory_id
    )
    return other_contacts.exists() or other_roles.exists()


@transaction.atomic
def erase(contact, *, acting_user):
    """Erase the contact's person from the territory (see the module). Returns the counts
    of what was anonymised or deleted."""
    _check(contact, acting_user)
    contact = Contact.objects.select_for_update().select_related("person").get(pk=contact.pk)
    if _held_elsewhere(contact) and not policy_for(acting_user).is_national:
        raise ValidationError(
            "Cette personne figure aussi dans l'annuaire ou les contacts d'un autre "
            "territoire : son effacement est fait par l'équipe nationale."
        )
    person = contact.person
    needles = redact.needles_for(person.first_name, person.last_name, person.email)
    pattern_of_parts = redact.needles_for(
        person.first_name, person.last_name, person.email, parts=True
    )
    registrations = list(registrations_of(contact).order_by("id"))
    feedback = list(feedback_of(contact, [r.pk for r in registrations]).order_by("id"))
    invitations = list(invitations_of(contact).values_list("pk", flat=True))
    counts = {
        "registrations": len(registrations),
        "feedback": len(feedback),
        "consents": Consent.objects.filter(contact=contact).count(),
        "invitations": len(invitations),
    }
    touched = [
        (object_type(person), [person.pk]),
        (object_type(contact), [contact.pk]),
        (Registration._meta.label_lower, [r.pk for r in registrations]),
        (SheetFeedback._meta.label_lower, [f.pk for f in feedback]),
        (Invitation._meta.label_lower, invitations),
    ]
    pattern = redact.pattern_for(needles)
    _erase_feedback(feedback, pattern)
    Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(
        first_name=ERASED_FIRST_NAME,
        last_name=ERASED_LAST_NAME,
        email="",
        siret="",
        job_title="",
        person=None,
        updated_at=timezone.now(),
    )
    # The answers stay counted; nothing says who gave them.
    Invitation.objects.filter(pk__in=invitations).update(
        first_name=ERASED_FIRST_NAME, last_name=ERASED_LAST_NAME, email="", person=None
    )
    contact.delete()  # its consents and tags go with it
    Person.objects.filter(pk=person.pk).update(
        first_name=ERASED_FIRST_NAME,
        last_name=ERASED_LAST_NAME,
        job_title="",
        email="",
        phone="",
        organisation=None,
        user=None,
    )
    own_events = Q()
    for kind, ids in touched:
        if ids:
            own_events |= Q(object_type=kind, object_id__in=ids)
    redact.redact_events(AuditEvent.objects.filter(own_events), pattern_of_parts)
    redact.redact_events(AuditEvent.objects.filter(territory_id=contact.territory_id), needles)
    person.refresh_from_db()
    record(
        "personal_data.erased",
        person,
        acting_user=acting_user,
        territory=contact.territory_id,
        data=counts,
    )
    return counts


def _erase_feedback(feedback, pattern):
    drafted = set()
    for item in feedback:
        item.first_name, item.last_name = ERASED_FIRST_NAME, ERASED_LAST_NAME
        item.email = ERASED_EMAIL.format(pk=item.pk)
        item.user = None
        item.edit_token = ""  # no browser re-opens an erased person's answer to edit it
        if pattern is not None:
            item.comment = redact.scrub(item.comment, pattern)
            item.forgotten_topic = redact.scrub(item.forgotten_topic, pattern)
        item.save(
            update_fields=[
                "first_name",
                "last_name",
                "email",
                "user",
                "edit_token",
                "comment",
                "forgotten_topic",
            ]
        )
        if item.topic_status == TopicStatus.DRAFTED and item.topic_sheet_id:
            drafted.add(item.topic_sheet_id)
    if pattern is None:
        return
    for sheet in ActionSheet.objects.filter(pk__in=drafted).order_by("pk"):
        context = redact.scrub(sheet.context, pattern)
        if context != sheet.context:
            sheet.context = context
            sheet.save(update_fields=["context"])
