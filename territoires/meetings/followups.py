"""The follow-ups of a meeting (suites, relevé de décisions): the decisions taken and the
next dates announced at the closing, each with its owner (a person of the territory's
directory, or the one already named), its due date and its state (à faire, fait). They are
part of the compte rendu (page, PDF, DOCX).

Every write claims the meeting's next version (a stale edit is refused), checks that the
acting user manages the territory's meetings, and records the follow-ups' rows before and
after in one audit event on the meeting."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from territoires.audit import values
from territoires.audit.log import record
from territoires.core.errors import StaleEditError
from territoires.core.locking import claim_version
from territoires.organisations.services import directory_people
from territoires.permissions import policy_for

from . import history
from .models import FollowUp, FollowUpKind, FollowUpStatus, Meeting


def follow_ups(meeting):
    """The meeting's follow-ups, by due date, with their owner."""
    return list(meeting.follow_ups.select_related("owner").order_by("due_date", "id"))


def _change(meeting, acting_user, expected_version, verb, change):
    policy = policy_for(acting_user)

    def check(current):
        if not policy.can_manage_meetings(current.territory_id):
            raise PermissionDenied("Vous ne pouvez pas modifier les suites de cette rencontre.")

    current = claim_version(Meeting, meeting.pk, expected_version, check=check)
    before = history.follow_up_rows(current)
    result = change(current)
    record(
        verb,
        current,
        acting_user=acting_user,
        territory=current.territory_id,
        version=current.version,
        changes=values.changes_between(before, history.follow_up_rows(current)),
        at=current.updated_at,
    )
    meeting.version, meeting.updated_at = current.version, current.updated_at
    return result


def _fill(current, follow_up, *, kind, text, owner, due_date, kept_owner_id=None):
    """Set and check the fields: the model's rules, an owner named and taken from the
    territory's directory (or the one the follow-up already had)."""
    follow_up.kind = kind
    follow_up.text = (text or "").strip()
    follow_up.owner = owner
    follow_up.due_date = due_date
    errors = {}
    try:
        follow_up.full_clean(exclude=["meeting", "owner"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if kind not in FollowUpKind.values:
        errors["kind"] = ["Choisissez : décision ou prochaine échéance."]
    if owner is None:
        errors["owner"] = ["Indiquez la personne responsable de cette suite."]
    elif owner.pk != kept_owner_id and not (
        directory_people(current.territory).filter(pk=owner.pk).exists()
    ):
        errors["owner"] = ["Le responsable se choisit dans l'annuaire du territoire."]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_follow_up(meeting, *, acting_user, expected_version, kind, text, owner, due_date):
    def change(current):
        follow_up = FollowUp(meeting=current)
        _fill(current, follow_up, kind=kind, text=text, owner=owner, due_date=due_date)
        follow_up.save()
        return follow_up

    return _change(meeting, acting_user, expected_version, "meeting.follow_up_added", change)


def _of(current, follow_up):
    row = current.follow_ups.filter(pk=follow_up.pk).first()
    if row is None:  # removed meanwhile
        raise StaleEditError(current)
    return row


@transaction.atomic
def update_follow_up(follow_up, *, acting_user, expected_version, kind, text, owner, due_date):
    def change(current):
        row = _of(current, follow_up)
        kept = row.owner_id
        _fill(
            current, row, kind=kind, text=text, owner=owner, due_date=due_date, kept_owner_id=kept
        )
        row.save()
        return row

    verb = "meeting.follow_up_updated"
    return _change(follow_up.meeting, acting_user, expected_version, verb, change)


@transaction.atomic
def set_follow_up_status(follow_up, status, *, acting_user, expected_version):
    """Mark a follow-up done (stamped with the time) or open again."""
    if status not in FollowUpStatus.values:
        raise ValidationError({"status": "État inconnu."})

    def change(current):
        row = _of(current, follow_up)
        row.status = status
        row.done_at = current.updated_at if status == FollowUpStatus.DONE else None
        row.save(update_fields=["status", "done_at"])
        return row

    verb = (
        "meeting.follow_up_done" if status == FollowUpStatus.DONE else "meeting.follow_up_reopened"
    )
    return _change(follow_up.meeting, acting_user, expected_version, verb, change)


@transaction.atomic
def remove_follow_up(follow_up, *, acting_user, expected_version):
    def change(current):
        row = _of(current, follow_up)
        row.delete()
        return row

    verb = "meeting.follow_up_removed"
    return _change(follow_up.meeting, acting_user, expected_version, verb, change)
