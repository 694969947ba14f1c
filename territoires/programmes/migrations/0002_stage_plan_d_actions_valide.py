"""The stage "Plan d'action validé" of Territoires d'industrie reads "Plan d'actions
validé", as the bilan's sentence and the programme's texts say ("validé son plan
d'actions"); the programme's description too. Only where the wording is still the
platform's own: a name an administrator changed is kept."""

from django.db import migrations

PROGRAMME = "territoires-d-industrie"
STAGE = "plan-valide"
OLD_STAGE, NEW_STAGE = "Plan d'action validé", "Plan d'actions validé"
OLD_TEXT, NEW_TEXT = "construisent un plan d'action autour", "construisent un plan d'actions autour"


def _rename(apps, old_stage, new_stage, old_text, new_text):
    Stage = apps.get_model("programmes", "Stage")
    Programme = apps.get_model("programmes", "Programme")
    Stage.objects.filter(programme__slug=PROGRAMME, code=STAGE, name=old_stage).update(
        name=new_stage
    )
    for programme in Programme.objects.filter(slug=PROGRAMME, description__contains=old_text):
        programme.description = programme.description.replace(old_text, new_text)
        programme.save(update_fields=["description"])


def forwards(apps, schema_editor):
    _rename(apps, OLD_STAGE, NEW_STAGE, OLD_TEXT, NEW_TEXT)


def backwards(apps, schema_editor):
    _rename(apps, NEW_STAGE, OLD_STAGE, NEW_TEXT, OLD_TEXT)


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
