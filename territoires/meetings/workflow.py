"""The status of a meeting as an explicit state machine: prévue → tenue, prévue →
annulée (with its reason), and the corrections back to prévue. Every move is recorded as
a MeetingTransition and an audit event (services.change_meeting_status)."""

from dataclasses import dataclass

from territoires.core.errors import ConflictError

from .models import MeetingStatus


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    label: str
    needs_reason: bool = False


TRANSITIONS = (
    Transition(MeetingStatus.PLANNED, MeetingStatus.HELD, "Marquer comme tenue"),
    Transition(MeetingStatus.PLANNED, MeetingStatus.CANCELLED, "Annuler la rencontre", True),
    Transition(MeetingStatus.CANCELLED, MeetingStatus.PLANNED, "Rétablir la rencontre", True),
    Transition(MeetingStatus.HELD, MeetingStatus.PLANNED, "Revenir à « prévue »", True),
)
_BY_PAIR = {(t.source, t.target): t for t in TRANSITIONS}


class TransitionError(ConflictError):
    """A move the workflow forbids; the message is shown to the user as is."""

    def __init__(self, message):
        super().__init__(message, {"field": "status"})


def transitions_from(meeting):
    return [t for t in TRANSITIONS if t.source == meeting.status]


def get_transition(meeting, target):
    """The transition to `target`, or TransitionError with a French message."""
    try:
        target = MeetingStatus(target)
    except ValueError as exc:
        raise TransitionError(f"Statut inconnu : « {target} ».") from exc
    transition = _BY_PAIR.get((meeting.status, target))
    if transition is None:
        allowed = ", ".join(
            f"« {MeetingStatus(t.target).label} »" for t in transitions_from(meeting)
        )
        raise TransitionError(
            f"Une rencontre « {MeetingStatus(meeting.status).label} » ne peut pas passer au "
            f"statut « {target.label} ». Statuts possibles : {allowed}."
        )
    return transition
