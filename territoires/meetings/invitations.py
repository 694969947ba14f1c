"""Invitations to a meeting (issue 6 §4): the organisers invite a saved list or chosen
contacts of the territory — those whose current consent to invitations is "given" —, each
gets an email with a personal link (a signed token naming their invitation, no account
needed) to answer yes or no, and a reminder can go to those who have not answered.

Never twice to the same person (decision 0023): one `Invitation` row per address and
meeting (a unique constraint; inviting again skips the addresses already invited), and the
task that sends claims the row's `sent_at` (or `reminder_sent_at`) with a conditional
UPDATE before sending, so a retried or repeated task sends nothing more. Sending is
queued after the invitations commit and done by the worker (`invitation_tasks.py`).

"Yes" registers the person through `registrations.register` (a seat, or the waiting list
when the meeting is full; the confirmation email follows); "no" records the refusal and,
when they had accepted, cancels their registration (the seat goes to the next person
waiting). The answer can change until the meeting; a forged link is refused and nothing
is written. Every write records one audit event.
"""

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from territoires.accounts.identity import normalize_email
from territoires.audit.log import record
from territoires.organisations import contacts
from territoires.organisations.models import ConsentPurpose
from territoires.permissions import policy_for

from . import invitation_mail, invitation_tasks, registrations
from .invitation_mail import invitation_token  # noqa: F401 (the services' name for it)
from .models import Invitation, InvitationAnswer, MeetingStatus, RegistrationStatus


class InvitationLinkError(Exception):
    """An invitation link that cannot be used: `reason` "forged" or "closed", `message`
    the French text shown."""

    def __init__(self, reason, message):
        self.reason, self.message = reason, message
        super().__init__(message)


