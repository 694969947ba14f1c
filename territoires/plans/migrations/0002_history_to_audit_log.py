"""Move the fiches' history (ChangeRecord, values stored as displayed text) into the one
audit log (audit.AuditEvent, raw values), and record the territories' past stage changes
there too. Display text is parsed back to raw values where it can be ("1 234,50 €" →
"1234.50", "12/03/2026" → "2026-03-12", "Brouillon" → "draft"); anything else is kept
as text (`as_text`) and shown as it is. Batched, for databases with a large history.

Reversible: going back rebuilds ChangeRecord rows (values as text) from the fiches'
events, and removes the events this migration (or the code after it) wrote for fiches
and stage changes.
"""

import re
from decimal import Decimal, InvalidOperation

from django.db import migrations

BATCH = 2000
SHEET = "plans.actionsheet"
TERRITORY = "referential.territory"
MIGRATED = "plans.changerecord"

VERBS = {
    "created": "sheet.created",
    "updated": "sheet.updated",
    "status": "sheet.status_changed",
    "deleted": "sheet.deleted",
    "restored": "sheet.restored",
}
ACTIONS = {verb: action for action, verb in VERBS.items()}
ACTIONS.update({"sheet.document_added": "updated", "sheet.document_removed": "updated"})

# The fields' kinds as they were when ChangeRecord was the history.
TEXT, MONEY, DATE, CHOICE, REF, REFS, ROWS = (
    "text",
    "money",
    "date",
    "choice",
    "ref",
    "refs",
    "rows",
)
KINDS = {
    "code": TEXT,
    "title": TEXT,
    "axis": REF,
    "context": TEXT,
    "objectives": TEXT,
    "lead_organisation": REF,
    "pilots": REFS,
    "presenter": REF,
    "partners": REFS,
    "beneficiaries": TEXT,
    "expected_results": TEXT,
    "start_date": DATE,
    "end_date": DATE,
    "budget_total": MONEY,
    "budget_investment": MONEY,
    "budget_operating": MONEY,
    "priority": CHOICE,
    "tags": REFS,
    "related_sheets": REFS,
    "visibility": CHOICE,
    "status": CHOICE,
    "steps": ROWS,
    "indicators": ROWS,
    "links": ROWS,
    "documents": ROWS,
}
CHOICES = {
    "status": {
        "Brouillon": "draft",
        "Proposée": "proposed",
        "Présentée": "presented",
        "Validée": "validated",
        "Engagée": "committed",
        "En cours": "in_progress",
        "Réalisée": "done",
        "En pause": "paused",
        "Abandonnée": "abandoned",
    },
    "priority": {"Haute": "high", "Moyenne": "medium", "Basse": "low"},
    "visibility": {
        "Publiée (catalogue public)": "public",
        "Restreinte au territoire": "restricted",
    },
}
# Tag names never hold a comma (the form splits on commas): a list of tags splits back.
SPLITTABLE = {"tags"}
_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_SPACES = re.compile(r"[\s\u00a0\u202f]")


def parse_amount(text):
    """"1 234,50 €" → "1234.50"; None when the text is not an amount."""
    cleaned = _SPACES.sub("", text).removesuffix("€").replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        return None
    try:
        return f"{Decimal(cleaned):.2f}"
    except InvalidOperation:
        return None


def parse_date(text):
    """"12/03/2026" → "2026-03-12"; None otherwise."""
    match = _DATE.match(text.strip())
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse(field, text):
    """(raw value, parsed) for a displayed value of `field`."""
    if text is None or text == "":
        return None, True
    text = str(text)
    kind = KINDS.get(field, TEXT)
    if kind == TEXT:
        return text, True
    if kind == MONEY:
        value = parse_amount(text)
        return (value, True) if value is not None else (text, False)
    if kind == DATE:
        value = parse_date(text)
        return (value, True) if value is not None else (text, False)
    if kind == CHOICE:
        value = CHOICES.get(field, {}).get(text)
        return (value, True) if value is not None else (text, False)
    if kind == REF:
        return {"id": None, "label": text}, True
    if kind == REFS and field in SPLITTABLE:
        names = [name.strip() for name in text.split(",") if name.strip()]
        return [{"id": None, "label": name} for name in names], True
    return text, False


def convert_change(change):
    if not isinstance(change, dict):
        return {"field": "", "kind": TEXT, "old": str(change), "new": "", "as_text": True}
    field = str(change.get("field", ""))
    old, old_parsed = parse(field, change.get("old"))
    new, new_parsed = parse(field, change.get("new"))
    converted = {"field": field, "kind": KINDS.get(field, TEXT), "old": old, "new": new}
    if not (old_parsed and new_parsed):
        converted.update(
            kind=TEXT, old=change.get("old") or "", new=change.get("new") or "", as_text=True
        )
    return converted


