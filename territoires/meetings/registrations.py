"""Registrations to a meeting: capacity and waiting list, cancellation with promotion of
the next person waiting, attendance. Every write records an audit event.

Never over-booked: a registration locks the meeting's row (SELECT … FOR UPDATE on
PostgreSQL; SQLite's IMMEDIATE transactions serialise writers, decision 0008) before
counting the seats taken, so two people registering at once for the last seat get one
seat and one place on the waiting list.

Registering twice with the same address gives back the live registration instead of an
error: the public form does not tell a visitor whether an address is already registered.
"""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from territoires.accounts.identity import normalize_email
from territoires.audit.log import record
from territoires.permissions import policy_for

from . import tasks, throttle
from .models import SEATED, Meeting, MeetingStatus, Registration, RegistrationStatus


def new_token():
    return secrets.token_urlsafe(32)


def _lock(meeting):
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def seats_taken(meeting):
    return meeting.registrations.filter(status__in=SEATED).count()


def _record(verb, registration, meeting, acting_user, data=None, at=None):
    return record(
        verb,
        registration,
        acting_user=acting_user,
        territory=meeting.territory_id,
        data={"meeting": meeting.pk, "status": registration.status, **(data or {})},
        at=at,
    )


@transaction.atomic
def register(
    meeting,
    *,
    acting_user,
    first_name,
    last_name,
    email,
    organisation_name="",
    siret="",
    job_title="",
    person=None,
    organisation=None,
    is_example=False,
    confirm=True,
    base_url=None,
    ip_address=None,
    invited=False,
):
    """Register a person: a seat while there is one, else the waiting list. Returns
    (registration, created); an address already registered gets its registration back.
    With `confirm`, the confirmation email (links from `base_url`) is queued once the
    registration is committed. With `ip_address` (the public form), the request is counted
    against the meeting forms' rate limits first (`RateLimitedError` past them)."""
    throttle.count_registration(email, ip_address)
    policy = policy_for(acting_user)
    current = _lock(meeting)
    # An invited person (holding their invitation's link) registers whatever the
    # meeting's visibility.
    if not invited and not policy.can_view_meeting(current):
        raise PermissionDenied("Rencontre introuvable.")
    if current.status != MeetingStatus.PLANNED:
        raise ValidationError(
            f"Les inscriptions sont fermées : la rencontre est "
            f"« {MeetingStatus(current.status).label.lower()} »."
        )
    email = normalize_email(email)
    if not email:
        raise ValidationError({"email": "Indiquez votre adresse électronique."})
    existing = current.registrations.filter(email=email).exclude(
        status=RegistrationStatus.CANCELLED
    )
    existing = existing.order_by("id").first()
    if existing is not None:
        return existing, False
    full = current.capacity is not None and seats_taken(current) >= current.capacity
    registration = Registration(
        meeting=current,
        person=person,
        first_name=(first_name or "").strip(),
        last_name=(last_name or "").strip(),
        email=email,
        organisation=organisation,
        organisation_name=(organisation_name or "").strip(),
        siret="".join((siret or "").split()),
        job_title=(job_title or "").strip(),
        status=RegistrationStatus.WAITING if full else RegistrationStatus.REGISTERED,
        token=new_token(),
        is_example=is_example,
    )
    registration.full_clean(exclude=["meeting", "person", "organisation", "token"])
    registration.save()
    _record("meeting.registered", registration, current, acting_user)
    if confirm:
        pk = registration.pk
        transaction.on_commit(
            lambda: tasks.send_registration_confirmation.enqueue(pk, base_url), robust=True
        )
    return registration, True


def _may_act_on(registration, acting_user, token, message):
    """The registrant (holding the registration's token) or the meeting's managers."""
    if token is not None and secrets.compare_digest(
        str(token).encode(), registration.token.encode()
    ):
        return
    if not policy_for(acting_user).can_manage_meetings(registration.meeting.territory_id):
        raise PermissionDenied(message)


