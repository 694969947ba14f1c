"""Migration 0002 renames the stage "Plan d'action validé" to "Plan d'actions validé" in
an existing database, and the programme's description with it, keeping a wording an
administrator chose; a new database gets the new wording from the programme's data."""

import pytest

from territoires.programmes.models import Programme, Stage
from territoires.programmes.services import STAGES, ensure_territoires_d_industrie

from ..migration_steps import migrate, migrate_to_latest

BEFORE = [("programmes", "0001_initial")]
AFTER = [("programmes", "0002_stage_plan_d_actions_valide")]
OLD_DESCRIPTION = (
    "Programme national : des territoires industriels pilotés par un binôme élu–industriel "
    "construisent un plan d'action autour de quatre axes."
)


@pytest.fixture
def old_apps(transactional_db):
    apps = migrate(BEFORE)
    yield apps
    migrate_to_latest()


def _programme(apps, slug, stage_name):
    OldProgramme = apps.get_model("programmes", "Programme")
    OldStage = apps.get_model("programmes", "Stage")
    programme = OldProgramme.objects.create(slug=slug, name=slug, description=OLD_DESCRIPTION)
    OldStage.objects.create(programme=programme, code="plan-valide", name=stage_name, position=2)
    return programme


def test_the_stage_and_the_description_read_plan_d_actions(old_apps):
    ours = _programme(old_apps, "territoires-d-industrie", "Plan d'action validé")
    other = _programme(old_apps, "autre-programme", "Plan d'action validé")

    migrate(AFTER)

    assert Stage.objects.get(programme_id=ours.pk).name == "Plan d'actions validé"
    assert "un plan d'actions autour" in Programme.objects.get(pk=ours.pk).description
    assert Stage.objects.get(programme_id=other.pk).name == "Plan d'action validé"


def test_a_name_an_administrator_chose_is_kept(old_apps):
    ours = _programme(old_apps, "territoires-d-industrie", "Feuille de route validée")
    migrate(AFTER)
    assert Stage.objects.get(programme_id=ours.pk).name == "Feuille de route validée"


def test_a_new_programme_has_the_new_wording(db):
    programme = ensure_territoires_d_industrie()
    assert dict(STAGES)["plan-valide"] == "Plan d'actions validé"
    assert programme.stages.get(code="plan-valide").name == "Plan d'actions validé"
    assert "plan d'actions" in programme.description
