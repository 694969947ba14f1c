"""The fiches' history now lives in the audit log (0002 moved it there)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_history_to_audit_log")]

    operations = [migrations.DeleteModel(name="ChangeRecord")]