def read_invitation_token(token):
    """The invitation of a link, or InvitationLinkError("forged")."""
    try:
        pk = int(signing.loads(token, salt=invitation_mail.SALT)["i"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise InvitationLinkError(
            "forged", "Ce lien d'invitation n'est pas valable : il a été modifié ou mal copié."
        ) from exc
    invitation = (
        Invitation.objects.select_related("meeting__territory", "registration")
        .filter(pk=pk)
        .first()
    )
    if invitation is None:
        raise InvitationLinkError("forged", "Cette invitation n'existe plus.")
    return invitation


def is_open(meeting, today=None):
    """Answers are taken while the meeting is planned and not past."""
    today = today or timezone.localdate()
    return meeting.status == MeetingStatus.PLANNED and meeting.date >= today


def _check(meeting, acting_user):
    policy = policy_for(acting_user)
    if not (
        policy.can_manage_meetings(meeting.territory_id)
        and policy.can_manage_contacts(meeting.territory_id)
    ):
        raise PermissionDenied(
            "Seuls les éditeurs et administrateurs du territoire, et l'équipe nationale, "
            "invitent à ses rencontres."
        )
    if not is_open(meeting):
        raise ValidationError(
            "Cette rencontre n'est plus à venir : on n'y invite plus et on ne relance plus."
        )


# Reads ---------------------------------------------------------------------------------


def invitations_of(meeting):
    return (
        Invitation.objects.filter(meeting=meeting)
        .select_related("registration")
        .order_by("last_name", "first_name", "id")
    )


def answer_counts(meeting):
    """{answer: count} of the meeting's invitations, and "sent", in one query."""
    counts = dict.fromkeys(InvitationAnswer.values, 0)
    rows = (
        Invitation.objects.filter(meeting=meeting)
        .values("answer")
        .annotate(n=Count("id"), sent=Count("sent_at"))
        .order_by("answer")
    )
    counts["sent"] = 0
    for row in rows:
        counts[row["answer"]] = row["n"]
        counts["sent"] += row["sent"]
    counts["total"] = sum(counts[a] for a in InvitationAnswer.values)
    return counts


def invitable_contacts(meeting):
    """The territory's contacts who may be invited: their current consent to invitations
    is "given", they have an address, and they are not invited yet."""
    invited = Invitation.objects.filter(meeting=meeting).exclude(email="").values("email")
    return (
        contacts.filter_contacts(
            contacts.contacts_of(meeting.territory_id), consent=ConsentPurpose.INVITATIONS
        )
        .exclude(person__email="")
        .exclude(person__email__in=invited)
    )


# Writes --------------------------------------------------------------------------------


@transaction.atomic
def invite(meeting, chosen, *, acting_user, base_url=None):
    """Invite the territory's contacts `chosen` (a queryset or list of contacts of the
    meeting's territory). Those without a current consent are left out, those already
    invited are not invited again. Returns {"invited", "already", "without_consent"}."""
    _check(meeting, acting_user)
    ids = [c.pk for c in chosen]
    consenting = {
        c.pk: c
        for c in contacts.filter_contacts(
            contacts.contacts_of(meeting.territory_id).filter(pk__in=ids),
            consent=ConsentPurpose.INVITATIONS,
        ).exclude(person__email="")
    }
    already = set(
        Invitation.objects.filter(meeting=meeting).exclude(email="").values_list("email", flat=True)
    )
    actor = acting_user if acting_user is not None and acting_user.is_authenticated else None
    new, seen = [], set()
    for contact in consenting.values():
        person = contact.person
        address = normalize_email(person.email)
        if address in already or address in seen:
            continue
        seen.add(address)
        new.append(
            Invitation(
                meeting=meeting,
                person=person,
                first_name=person.first_name,
                last_name=person.last_name,
                email=address,
                organisation_name=person.organisation.name if person.organisation else "",
                invited_by=actor,
            )
        )
    Invitation.objects.bulk_create(new, ignore_conflicts=True)
    counts = {
        "invited": len(new),
        "already": len(
            [c for c in consenting.values() if normalize_email(c.person.email) in already]
        ),
        "without_consent": len(set(ids) - set(consenting)),
    }
    record(
        "meeting.invited",
        meeting,
        acting_user=acting_user,
        territory=meeting.territory_id,
        data=counts,
    )
    if new:
        pk = meeting.pk
        transaction.on_commit(
            lambda: invitation_tasks.send_invitations.enqueue(pk, base_url), robust=True
        )
    return counts


@transaction.atomic
def remind(meeting, *, acting_user, base_url=None):
    """Queue one reminder to each invited person who has not answered (and was not
    reminded yet). Returns how many are due."""
    _check(meeting, acting_user)
    due = Invitation.objects.filter(
        meeting=meeting,
        answer=InvitationAnswer.PENDING,
        sent_at__isnull=False,
        reminder_sent_at__isnull=True,
    ).exclude(email="")
    count = due.count()
    record(
        "meeting.invitations_reminded",
        meeting,
        acting_user=acting_user,
        territory=meeting.territory_id,
        data={"reminders": count},
    )
    if count:
        pk = meeting.pk
        transaction.on_commit(
            lambda: invitation_tasks.send_invitation_reminders.enqueue(pk, base_url),
            robust=True,
        )
    return count


@transaction.atomic
def answer(token, *, coming, base_url=None):
    """Record the answer of the person holding the link: `coming` registers them (seat or
    waiting list), not coming records the refusal (and cancels a registration they had
    made by accepting). Returns the invitation."""
    found = read_invitation_token(token)
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("meeting__territory", "registration")
        .get(pk=found.pk)
    )
    meeting = invitation.meeting
    if not is_open(meeting):
        raise InvitationLinkError(
            "closed", "Cette rencontre est passée ou annulée : la réponse est fermée."
        )
    if not invitation.email:
        raise InvitationLinkError("closed", "Cette invitation n'est plus valable.")
    registration = invitation.registration
    live = registration is not None and registration.status != RegistrationStatus.CANCELLED
    if coming and not live:
        person = invitation.person
        registration, _ = registrations.register(
            meeting,
            acting_user=None,
            first_name=invitation.first_name,
            last_name=invitation.last_name,
            email=invitation.email,
            organisation_name=invitation.organisation_name,
            job_title=person.job_title if person else "",
            person=person,
            organisation=person.organisation if person else None,
            base_url=base_url,
            invited=True,
        )
    elif not coming and live:
        registrations.cancel_registration(registration, acting_user=None, token=registration.token)
    new_answer = InvitationAnswer.ACCEPTED if coming else InvitationAnswer.DECLINED
    changed = new_answer != invitation.answer
    invitation.answer = new_answer
    invitation.answered_at = timezone.now()
    invitation.registration = registration
    invitation.save(update_fields=["answer", "answered_at", "registration"])
    if changed:
        record(
            "meeting.invitation_answered",
            invitation,
            acting_user=None,
            territory=meeting.territory_id,
            data={"meeting": meeting.pk, "answer": new_answer},
        )
    return invitation
