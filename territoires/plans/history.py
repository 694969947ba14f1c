"""A fiche's tracked values as the audit log keeps them (raw, from the fields spec), and
as people read them."""

from territoires.audit import values
from territoires.audit.render import render_value

from .fields import BY_NAME, CHILDREN, FIELDS, audit_fields


def visibility_state(changes):
    """What a fiche's event keeps in its data for the figures as of a date (decision
    0019): the visibility after and before the write, when the write changed it from one
    to the other; {} otherwise (a creation included: the fiche did not exist before)."""
    for change in changes or ():
        if change.get("field") == "visibility" and change.get("old") and change.get("new"):
            return {"visibility": change["new"], "visibility_before": change["old"]}
    return {}


def snapshot(sheet, names=None):
    """{field: (kind, raw value)} for the fiche's tracked fields (all, or `names`), in
    the order of the fields spec. `sheet` may be any object with the fiche's attributes
    (the page's comparison passes the submitted version)."""
    result = {}
    for field in FIELDS:
        if names is not None and field.name not in names:
            continue
        if field.kind == CHILDREN:
            columns = [(column.name, column.kind) for column in field.columns]
            rows = values.rows(getattr(sheet, field.name).all(), columns)
            result[field.name] = (values.ROWS, rows)
        else:
            result.update(values.snapshot(sheet, [field.name], kinds={field.name: field.value}))
    return result


def displayed(snap):
    """{field: French text} of a snapshot."""
    infos = audit_fields()
    return {name: render_value(kind, value, infos[name]) for name, (kind, value) in snap.items()}


def label_of(name):
    return BY_NAME[name].label
