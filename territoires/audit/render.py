"""The French text of audit events, produced when they are read."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.formats import date_format, number_format

from . import registry
from .values import BOOL, CHOICE, DATE, DECIMAL, INTEGER, MONEY, REF, REFS, ROWS, is_empty


@dataclass
class RenderedChange:
    field: str
    label: str
    old: str
    new: str


@dataclass
class RenderedEvent:
    """An event as people read it. `action` is the verb's last part ("created")."""

    event: object
    action: str
    label: str
    changes: list[RenderedChange] = field(default_factory=list)
    subject: str = ""  # which related object the event is about, in another's history

    def __getattr__(self, name):
        # at, actor, version, comment, verb... come from the event itself.
        return getattr(self.__dict__["event"], name)


def amount(value, places=2):
    return number_format(Decimal(value), decimal_pos=places, force_grouping=True)


def render_value(kind, value, info=None):
    """A raw value as French text: "50 000,00 €", "50,00", "12/03/2026", a label..."""
    if is_empty(value):
        return ""
    info = info or registry.FieldInfo(label="")
    try:
        if kind == MONEY:
            return f"{amount(value)} €"
        if kind == DECIMAL:
            return amount(value)
        if kind == INTEGER:
            return number_format(int(value), force_grouping=True)
        if kind == DATE:
            return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        if kind == BOOL:
            return "oui" if value else "non"
        if kind == CHOICE:
            return str(info.choices.get(value, value))
        if kind == REF:
            return str(value.get("label", ""))
        if kind == REFS:
            return ", ".join(str(item.get("label", "")) for item in value)
        if kind == ROWS:
            return "\n".join(_row(row, info.columns) for row in value)
    except (TypeError, ValueError, AttributeError, InvalidOperation):
        pass  # a value of another shape (history migrated as text): shown as it is
    return str(value)


def _row(row, columns):
    """One row: its first column, then the others that have a value, labelled:
    "Étude foncière (échéance : 12/03/2026, faite : oui)"."""
    if not isinstance(row, dict):
        return str(row)
    columns = columns or tuple(registry.Column(name, name) for name in row)
    first, *others = columns
    head = render_value(first.kind, row.get(first.name), registry.FieldInfo("", first.choices))
    details = []
    for column in others:
        value = row.get(column.name)
        if is_empty(value) or value is False:
            continue
        text = render_value(column.kind, value, registry.FieldInfo("", column.choices))
        details.append(f"{column.label.lower()} : {text}")
    return f"{head} ({', '.join(details)})" if details else head


def describe(event, owner_type=None):
    """The event with its verb's label and each change as (label, old, new) texts; read
    in the history of an object of `owner_type`, an event of a related object says which
    one it is about (`subject`)."""
    changes = []
    for change in event.changes or []:
        if not isinstance(change, dict):
            continue
        name = str(change.get("field", ""))
        info = registry.field_info(event.object_type, name)
        kind = change.get("kind", "text")
        if change.get("as_text"):
            old, new = str(change.get("old") or ""), str(change.get("new") or "")
        else:
            old = render_value(kind, change.get("old"), info)
            new = render_value(kind, change.get("new"), info)
        changes.append(RenderedChange(field=name, label=info.label, old=old, new=new))
    subject = ""
    if owner_type and event.object_type != owner_type:
        related = registry.related_of(owner_type).get(event.object_type)
        if related is not None:
            subject = related.subject(event) if related.subject else event.object_label
    return RenderedEvent(
        event=event,
        action=event.verb.rsplit(".", 1)[-1],
        label=registry.verb_label(event.verb),
        changes=changes,
        subject=subject,
    )
