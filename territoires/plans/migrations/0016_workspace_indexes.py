"""Two partial indexes for Mon espace: the deleted fiches (whose events the recent changes
hide; a few hundred, found without reading the table) and the fiches awaiting validation
in the queue's order (live and Présentée, longest waiting first, the territory beside it
for the Région's filter and the count)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("plans", "0015_title_weighted_vectors")]

    operations = [
        migrations.AddIndex(
            model_name="actionsheet",
            index=models.Index(
                condition=models.Q(("deleted_at__isnull", False)),
                fields=["territory", "id"],
                name="action_sheet_deleted",
            ),
        ),
        migrations.AddIndex(
            model_name="actionsheet",
            index=models.Index(
                condition=models.Q(("deleted_at__isnull", True), ("status", "presented")),
                fields=["updated_at", "id"],
                include=("territory",),
                name="action_sheet_awaiting",
            ),
        ),
    ]
