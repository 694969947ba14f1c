"""Migrations 0006, 0014 and 0015 fill the stored search columns, SQLite's full-text table
and the weighted vectors of the fiches already in the database."""

import pytest
from django.db import connection

from territoires.core.text import fold
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
    if connection.vendor == "postgresql":
        assert not everything.filter(search_vector__isnull=True).exists()
    migrate_to_latest()  # SQLite searches its FTS5 table, from 0014
    assert sorted(search_sheets(everything, "friche").values_list("code", flat=True)) == ["F3"]
    assert sorted(search_sheets(everything, "SOUDEUSES").values_list("code", flat=True)) == ["F4"]
    assert list(search_sheets(everything, "f1").values_list("code", flat=True)) == ["F1"]


@pytest.fixture
def apps_before_full_text(transactional_db):
    apps = migrate([("plans", "0013_published_search_index")])
    yield apps
    migrate_to_latest()


def test_existing_fiches_are_found_stemmed_and_ranked_after_the_full_text_upgrade(
    apps_before_full_text,
):
    """0014 fills SQLite's FTS5 table, 0015 weighs PostgreSQL's vectors."""
    territory = TerritoryFactory()
    OldSheet = apps_before_full_text.get_model("plans", "ActionSheet")
    axis_id = territory.programme.axes.values_list("pk", flat=True).first()
    for code, title, objectives in [
        ("F2.1", "Renforcer l'offre foncière et immobilière d'activités", ""),
        ("F9", "Offre de formation maintenance industrielle", ""),
        ("F3", "Recruter", "Des foncières pour les friches"),
    ]:
        OldSheet.objects.create(
            territory_id=territory.pk,
            axis_id=axis_id,
            code=code,
            sort_key=code,
            title=title,
            objectives=objectives,
            search_text=fold(f"{code} {title}  {objectives}"),
        )

    migrate([("plans", "0015_title_weighted_vectors")])

    everything = ActionSheet.objects.all()
    found = search_sheets(everything, "foncier", rank=True).order_by("-search_rank")
    assert [sheet.code for sheet in found] == ["F2.1", "F3"]
    assert list(
        search_sheets(everything, "formation maintenance").values_list("code", flat=True)
    ) == ["F9"]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute('SELECT count(*) FROM "plans_actionsheet_fts"')
            assert cursor.fetchone() == (3,)
