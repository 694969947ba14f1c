"""Reading the audit log: an object's history, a territory's events, a past value."""

from .log import object_type
from .models import AuditEvent
from .values import is_empty, typed


def history_of(obj):
    """The events of one object, the most recent first, with their author."""
    return (
        AuditEvent.objects.filter(object_type=object_type(obj), object_id=obj.pk)
        .select_related("actor")
        .order_by("-at", "-id")
    )


def events_for_territory(territory):
    """Every event recorded on a territory's objects, the most recent first."""
    territory_id = territory if isinstance(territory, int) else territory.pk
    return (
        AuditEvent.objects.filter(territory_id=territory_id)
        .select_related("actor")
        .order_by("-at", "-id")
    )


def value_as_of(obj, field, when):
    """The value `field` of `obj` had at `when` (a datetime), as a Python value (Decimal
    for amounts, date for dates): the new value of the last change of that field made
    at or before `when`. None when the field had no value then, or the object did not
    exist yet."""
    for event in history_of(obj).filter(at__lte=when).iterator():
        for change in event.changes or []:
            if isinstance(change, dict) and change.get("field") == field:
                value = change.get("new")
                if is_empty(value):
                    return None
                if change.get("as_text"):
                    return value
                return typed(change.get("kind"), value)
    return None
