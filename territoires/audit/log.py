"""Recording an event: called by every write service, inside its transaction.

Packages above the domains (the workspace's notifications) `subscribe` a callback that
receives each recorded event in the same transaction, so the domain services never
import them (decision 0025)."""

from django.utils import timezone

from .models import AuditEvent

_SUBSCRIBERS = []


def subscribe(callback):
    """Call `callback(event)` after each recorded event, inside the write's transaction
    (registered once, in an AppConfig.ready())."""
    if callback not in _SUBSCRIBERS:
        _SUBSCRIBERS.append(callback)


def object_type(obj):
    """The type of an object in the log: its model label ("plans.actionsheet")."""
    return obj._meta.label_lower


def record(
    verb,
    obj,
    *,
    acting_user,
    territory=None,
    version=None,
    changes=(),
    data=None,
    comment="",
    at=None,
):
    """Record that `acting_user` did `verb` ("sheet.updated") to `obj` (saved, with its
    pk: record a deletion before deleting). `territory` is a Territory or its id;
    `changes` come from `values.changes_between`; `version` is the object's version
    after the write."""
    actor = acting_user if acting_user is not None and acting_user.is_authenticated else None
    territory_id = territory if territory is None or isinstance(territory, int) else territory.pk
    event = AuditEvent.objects.create(
        at=at or timezone.now(),
        actor=actor,
        verb=verb,
        object_type=object_type(obj),
        object_id=obj.pk,
        object_label=str(obj)[:300],
        territory_id=territory_id,
        version=version,
        changes=list(changes),
        data=data or {},
        comment=comment or "",
    )
    for callback in _SUBSCRIBERS:
        callback(event)
    return event
