"""Notifications: which audit events a person is told about.

`on_event` is subscribed to the audit log (`audit.log.subscribe`, in WorkspaceConfig.ready):
each recorded event that concerns a fiche — a status move, a sending back for rework, a
company's feedback — becomes one Notification per user who pilots the fiche (their
directory person is a pilot) or follows it, the author excepted, in the write's own
transaction. The domain services know nothing of it (decision 0025).

What a notification says is read from its event when shown (`inbox.py`), never stored."""

from django.db import transaction

from territoires.organisations.models import Person
from territoires.plans import workflow
from territoires.plans.models import ActionSheet

from . import tasks
from .models import Follow, Notification, NotificationKind

SHEET_TYPE = "plans.actionsheet"


def _status_change(event):
    """(old, new) statuses of a sheet.status_changed event, or (None, None)."""
    for change in event.changes or []:
        if isinstance(change, dict) and change.get("field") == "status":
            return change.get("old"), change.get("new")
    return None, None


def is_sent_back(old, new):
    """A move that needs a reason: sending the fiche back for rework."""
    return any(t.source == old and t.target == new and t.needs_reason for t in workflow.TRANSITIONS)


def classify(event):
    """(kind, sheet id) of an event people are notified of, or (None, None)."""
    if event.verb == "sheet.status_changed" and event.object_type == SHEET_TYPE:
        old, new = _status_change(event)
        kind = (
            NotificationKind.SENT_BACK
            if is_sent_back(old, new)
            else NotificationKind.STATUS_CHANGED
        )
        return kind, event.object_id
    if event.verb == "meeting.feedback_given" and isinstance(event.data, dict):
        sheet_id = event.data.get("sheet")
        if isinstance(sheet_id, int):
            return NotificationKind.FEEDBACK, sheet_id
    return None, None


def interested_users(sheet_id):
    """The ids of the users who pilot (through their directory person) or follow the
    fiche: one query."""
    piloting = Person.objects.filter(piloted_sheets=sheet_id, user__isnull=False)
    following = Follow.objects.filter(sheet_id=sheet_id)
    return set(
        piloting.order_by()
        .values_list("user_id", flat=True)
        .union(following.order_by().values_list("user_id", flat=True))
    )


def on_event(event):
    """The audit log's subscriber: notify the fiche's pilots and followers."""
    kind, sheet_id = classify(event)
    if kind is None:
        return
    recipients = interested_users(sheet_id) - {event.actor_id}
    if not recipients:
        return
    Notification.objects.bulk_create(
        Notification(
            recipient_id=user_id, event=event, sheet_id=sheet_id, kind=kind, created_at=event.at
        )
        for user_id in sorted(recipients)
    )
    transaction.on_commit(lambda: tasks.send_immediately(recipients), robust=True)


def notify_from_history(events):
    """The notifications of past events (`events`: a queryset of AuditEvent), in bulk: for
    data written without the services (the generated national scale of `make bench`).
    Events already notified are skipped (the rows conflict); the past ones come read and
    emailed. Returns the number of notifications written or skipped."""
    through = ActionSheet.pilots.through
    pilots = {}
    for sheet_id, user_id in through.objects.filter(person__user__isnull=False).values_list(
        "actionsheet_id", "person__user_id"
    ):
        pilots.setdefault(sheet_id, set()).add(user_id)
    for sheet_id, user_id in Follow.objects.values_list("sheet_id", "user_id"):
        pilots.setdefault(sheet_id, set()).add(user_id)
    rows = []
    wanted = events.filter(verb__in=("sheet.status_changed", "meeting.feedback_given"))
    for event in wanted.order_by("at", "id").iterator(chunk_size=5000):
        kind, sheet_id = classify(event)
        for user_id in sorted(pilots.get(sheet_id, set()) - {event.actor_id}):
            rows.append(
                Notification(
                    recipient_id=user_id,
                    event_id=event.pk,
                    sheet_id=sheet_id,
                    kind=kind,
                    created_at=event.at,
                    read_at=event.at,
                    emailed_at=event.at,
                )
            )
    Notification.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    return len(rows)