def verb_of(action, changes):
    verb = VERBS.get(action, f"sheet.{action}")
    fields = [c.get("field") for c in changes if isinstance(c, dict)]
    if action == "updated" and fields == ["documents"]:
        change = changes[0]
        before = len([line for line in str(change.get("old") or "").splitlines() if line])
        after = len([line for line in str(change.get("new") or "").splitlines() if line])
        verb = "sheet.document_added" if after > before else "sheet.document_removed"
    return verb


def forward(apps, schema_editor):
    ChangeRecord = apps.get_model("plans", "ChangeRecord")
    StageChange = apps.get_model("referential", "StageChange")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    last = 0
    while True:
        batch = list(
            ChangeRecord.objects.filter(id__gt=last)
            .order_by("id")
            .values(
                "id",
                "sheet_id",
                "sheet__territory_id",
                "sheet__code",
                "sheet__title",
                "action",
                "by_id",
                "at",
                "version",
                "changes",
                "comment",
            )[:BATCH]
        )
        if not batch:
            break
        AuditEvent.objects.bulk_create(
            AuditEvent(
                at=row["at"],
                actor_id=row["by_id"],
                verb=verb_of(row["action"], row["changes"] or []),
                object_type=SHEET,
                object_id=row["sheet_id"],
                object_label=f"{row['sheet__code']} {row['sheet__title']}"[:300],
                territory_id=row["sheet__territory_id"],
                version=row["version"],
                changes=[convert_change(change) for change in row["changes"] or []],
                data={"migrated_from": MIGRATED, "id": row["id"]},
                comment=row["comment"] or "",
            )
            for row in batch
        )
        last = batch[-1]["id"]

    last = 0
    while True:
        batch = list(
            StageChange.objects.filter(id__gt=last)
            .order_by("id")
            .values(
                "id",
                "territory_id",
                "territory__code",
                "territory__name",
                "from_stage_id",
                "from_stage__name",
                "to_stage_id",
                "to_stage__name",
                "by_id",
                "at",
                "comment",
            )[:BATCH]
        )
        if not batch:
            break
        AuditEvent.objects.bulk_create(
            AuditEvent(
                at=row["at"],
                actor_id=row["by_id"],
                verb="territory.stage_changed",
                object_type=TERRITORY,
                object_id=row["territory_id"],
                object_label=f"{row['territory__code']} {row['territory__name']}"[:300],
                territory_id=row["territory_id"],
                changes=[
                    {
                        "field": "stage",
                        "kind": REF,
                        "old": (
                            {"id": row["from_stage_id"], "label": row["from_stage__name"]}
                            if row["from_stage_id"]
                            else None
                        ),
                        "new": {"id": row["to_stage_id"], "label": row["to_stage__name"]},
                    }
                ],
                data={"migrated_from": "referential.stagechange", "id": row["id"]},
                comment=row["comment"] or "",
            )
            for row in batch
        )
        last = batch[-1]["id"]


def _as_text(value):
    if value is None:
        return ""
    if isinstance(value, dict):
        return str(value.get("label", ""))
    if isinstance(value, list):
        return "\n".join(
            _as_text(item) if not isinstance(item, dict) or "label" in item
            else " ".join(str(v) for v in item.values() if v not in (None, "", False))
            for item in value
        )
    return str(value)


def backward(apps, schema_editor):
    ChangeRecord = apps.get_model("plans", "ChangeRecord")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    ActionSheet = apps.get_model("plans", "ActionSheet")
    existing = set(ActionSheet.objects.values_list("id", flat=True))
    events = AuditEvent.objects.filter(object_type=SHEET)
    last = 0
    while True:
        batch = list(events.filter(id__gt=last).order_by("id")[:BATCH])
        if not batch:
            break
        ChangeRecord.objects.bulk_create(
            ChangeRecord(
                sheet_id=event.object_id,
                action=ACTIONS.get(event.verb, "updated"),
                by_id=event.actor_id,
                at=event.at,
                version=event.version or 1,
                changes=[
                    {
                        "field": change.get("field", ""),
                        "label": change.get("field", ""),
                        "old": _as_text(change.get("old")),
                        "new": _as_text(change.get("new")),
                    }
                    for change in event.changes or []
                    if isinstance(change, dict)
                ],
                comment=event.comment,
            )
            for event in batch
            if event.object_id in existing
        )
        last = batch[-1].id
    events.delete()
    AuditEvent.objects.filter(verb="territory.stage_changed").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0001_initial"),
        ("audit", "0001_initial"),
        ("referential", "0003_stage_change"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
