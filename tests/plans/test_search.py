"""French text search over fiches, the same on both databases: PostgreSQL's full-text
search, SQLite's FTS5 over Snowball stems (plans/search.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from territoires.plans import services
from territoires.plans.models import ActionSheet
from territoires.plans.search import search_sheets

from ..factories import ActionSheetFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")


@pytest.fixture
def plan(territory):
    return {
        "F9": ActionSheetFactory(
            territory=territory, code="F9", title="Offre de formation maintenance industrielle"
        ),
        "F2.1": ActionSheetFactory(
            territory=territory,
            code="F2.1",
            title="Renforcer l'offre foncière et immobilière d'activités",
            context="Les friches industrielles sont nombreuses.",
        ),
        "F8": ActionSheetFactory(
            territory=territory,
            code="F8",
            title="Attractivité des métiers de l'industrie",
            objectives="Faire découvrir les entreprises aux collégiens.",
        ),
    }


def codes(queryset):
    return sorted(queryset.values_list("code", flat=True))


def test_empty_query_filters_nothing(plan):
    assert codes(search_sheets(ActionSheet.objects.all(), "")) == ["F2.1", "F8", "F9"]
    assert codes(search_sheets(ActionSheet.objects.all(), "   ")) == ["F2.1", "F8", "F9"]


def test_search_in_title_context_and_objectives(plan):
    assert codes(search_sheets(ActionSheet.objects.all(), "friches")) == ["F2.1"]
    assert codes(search_sheets(ActionSheet.objects.all(), "collégiens")) == ["F8"]
    assert codes(search_sheets(ActionSheet.objects.all(), "offre")) == ["F2.1", "F9"]


def test_all_words_must_match(plan):
    assert codes(search_sheets(ActionSheet.objects.all(), "offre formation")) == ["F9"]


def test_search_keeps_the_queryset_filters(plan, territory):
    queryset = ActionSheet.objects.filter(code="F9")
    assert codes(search_sheets(queryset, "offre")) == ["F9"]


def test_french_stemming_and_the_web_search_syntax(plan):
    assert codes(search_sheets(ActionSheet.objects.all(), "formations")) == ["F9"]
    assert codes(search_sheets(ActionSheet.objects.all(), "industriel")) == ["F2.1", "F9"]
    assert codes(search_sheets(ActionSheet.objects.all(), "fonciere")) == ["F2.1"]
    assert codes(search_sheets(ActionSheet.objects.all(), "FONCIERE")) == ["F2.1"]
    assert codes(search_sheets(ActionSheet.objects.all(), "COLLEGIENS")) == ["F8"]
    assert codes(search_sheets(ActionSheet.objects.all(), "Métier")) == ["F8"]
    assert codes(search_sheets(ActionSheet.objects.all(), "métiers")) == ["F8"]
    assert codes(search_sheets(ActionSheet.objects.all(), "formation or friche")) == ["F2.1", "F9"]
    assert codes(search_sheets(ActionSheet.objects.all(), "formation -maintenance")) == []
    assert codes(search_sheets(ActionSheet.objects.all(), '"offre foncière"')) == ["F2.1"]
    assert codes(search_sheets(ActionSheet.objects.all(), '"foncière offre"')) == []


def test_the_searches_of_the_issue(plan):
    """Issue 8: "foncier" finds F2.1 (stemming and accents), "formation maintenance" F9."""
    assert codes(search_sheets(ActionSheet.objects.all(), "foncier")) == ["F2.1"]
    assert codes(search_sheets(ActionSheet.objects.all(), "formation maintenance")) == ["F9"]


def test_excluded_words_only_keep_the_fiches_without_them(plan):
    assert codes(search_sheets(ActionSheet.objects.all(), "-offre")) == ["F8"]
    assert codes(search_sheets(ActionSheet.objects.all(), '-"offre foncière"')) == ["F8", "F9"]


def test_stop_words_alone_find_nothing_but_the_code(plan):
    assert codes(search_sheets(ActionSheet.objects.all(), "de la")) == []


def test_ranked_search_gives_a_positive_rank_to_every_match(plan):
    result = search_sheets(ActionSheet.objects.all(), "offre", rank=True).order_by("-search_rank")
    assert {s.code for s in result} == {"F2.1", "F9"}
    assert all(s.search_rank > 0 for s in result)


def test_code_is_searchable(plan):
    assert "F2.1" in codes(search_sheets(ActionSheet.objects.all(), "F2.1"))


# Stored search columns -----------------------------------------------------------------


def test_every_save_keeps_the_stored_search_text_current(editor, territory):
    sheet = services.create_sheet(
        territory,
        acting_user=editor,
        fields={
            "code": "F4",
            "title": "Friche à reconvertir",
            "axis": territory.programme.axes.first(),
        },
    )
    assert codes(search_sheets(ActionSheet.objects.all(), "friche")) == ["F4"]

    services.update_sheet(
        sheet,
        acting_user=editor,
        expected_version=sheet.version,
        fields={"title": "Maison de l'emploi", "objectives": "Recruter des soudeurs"},
    )
    assert codes(search_sheets(ActionSheet.objects.all(), "friche")) == []
    assert codes(search_sheets(ActionSheet.objects.all(), "emploi soudeurs")) == ["F4"]
    assert ActionSheet.objects.get(pk=sheet.pk).search_text == (
        "f4 maison de l'emploi  recruter des soudeurs"
    )


def test_a_partial_save_of_a_searched_field_refreshes_the_stored_text(plan):
    sheet = plan["F9"]
    sheet.title = "Apprentissage en chaudronnerie"
    sheet.save(update_fields=["title"])
    assert codes(search_sheets(ActionSheet.objects.all(), "chaudronnerie")) == ["F9"]
    assert codes(search_sheets(ActionSheet.objects.all(), "maintenance")) == []


def test_a_save_of_other_fields_leaves_the_search_columns_alone(plan):
    sheet = ActionSheet.objects.only("pk", "status", "version", "updated_at").get(pk=plan["F8"].pk)
    with CaptureQueriesContext(connection) as queries:
        sheet.save(update_fields=["status"])
    assert len(queries) == 1
    assert "search" not in queries[0]["sql"]


@on_postgresql
def test_postgresql_searches_the_stored_vector_without_computing_one(plan):
    assert ActionSheet.objects.filter(search_vector__isnull=True).count() == 0
    with CaptureQueriesContext(connection) as queries:
        assert codes(search_sheets(ActionSheet.objects.all(), "offre", rank=True)) == [
            "F2.1",
            "F9",
        ]
    assert "to_tsvector" not in queries[0]["sql"]
    assert '"search_vector" @@' in queries[0]["sql"]


def _plan_of(sql, params):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@on_postgresql
def test_postgresql_search_and_code_lookup_use_their_indexes(plan):
    sql, params = search_sheets(ActionSheet.objects.all(), "f2.1").query.sql_with_params()
    explained = _plan_of(sql, params)
    assert "action_sheet_search" in explained
    assert "action_sheet_code_upper" in explained


def test_a_word_finds_the_stems_it_begins(plan):
    """ "foncier" is stemmed "fonci", "foncière" "foncier": the prefix query bridges them."""
    assert codes(search_sheets(ActionSheet.objects.all(), "foncier")) == ["F2.1"]
    assert codes(search_sheets(ActionSheet.objects.all(), "foncier immobilier")) == ["F2.1"]


def test_operators_keep_their_meaning_without_prefixes(plan):
    assert codes(search_sheets(ActionSheet.objects.all(), "offre -formation")) == ["F2.1"]
    assert codes(search_sheets(ActionSheet.objects.all(), "x y")) == []


@on_sqlite
def test_sqlite_search_reads_the_full_text_table_and_the_code_index(plan):
    sql, params = search_sheets(ActionSheet.objects.all(), "f2.1").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        explained = "\n".join(str(row[-1]) for row in cursor.fetchall())
    assert "plans_actionsheet_fts VIRTUAL TABLE" in explained
    assert "action_sheet_code_upper" in explained
