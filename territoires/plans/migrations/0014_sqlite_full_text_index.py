"""SQLite only (the embedded default): the FTS5 table the fiches are searched by, filled
with the existing fiches, and a trigger that removes a deleted fiche's row. Nothing on
PostgreSQL (its search vector and GIN index came with 0006).

Each row (rowid = the fiche's id) holds the folded French Snowball stems, without stop
words, of the fiche's code and title (`title`) and of its context and objectives
(`body`); `plans/search.py` writes it on every later write of the fiche."""

from django.db import migrations

from territoires.core.text import french_stems

TABLE = "plans_actionsheet_fts"
TRIGGER = "plans_actionsheet_fts_delete"
BATCH = 2000


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(f'CREATE VIRTUAL TABLE "{TABLE}" USING fts5(title, body)')
    schema_editor.execute(
        f'CREATE TRIGGER "{TRIGGER}" AFTER DELETE ON "plans_actionsheet" '
        f'BEGIN DELETE FROM "{TABLE}" WHERE rowid = OLD.id; END'
    )
    ActionSheet = apps.get_model("plans", "ActionSheet")
    sheets = ActionSheet.objects.order_by("pk").values_list(
        "pk", "code", "title", "context", "objectives"
    )
    batch = []
    with schema_editor.connection.cursor() as cursor:
        for pk, code, title, context, objectives in sheets.iterator(chunk_size=BATCH):
            batch.append(
                (
                    pk,
                    " ".join(french_stems(f"{code} {title}")),
                    " ".join(french_stems(f"{context} {objectives}")),
                )
            )
            if len(batch) == BATCH:
                cursor.executemany(
                    f'INSERT INTO "{TABLE}" (rowid, title, body) VALUES (%s, %s, %s)', batch
                )
                batch = []
        if batch:
            cursor.executemany(
                f'INSERT INTO "{TABLE}" (rowid, title, body) VALUES (%s, %s, %s)', batch
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(f'DROP TRIGGER IF EXISTS "{TRIGGER}"')
    schema_editor.execute(f'DROP TABLE IF EXISTS "{TABLE}"')


class Migration(migrations.Migration):
    dependencies = [("plans", "0013_published_search_index")]

    operations = [migrations.RunPython(create, drop)]
