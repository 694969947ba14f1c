"""Raw values of an object's fields as the audit log stores them, and the changes between
two snapshots.

A value has a kind, which says how it is stored and how it reads:

- text, choice: the string (a choice keeps its value, its label is read later);
- money, decimal: a decimal string with its places ("1234.50"); integer: a number;
- date: ISO "2026-03-12"; bool: true / false;
- ref: a related row as {"id": 12, "label": "CA de Chaumont"} (the label at the time,
  readable if the row goes); refs: a list of those;
- rows: a list of {column: raw value} (a fiche's steps, indicators, links...).
"""

import datetime
from decimal import Decimal

TEXT = "text"
CHOICE = "choice"
MONEY = "money"
DECIMAL = "decimal"
INTEGER = "integer"
DATE = "date"
BOOL = "bool"
REF = "ref"
REFS = "refs"
ROWS = "rows"


def is_empty(value):
    return value is None or value == "" or value == [] or value == {}


def ref(obj):
    """A related row as the log keeps it (a row not saved yet, or a bare name, has no
    id)."""
    if obj is None:
        return None
    return {"id": getattr(obj, "pk", None), "label": str(obj)}


def raw(kind, value, *, decimal_places=2):
    """The JSON-ready raw value of a Python value of this kind."""
    if value is None:
        return None
    if kind in (MONEY, DECIMAL):
        return f"{Decimal(value):.{decimal_places}f}"
    if kind == DATE:
        return value.isoformat()
    if kind == BOOL:
        return bool(value)
    if kind == INTEGER:
        return int(value)
    if kind == REF:
        return ref(value)
    if kind == REFS:
        return sorted((ref(item) for item in value), key=lambda r: (r["label"], r["id"] or 0))
    return str(value)


def typed(kind, value):
    """The Python value of a raw value: Decimal for amounts, date for dates..."""
    if value is None:
        return None
    if kind in (MONEY, DECIMAL):
        return Decimal(value)
    if kind == DATE:
        return datetime.date.fromisoformat(value)
    if kind == INTEGER:
        return int(value)
    return value


def kind_of(model_field):
    """The kind of a model field, read from its type."""
    if model_field.many_to_many or model_field.one_to_many:
        return REFS
    if model_field.is_relation:
        return REF
    if getattr(model_field, "choices", None):
        return CHOICE
    internal = model_field.get_internal_type()
    if internal == "DecimalField":
        return DECIMAL
    if internal == "DateField":
        return DATE
    if internal == "BooleanField":
        return BOOL
    if internal.endswith("IntegerField") or internal == "BigAutoField":
        return INTEGER
    return TEXT


def snapshot(obj, names, *, kinds=None):
    """{name: (kind, raw value)} for the fields `names` of `obj`. `kinds` overrides the
    kind read from the model (e.g. "money" for a decimal in euros)."""
    kinds = kinds or {}
    values = {}
    for name in names:
        field = obj._meta.get_field(name)
        kind = kinds.get(name) or kind_of(field)
        value = getattr(obj, name)
        if kind == REFS:
            value = list(value.all())
        values[name] = (kind, raw(kind, value, decimal_places=getattr(field, "decimal_places", 2)))
    return values


def rows(objects, columns):
    """A list of related rows (steps, indicators...) as raw values: `columns` are
    (name, kind) pairs."""
    return [
        {
            name: raw(kind, getattr(obj, name), decimal_places=_places(obj, name))
            for name, kind in columns
        }
        for obj in objects
    ]


def _places(obj, name):
    meta = getattr(obj, "_meta", None)
    if meta is None:
        return 2
    return getattr(meta.get_field(name), "decimal_places", 2) or 2


def _comparable(kind, value):
    """Related rows compare by id: a renamed organisation is not a change of the fiche."""
    if is_empty(value):
        return None
    if kind == REF:
        return value.get("id")
    if kind == REFS:
        return sorted(item.get("id") or 0 for item in value)
    return value


def changes_between(before, after):
    """The changed fields as [{"field", "kind", "old", "new"}], in the order of `after`
    then `before`; a field missing from one side was empty there (`{}` before: a
    creation; `{}` after: a removal)."""
    changes = []
    names = [*after, *(name for name in before if name not in after)]
    for name in names:
        kind = (after.get(name) or before[name])[0]
        old = before.get(name, (kind, None))[1]
        new = after.get(name, (kind, None))[1]
        if _comparable(kind, old) == _comparable(kind, new):
            continue
        changes.append({"field": name, "kind": kind, "old": old, "new": new})
    return changes
