"""Snapshots of a fiche in displayable form, and the differences between two of them."""

from django.utils.formats import date_format, number_format

from .models import ActionSheet

# Fields kept in the history, in the order the fiche page shows them.
TRACKED_FIELDS = [
    "code",
    "title",
    "axis",
    "context",
    "objectives",
    "lead_organisation",
    "pilots",
    "presenter",
    "partners",
    "beneficiaries",
    "expected_results",
    "start_date",
    "end_date",
    "budget_total",
    "budget_investment",
    "budget_operating",
    "priority",
    "tags",
    "related_sheets",
    "visibility",
    "status",
]
CHILD_LABELS = {
    "steps": "étapes",
    "indicators": "indicateurs",
    "links": "liens",
    "documents": "documents",
}


def _display(sheet, name):
    field = ActionSheet._meta.get_field(name)
    if field.many_to_many:
        items = getattr(sheet, name).all()
        if name == "related_sheets":
            return ", ".join(sorted(item.code for item in items))
        return ", ".join(sorted(str(item) for item in items))
    value = getattr(sheet, name)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(getattr(sheet, f"get_{name}_display")())
    if field.get_internal_type() == "DateField":
        return date_format(value, "SHORT_DATE_FORMAT")
    if field.get_internal_type() == "DecimalField":
        return number_format(value, decimal_pos=2, force_grouping=True) + " €"
    return str(value)


def _children(sheet):
    steps = [
        f"{s.title}"
        + (f" (échéance {date_format(s.due_on, 'SHORT_DATE_FORMAT')})" if s.due_on else "")
        + (" ✓" if s.done else "")
        for s in sheet.steps.all()
    ]
    indicators = [
        f"{i.name} [{i.unit or '-'}] initial {i.baseline if i.baseline is not None else '-'}, "
        f"cible {i.target if i.target is not None else '-'}, "
        f"actuel {i.current_value if i.current_value is not None else '-'}"
        for i in sheet.indicators.all()
    ]
    links = [f"{link.title} <{link.url}>" for link in sheet.links.all()]
    documents = [f"{d.title} ({d.get_kind_display()})" for d in sheet.documents.all()]
    return {
        "steps": "\n".join(steps),
        "indicators": "\n".join(indicators),
        "links": "\n".join(links),
        "documents": "\n".join(documents),
    }


def snapshot(sheet) -> dict[str, str]:
    """Every tracked value of the fiche as the text a person reads."""
    values = {name: _display(sheet, name) for name in TRACKED_FIELDS}
    values.update(_children(sheet))
    return values


def label_of(name):
    if name in CHILD_LABELS:
        return CHILD_LABELS[name].capitalize()
    return str(ActionSheet._meta.get_field(name).verbose_name).capitalize()


def diff(before: dict, after: dict) -> list[dict]:
    """The changed entries, as a list of {field, label, old, new}."""
    return [
        {"field": name, "label": label_of(name), "old": before.get(name, ""), "new": value}
        for name, value in after.items()
        if before.get(name, "") != value
    ]
