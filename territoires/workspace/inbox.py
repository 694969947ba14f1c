"""Reading the notifications: a person's inbox (what they may still see), the French text
of each, marking one or all of them read."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from territoires.audit.log import record
from territoires.audit.render import describe as describe_event

from .models import Notification, NotificationKind
from .reads import light

PER_PAGE = 10


@dataclass
class Shown:
    """A notification as people read it."""

    notification: Notification
    headline: str
    reason: str

    def __getattr__(self, name):
        return getattr(self.__dict__["notification"], name)


def headline(notification):
    """The French sentence of a notification: "F9 Former à la maintenance : renvoyée pour
    être retravaillée (Présentée → Brouillon)"."""
    event = notification.event
    sheet = notification.sheet
    who = str(event.actor) if event.actor_id else "une personne sans compte"
    if notification.kind == NotificationKind.FEEDBACK:
        return f"{sheet.code} {sheet.title} : nouvel avis d'une entreprise"
    rendered = describe_event(event)
    move = next((c for c in rendered.changes if c.field == "status"), None)
    arrow = f" ({move.old} → {move.new})" if move else ""
    if notification.kind == NotificationKind.SENT_BACK:
        return f"{sheet.code} {sheet.title} : renvoyée pour être retravaillée par {who}{arrow}"
    new = move.new if move else ""
    return f"{sheet.code} {sheet.title} : passée au statut « {new} » par {who}{arrow}"


def show(notification):
    reason = notification.event.comment if notification.kind != NotificationKind.FEEDBACK else ""
    return Shown(notification, headline(notification), reason)


def visible(user, policy):
    """The user's notifications on fiches they may still see, the most recent first."""
    return (
        policy.visible_through(Notification.objects.filter(recipient=user), "sheet")
        .select_related("event__actor", "sheet__territory")
        .defer(*light("sheet__"))
        .order_by("-created_at", "-id")
    )


def inbox(user, policy, *, unread_only=False, limit=PER_PAGE):
    """(shown notifications, number unread): two queries."""
    notifications = visible(user, policy)
    unread = notifications.filter(read_at__isnull=True)
    rows = (unread if unread_only else notifications)[:limit]
    return [show(n) for n in rows], unread.count()


@transaction.atomic
def mark_all_read(*, acting_user):
    """Mark every notification of `acting_user` read; returns how many changed."""
    changed = Notification.objects.filter(recipient=acting_user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if changed:
        record(
            "workspace.notifications_read",
            acting_user,
            acting_user=acting_user,
            data={"count": changed},
        )
    return changed


@transaction.atomic
def mark_read(notification, *, acting_user):
    """Mark one notification of `acting_user` read; True if it was unread (the view finds
    it among the user's own: another person's is refused here too)."""
    current = Notification.objects.select_for_update().get(pk=notification.pk)
    if current.recipient_id != acting_user.pk:
        raise PermissionDenied("Cette notification ne vous est pas adressée.")
    if current.read_at is not None:
        return False
    current.read_at = timezone.now()
    current.save(update_fields=["read_at"])
    record(
        "workspace.notification_read",
        current,
        acting_user=acting_user,
        data={"event": current.event_id, "sheet": current.sheet_id},
    )
    notification.read_at = current.read_at
    return True