@transaction.atomic
def cancel_registration(registration, *, acting_user, token=None, base_url=None):
    """Cancel a registration (by its registrant's token, or by a manager); a freed seat
    goes to the first person on the waiting list, who is told by email (links from
    `base_url`) once the change is committed. Returns the promoted registration or
    None."""
    meeting = _lock(registration.meeting)
    current = Registration.objects.select_related("meeting").get(pk=registration.pk)
    _may_act_on(current, acting_user, token, "Vous ne pouvez pas annuler cette inscription.")
    if current.status == RegistrationStatus.CANCELLED:
        return None
    if current.status == RegistrationStatus.ATTENDED:
        raise ValidationError("Cette personne est venue : son inscription ne s'annule plus.")
    freed = current.status in SEATED
    current.status = RegistrationStatus.CANCELLED
    current.updated_at = timezone.now()
    current.save(update_fields=["status", "updated_at"])
    _record("meeting.registration_cancelled", current, meeting, acting_user)
    registration.status = current.status
    if freed and meeting.status == MeetingStatus.PLANNED:
        return _promote_next(meeting, acting_user, base_url)
    return None


def _promote_next(meeting, acting_user, base_url=None):
    if meeting.capacity is not None and seats_taken(meeting) >= meeting.capacity:
        return None
    waiting = (
        meeting.registrations.filter(status=RegistrationStatus.WAITING)
        .order_by("registered_at", "id")
        .first()
    )
    if waiting is None:
        return None
    waiting.status = RegistrationStatus.REGISTERED
    waiting.updated_at = timezone.now()
    waiting.save(update_fields=["status", "updated_at"])
    _record("meeting.registration_promoted", waiting, meeting, acting_user)
    pk = waiting.pk
    transaction.on_commit(lambda: tasks.send_promotion_notice.enqueue(pk, base_url), robust=True)
    return waiting


@transaction.atomic
def mark_attended(registration, *, acting_user):
    """Check a registrant in on the day (the meeting's managers)."""
    meeting = _lock(registration.meeting)
    if not policy_for(acting_user).can_manage_meetings(meeting.territory_id):
        raise PermissionDenied("Vous ne pouvez pas enregistrer les présences de cette rencontre.")
    current = Registration.objects.get(pk=registration.pk)
    if current.status == RegistrationStatus.ATTENDED:
        return current
    if current.status == RegistrationStatus.CANCELLED:
        raise ValidationError("Cette inscription est annulée : ajoutez la personne sur place.")
    current.status = RegistrationStatus.ATTENDED
    current.updated_at = timezone.now()
    current.save(update_fields=["status", "updated_at"])
    _record("meeting.attended", current, meeting, acting_user)
    return current


@transaction.atomic
def add_walk_in(
    meeting, *, acting_user, first_name, last_name, organisation_name="", email="", job_title=""
):
    """Someone who came without registering, checked in on the spot (the meeting's
    managers): present at once, whatever the capacity. An address already registered is
    checked in instead of being added twice."""
    current = _lock(meeting)
    if not policy_for(acting_user).can_manage_meetings(current.territory_id):
        raise PermissionDenied("Vous ne pouvez pas enregistrer les présences de cette rencontre.")
    if current.status == MeetingStatus.CANCELLED:
        raise ValidationError("La rencontre est annulée.")
    email = normalize_email(email)
    if email:
        existing = (
            current.registrations.filter(email=email)
            .exclude(status=RegistrationStatus.CANCELLED)
            .order_by("id")
            .first()
        )
        if existing is not None:
            return mark_attended(existing, acting_user=acting_user)
    registration = Registration(
        meeting=current,
        first_name=(first_name or "").strip(),
        last_name=(last_name or "").strip(),
        email=email,
        organisation_name=(organisation_name or "").strip(),
        job_title=(job_title or "").strip(),
        status=RegistrationStatus.ATTENDED,
        is_walk_in=True,
        token=new_token(),
    )
    registration.full_clean(exclude=["meeting", "person", "organisation", "token"])
    registration.save()
    _record("meeting.attended", registration, current, acting_user, data={"walk_in": True})
    return registration
