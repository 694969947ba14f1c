"""The published fiches' search (the catalogue, the similar actions): `search_any_bounded`
ranks within a bounded pool whatever the words (docs/decisions/0027)."""

import pytest
from django.db import connection

from territoires.plans import catalogue
from territoires.plans.search import search_any_bounded, through_the_index

from ..factories import ActionSheetFactory, TerritoryFactory

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


@pytest.fixture
def published(territory):
    other = TerritoryFactory(code="5301")
    made = {}
    for number in range(8):
        made[f"C{number}"] = ActionSheetFactory(
            territory=other, code=f"C{number}", title=f"Salle de la commune numéro {number}"
        )
    made["M1"] = ActionSheetFactory(territory=other, code="M1", title="Mouillages organisés")
    made["M2"] = ActionSheetFactory(territory=other, code="M2", title="Zone de mouillage")
    made["both"] = ActionSheetFactory(territory=other, code="B1", title="Mouillages de la commune")
    made["secret"] = ActionSheetFactory(
        territory=other, code="S1", title="Mouillage de la commune", visibility="restricted"
    )
    return made


def _codes(queryset):
    return {sheet.code for sheet in queryset}


def test_a_rare_word_brings_all_its_fiches_and_the_ranking_comes_along(published):
    found = search_any_bounded(
        catalogue.public_sheets(), ["commun", "mouillag"], words=["commune"], per_term=3
    )

    codes = _codes(found)
    assert {"M1", "M2", "B1"} <= codes
    assert "S1" not in codes
    assert all(sheet.search_rank is not None for sheet in found)


@on_postgresql
def test_a_common_word_brings_no_more_than_its_share(published):
    def found():
        with through_the_index():
            return _codes(
                search_any_bounded(catalogue.public_sheets(), ["commun", "mouillag"], per_term=3)
            )

    # The one published fiche holding both words, 3 of the 9 holding "commun" (the same at
    # every call), every fiche holding "mouillag"; never the restricted one.
    codes = found()
    assert 2 <= len(codes - {"B1", "M1", "M2"}) <= 3
    assert codes >= {"B1", "M1", "M2"}
    assert "S1" not in codes
    assert found() == codes == found()


def test_nothing_to_look_for_finds_nothing(published):
    assert not search_any_bounded(catalogue.public_sheets(), ["!"], per_term=3).exists()


@on_postgresql
def test_reading_through_the_index_is_for_the_search_inside_only(published):
    def seqscan():
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_seqscan")
            return cursor.fetchone()[0]

    with through_the_index():
        assert seqscan() == "off"
        assert _codes(search_any_bounded(catalogue.public_sheets(), ["mouillag"], per_term=3))

    assert seqscan() == "on"
