"""An index in the API list's order (territory, plan order), live fiches only, with the
visibility beside it: the list's pages and cursors read it without sorting the table."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("plans", "0006_search_columns")]

    operations = [
        migrations.AddIndex(
            model_name="actionsheet",
            index=models.Index(
                condition=models.Q(("deleted_at__isnull", True)),
                fields=["territory", "sort_key", "id"],
                include=("visibility",),
                name="action_sheet_list_order",
            ),
        ),
    ]
