"""What the search is kept in step with and how it ranks, on both databases; on SQLite
the FTS5 table written with every write of a fiche (plans/search.py)."""

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from territoires.plans import search
from territoires.plans.models import ActionSheet
from territoires.plans.search import search_any, search_sheets

from ..factories import ActionSheetFactory

pytestmark = pytest.mark.django_db

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table")


def codes(queryset):
    return sorted(queryset.values_list("code", flat=True))


def fts_row(sheet):
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT title, body FROM "{search.FTS_TABLE}" WHERE rowid = %s', [sheet.pk])
        return cursor.fetchone()


def test_a_fiche_with_the_word_in_its_title_ranks_above_one_with_it_in_its_text(territory):
    ActionSheetFactory(
        territory=territory,
        code="F1",
        title="Recruter des apprentis",
        objectives="Former des soudeurs pour la maintenance des lignes de production.",
    )
    ActionSheetFactory(territory=territory, code="F2", title="Maintenance industrielle")
    ActionSheetFactory(territory=territory, code="F3", title="Sans rapport")

    ranked = search_sheets(ActionSheet.objects.all(), "maintenance", rank=True)
    ranked = ranked.order_by("-search_rank", "code")
    assert [sheet.code for sheet in ranked] == ["F2", "F1"]
    assert ranked[0].search_rank > ranked[1].search_rank > 0


def test_a_fiche_found_by_its_code_only_ranks_zero(territory):
    ActionSheetFactory(territory=territory, code="D", title="Sans rapport")
    [sheet] = search_sheets(ActionSheet.objects.all(), "d", rank=True)
    assert sheet.code == "D" and sheet.search_rank == 0


def test_search_any_finds_any_stem_or_word_and_ranks(territory):
    ActionSheetFactory(territory=territory, code="F1", title="Rénovation des bâtiments")
    ActionSheetFactory(territory=territory, code="F2", title="Offre foncière")
    ActionSheetFactory(territory=territory, code="F3", title="Sans rapport")
    everything = ActionSheet.objects.all()

    assert codes(search_any(everything, ["batime"], words=["batiments"])) == ["F1"]
    assert codes(search_any(everything, ["fonci", "renov"])) == ["F1", "F2"]
    assert codes(search_any(everything, [], words=["des"])) == []
    assert codes(search_any(everything, ['x" OR *'])) == []
    ranked = search_any(everything, ["fonci"], rank=True)
    assert [sheet.search_rank > 0 for sheet in ranked] == [True]


QUERIES = st.one_of(
    st.text(max_size=200),
    st.lists(
        st.sampled_from(
            [
                '"',
                "-",
                "or",
                "OR",
                "AND",
                "NOT",
                "NEAR",
                "NEAR(a b, 2)",
                "*",
                "^",
                "title:",
                "body:",
                "{title}",
                "(",
                ")",
                ":",
                "+",
                "foncier",
                "formation",
                "\x00",
                "🏭",
                "'",
                "&",
                "|",
                "!",
                "<->",
                ":*",
                "é",
                "l'offre",
                '-"offre',
            ]
        ),
        max_size=12,
    ).map(" ".join),
)


@pytest.fixture
def one_fiche(territory):
    return ActionSheetFactory(territory=territory, code="F1", title="Offre foncière")


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(q=QUERIES)
def test_any_string_is_a_query_never_an_error(one_fiche, q):
    # PostgreSQL cannot store or compare a NUL: the site refuses it first (0015).
    q = q.replace("\x00", " ") if connection.vendor == "postgresql" else q
    everything = ActionSheet.objects.all()
    with transaction.atomic():
        ranked = search_sheets(everything, q, rank=True)
        list(ranked.order_by("-search_rank", "pk") if q.strip() else ranked)
        list(search_sheets(everything, q))


@pytest.mark.parametrize("length", [10_000])
def test_a_very_long_query_is_searched(territory, length):
    ActionSheetFactory(territory=territory, code="F1", title="Offre foncière")
    q = ("foncier " * length)[:length]
    assert codes(search_sheets(ActionSheet.objects.all(), q, rank=True)) == ["F1"]
    assert codes(search_sheets(ActionSheet.objects.all(), "🏭 " * 3000)) == []


# SQLite: the FTS5 table ----------------------------------------------------------------


@on_sqlite
def test_every_write_keeps_the_full_text_row_in_step(territory):
    sheet = ActionSheetFactory(
        territory=territory, code="F2.1", title="L'offre foncière", context="Des friches."
    )
    assert fts_row(sheet) == ("f2 1 offre foncier", "frich")

    sheet.objectives = "Former des soudeurs"
    sheet.save(update_fields=["objectives"])
    assert fts_row(sheet) == ("f2 1 offre foncier", "frich form soudeur")

    [bulk] = ActionSheet.objects.bulk_create(
        [ActionSheet(territory=territory, axis=sheet.axis, code="F3", title="Formations")]
    )
    assert fts_row(bulk) == ("f3 format", "")


@on_sqlite
def test_a_deleted_fiche_leaves_the_full_text_table(territory):
    sheet = ActionSheetFactory(territory=territory, title="Offre foncière")
    ActionSheet.objects.filter(pk=sheet.pk).delete()
    assert fts_row(sheet) is None


@on_sqlite
def test_the_full_text_row_is_written_in_the_fiches_transaction(territory):
    sheet = ActionSheetFactory(territory=territory, title="Offre foncière")
    with pytest.raises(RuntimeError), transaction.atomic():
        sheet.title = "Maintenance"
        sheet.save()
        raise RuntimeError
    assert fts_row(sheet)[0].endswith("offre foncier")


@on_sqlite
def test_fill_vectors_rewrites_the_rows_after_a_bulk_update(territory):
    sheet = ActionSheetFactory(territory=territory, title="Offre foncière")
    ActionSheet.objects.filter(pk=sheet.pk).update(title="Maintenance")
    search.fill_vectors(ActionSheet.objects.filter(pk=sheet.pk))
    assert codes(search_sheets(ActionSheet.objects.all(), "maintenance")) == [sheet.code]


@on_sqlite
def test_a_save_of_other_fields_writes_no_full_text_row(territory):
    sheet = ActionSheetFactory(territory=territory, title="Offre foncière")
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{search.FTS_TABLE}"')
    sheet.status = "validated"
    sheet.save(update_fields=["status"])
    assert fts_row(sheet) is None
