"""The fiches' events that changed their visibility keep it, after and before the write,
in their data (`history.visibility_state`), so that the public figures of a past date
read which fiches were published then (decision 0019). Events written before are given
it here, from their changes; nothing else is touched."""

from django.db import migrations
from django.db.models import TextField
from django.db.models.functions import Cast


def visibility_state(changes):
    # A copy of plans.history.visibility_state as it was when this migration was written.
    for change in changes or ():
        if not isinstance(change, dict):
            continue
        if change.get("field") == "visibility" and change.get("old") and change.get("new"):
            return {"visibility": change["new"], "visibility_before": change["old"]}
    return {}


def keep_visibility(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    events = (
        AuditEvent.objects.filter(object_type="plans.actionsheet")
        .annotate(text=Cast("changes", TextField()))
        .filter(text__contains='"visibility"')
        .only("id", "changes", "data")
        .order_by("pk")
    )
    changed = []
    for event in events.iterator(chunk_size=2000):
        state = visibility_state(event.changes)
        if state and any((event.data or {}).get(key) != value for key, value in state.items()):
            event.data = {**(event.data or {}), **state}
            changed.append(event)
    AuditEvent.objects.bulk_update(changed, ["data"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0011_sheet_inspired_by"),
        ("audit", "0001_initial"),
    ]

    operations = [migrations.RunPython(keep_visibility, migrations.RunPython.noop, elidable=True)]
