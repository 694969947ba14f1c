"""Reading the audit log: an object's history, a territory's events, a past value."""

from django.db.models import Q

from . import registry
from .log import object_type
from .models import AuditEvent
from .values import is_empty, typed


def history_of(obj, *, with_related=False):
    """The events of one object, the most recent first, with their author; with the
    events of the objects registered as related to its type (`registry.register_related`:
    a fiche's financing lines) when `with_related`."""
    own_type = object_type(obj)
    wanted = Q(object_type=own_type, object_id=obj.pk)
    if with_related:
        territory_id = getattr(obj, "territory_id", None)
        for related in registry.related_of(own_type).values():
            of_type = Q(object_type=related.object_type, **{f"data__{related.key}__id": obj.pk})
            if territory_id is not None:  # on the (territory, at) index
                of_type &= Q(territory_id=territory_id)
            wanted |= of_type
    return AuditEvent.objects.filter(wanted).select_related("actor").order_by("-at", "-id")


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
