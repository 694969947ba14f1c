"""Recorded transitions, shared by every workflow (a fiche's status, a meeting's, a
funding line's): the abstract model of the row that records one move — who, when, why —
and `apply_transition`, the one way a move is applied to a row and recorded.

Each workflow keeps its own state machine (`<domain>/workflow.py`: which moves exist,
who may make them, which need a reason) and its own record model, a subclass naming its
object and its statuses (`from_status`, `to_status` with the workflow's choices). The
domain service claims the row (`core.locking.claim_version`, which stamps `updated_at`,
the move's time), checks the move, calls `apply_transition`, then writes its audit
event."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class RecordedTransition(models.Model):
    """One recorded move of a workflow: by whom, when, and the reason given."""

    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField("le", default=timezone.now)
    comment = models.TextField("commentaire", blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]


def apply_transition(current, transition, *, record, on, acting_user, comment="", fields=None):
    """Move `current` (a row just claimed, its `updated_at` the move's time) along
    `transition` (its `target`), save it, and record the move as a row of `record` (a
    RecordedTransition subclass) whose foreign key `on` points to `current`.

    `fields`: the columns to save (with `status`, `version` and `updated_at`); None saves
    the whole row after its model validation (`full_clean`). Returns the recorded row."""
    source = current.status
    current.status = transition.target
    if fields is None:
        current.full_clean()
        current.save()
    else:
        current.save(update_fields=["status", "version", "updated_at", *fields])
    author = acting_user if acting_user is not None and acting_user.is_authenticated else None
    return record.objects.create(
        **{on: current},
        from_status=source,
        to_status=current.status,
        by=author,
        at=current.updated_at,
        comment=comment,
    )
