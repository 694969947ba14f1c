"""PostgreSQL only: the search vectors of the existing fiches again, their code and title
weighted A, so that ts_rank puts a fiche with the searched word in its title above one
with it in its text (as FTS5's bm25 does on SQLite, 0014). Nothing on SQLite.

In batches, the folding done in Python (`core.text.fold`) as on every save."""

from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models import Value

from territoires.core.text import fold

BATCH = 1000
FIELDS = ("code", "title", "context", "objectives")


def weigh(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    ActionSheet = apps.get_model("plans", "ActionSheet")
    sheets = ActionSheet.objects.order_by("pk").only("pk", *FIELDS)
    batch = []
    for sheet in sheets.iterator(chunk_size=BATCH):
        title = fold(f"{sheet.code or ''} {sheet.title or ''}")
        body = fold(f"{sheet.context or ''} {sheet.objectives or ''}")
        sheet.search_vector = SearchVector(
            Value(title), config="french", weight="A"
        ) + SearchVector(Value(body), config="french")
        batch.append(sheet)
        if len(batch) == BATCH:
            ActionSheet.objects.bulk_update(batch, ["search_vector"])
            batch = []
    if batch:
        ActionSheet.objects.bulk_update(batch, ["search_vector"])
    # The updates queued deferred foreign-key checks (as in 0006): run them now.
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [("plans", "0014_sqlite_full_text_index")]

    operations = [migrations.RunPython(weigh, migrations.RunPython.noop)]
