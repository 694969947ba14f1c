"""The status of a funding line as an explicit state machine: envisagé → sollicité →
accordé → versé, or sollicité → refusé; and the corrections (a request withdrawn, a
refusal reconsidered, a grant recorded by mistake). Each move sets the date it stands
for (requested_on, decided_on, paid_on) and is recorded as a FundingTransition and an
audit event (financing.change_line_status)."""

from dataclasses import dataclass

from territoires.core.errors import ConflictError

from .models import LineStatus


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    label: str
    date_field: str = ""  # the line's date this move records


TRANSITIONS = (
    Transition(
        LineStatus.CONSIDERED, LineStatus.REQUESTED, "Marquer comme sollicité", "requested_on"
    ),
    Transition(LineStatus.REQUESTED, LineStatus.GRANTED, "Enregistrer l'accord", "decided_on"),
    Transition(LineStatus.REQUESTED, LineStatus.REFUSED, "Enregistrer le refus", "decided_on"),
    Transition(LineStatus.GRANTED, LineStatus.PAID, "Enregistrer le versement", "paid_on"),
    # Corrections.
    Transition(LineStatus.REQUESTED, LineStatus.CONSIDERED, "Retirer la demande"),
    Transition(LineStatus.REFUSED, LineStatus.REQUESTED, "Revenir sur le refus"),
    Transition(LineStatus.GRANTED, LineStatus.REQUESTED, "Revenir sur l'accord"),
    Transition(LineStatus.PAID, LineStatus.GRANTED, "Annuler le versement"),
)
_BY_PAIR = {(t.source, t.target): t for t in TRANSITIONS}


class TransitionError(ConflictError):
    """A move the workflow forbids; the message is shown to the user as is."""

    def __init__(self, message):
        super().__init__(message, {"field": "status"})


def transitions_from(line):
    return [t for t in TRANSITIONS if t.source == line.status]


def get_transition(line, target):
    """The transition to `target`, or TransitionError with a French message."""
    try:
        target = LineStatus(target)
    except ValueError as exc:
        raise TransitionError(f"Statut inconnu : « {target} ».") from exc
    transition = _BY_PAIR.get((line.status, target))
    if transition is None:
        allowed = ", ".join(f"« {LineStatus(t.target).label} »" for t in transitions_from(line))
        raise TransitionError(
            f"Une ligne « {LineStatus(line.status).label} » ne peut pas passer au statut "
            f"« {target.label} ». Statuts possibles : {allowed}."
        )
    return transition
