"""The status workflow of a fiche action, as an explicit state machine.

Each transition names the permission it needs: "edit" (whoever may edit the fiche) or
"validate" (the territory's editors and administrators, the Région, the State, the
national team), and whether it needs a reason (`needs_reason`: sending a fiche back for
rework says what to rework). Every move is recorded as a StatusTransition, its comment
shown in the fiche's history.
"""

from dataclasses import dataclass

from territoires.core.errors import ConflictError

from .models import Status


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    label: str
    permission: str = "edit"  # "edit" or "validate"
    needs_reason: bool = False


SEND_BACK = "Renvoyer pour être retravaillée"

TRANSITIONS = [
    # Forward moves first: the status form offers them in this order.
    Transition(Status.DRAFT, Status.PROPOSED, "Proposer la fiche"),
    Transition(Status.PROPOSED, Status.PRESENTED, "Marquer comme présentée"),
    Transition(Status.PRESENTED, Status.VALIDATED, "Valider la fiche", "validate"),
    Transition(Status.VALIDATED, Status.COMMITTED, "Marquer comme engagée", "validate"),
    Transition(Status.COMMITTED, Status.IN_PROGRESS, "Démarrer la réalisation"),
    Transition(Status.IN_PROGRESS, Status.DONE, "Marquer comme réalisée"),
    # Moves back.
    Transition(Status.PROPOSED, Status.DRAFT, "Revenir au brouillon"),
    Transition(Status.PRESENTED, Status.PROPOSED, "Retravailler la fiche"),
    Transition(Status.VALIDATED, Status.PRESENTED, "Annuler la validation", "validate"),
    Transition(Status.DONE, Status.IN_PROGRESS, "Rouvrir la réalisation", "validate"),
    Transition(Status.ABANDONED, Status.DRAFT, "Reprendre la fiche", "validate"),
    # The validators (Région, État, the territory's éditeurs) send a fiche back for
    # rework, saying why.
    Transition(Status.PRESENTED, Status.DRAFT, SEND_BACK, "validate", needs_reason=True),
    Transition(Status.VALIDATED, Status.DRAFT, SEND_BACK, "validate", needs_reason=True),
]
PAUSABLE = (Status.VALIDATED, Status.COMMITTED, Status.IN_PROGRESS)
ABANDONABLE = (
    Status.DRAFT,
    Status.PROPOSED,
    Status.PRESENTED,
    Status.VALIDATED,
    Status.COMMITTED,
    Status.IN_PROGRESS,
    Status.PAUSED,
)
for _status in PAUSABLE:
    TRANSITIONS.append(Transition(_status, Status.PAUSED, "Mettre en pause"))
    TRANSITIONS.append(Transition(Status.PAUSED, _status, "Reprendre"))
for _status in ABANDONABLE:
    TRANSITIONS.append(Transition(_status, Status.ABANDONED, "Abandonner la fiche", "validate"))

_BY_PAIR = {(t.source, t.target): t for t in TRANSITIONS}


class TransitionError(ConflictError):
    """A move the workflow forbids; the message is shown to the user as is."""

    def __init__(self, message):
        super().__init__(message, {"field": "status"})


def status_before_pause(sheet):
    """The status a paused fiche goes back to: the one it was paused from."""
    last = sheet.transitions.filter(to_status=Status.PAUSED).order_by("-at", "-id").first()
    return last.from_status if last else Status.VALIDATED


def transitions_from(sheet):
    """The transitions the workflow allows from the fiche's current status."""
    allowed = [t for t in TRANSITIONS if t.source == sheet.status]
    if sheet.status == Status.PAUSED:
        resume_to = status_before_pause(sheet)
        allowed = [t for t in allowed if t.target in (resume_to, Status.ABANDONED)]
    return allowed


def get_transition(sheet, target):
    """Return the transition to `target`, or raise TransitionError with a French message."""
    try:
        target = Status(target)
    except ValueError as exc:
        raise TransitionError(f"Statut inconnu : « {target} ».") from exc
    transition = _BY_PAIR.get((sheet.status, target))
    if transition is None or transition not in transitions_from(sheet):
        allowed = ", ".join(f"« {Status(t.target).label} »" for t in transitions_from(sheet))
        raise TransitionError(
            f"Une fiche « {Status(sheet.status).label} » ne peut pas passer "
            f"au statut « {target.label} ». "
            + (f"Statuts possibles : {allowed}." if allowed else "Aucun changement possible.")
        )
    return transition
