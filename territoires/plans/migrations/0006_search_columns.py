"""Stored search columns: the folded text of every fiche and, on PostgreSQL, its French
full-text vector under a GIN index; an index on UPPER(code) for the code lookup.

Existing fiches are filled here, in batches (24,000 fiches in seconds)."""

import django.contrib.postgres.search
import django.db.models.functions.text
from django.db import migrations, models

import territoires.core.indexes
from territoires.core.text import fold

BATCH = 2000
SEARCH_FIELDS = ("code", "title", "context", "objectives")


def fill(apps, schema_editor):
    ActionSheet = apps.get_model("plans", "ActionSheet")
    rows = ActionSheet.objects.order_by("pk").only("pk", *SEARCH_FIELDS)
    batch = []
    for sheet in rows.iterator(chunk_size=BATCH):
        sheet.search_text = fold(" ".join(getattr(sheet, name) or "" for name in SEARCH_FIELDS))
        batch.append(sheet)
        if len(batch) == BATCH:
            ActionSheet.objects.bulk_update(batch, ["search_text"])
            batch = []
    ActionSheet.objects.bulk_update(batch, ["search_text"])
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "UPDATE plans_actionsheet SET search_vector = "
            "to_tsvector('french'::regconfig, search_text)"
        )
        # The updates queued deferred foreign-key checks; run them now, or PostgreSQL
        # refuses to create the indexes below in the same transaction.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [("plans", "0005_long_texts_limited")]

    operations = [
        migrations.AddField(
            model_name="actionsheet",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="actionsheet",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="actionsheet",
            index=territoires.core.indexes.PortableGinIndex(
                fields=["search_vector"], name="action_sheet_search"
            ),
        ),
        migrations.AddIndex(
            model_name="actionsheet",
            index=models.Index(
                django.db.models.functions.text.Upper("code"), name="action_sheet_code_upper"
            ),
        ),
    ]
