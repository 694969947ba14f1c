"""Migration 0006 fills the stored search columns of the fiches already in the database."""

import pytest
from django.db import connection

from territoires.plans.models import ActionSheet
from territoires.plans.search import search_sheets

from ..factories import TerritoryFactory
from ..migration_steps import migrate, migrate_to_latest

BEFORE = [("plans", "0005_long_texts_limited")]
AFTER = [("plans", "0006_search_columns")]


@pytest.fixture
def old_apps(transactional_db):
    apps = migrate(BEFORE)
    yield apps
    migrate_to_latest()


def test_existing_fiches_are_found_after_the_upgrade(old_apps):
    territory = TerritoryFactory()
    OldSheet = old_apps.get_model("plans", "ActionSheet")
    axis_id = territory.programme.axes.values_list("pk", flat=True).first()
    for index in range(5):
        OldSheet.objects.create(
            territory_id=territory.pk,
            axis_id=axis_id,
            code=f"F{index}",
            sort_key=f"F{index:08}",
            title=f"Fiche n°{index}",
            context="Reconversion des friches" if index == 3 else "",
            objectives="Former des soudeuses" if index == 4 else "",
        )

    migrate(AFTER)

    everything = ActionSheet.objects.all()
    assert everything.count() == 5
    assert not everything.filter(search_text="").exists()
    assert sorted(search_sheets(everything, "friche").values_list("code", flat=True)) == ["F3"]
    assert sorted(search_sheets(everything, "SOUDEUSES").values_list("code", flat=True)) == ["F4"]
    assert list(search_sheets(everything, "f1").values_list("code", flat=True)) == ["F1"]
    if connection.vendor == "postgresql":
        assert not everything.filter(search_vector__isnull=True).exists()
