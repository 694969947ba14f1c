"""Similar actions: published fiches of other territories, by shared words and axis, with
a reason; on the fiche's page and at GET /api/v1/action-sheets/{id}/similar/."""

import pytest

from territoires.plans import similar
from territoires.plans.models import Visibility

from ..factories import ActionSheetFactory, TerritoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheets(territory):
    other = TerritoryFactory(code="5301", name="Pays de Vitré")
    third = TerritoryFactory(code="8401", name="Vallée de l'Arve")
    made = {
        "F9": ActionSheetFactory(
            territory=territory,
            code="F9",
            title="Offre de formation maintenance industrielle",
            context="Les entreprises peinent à recruter des techniciens de maintenance.",
        ),
        "neighbour": ActionSheetFactory(
            territory=territory, code="F10", title="Formation maintenance en alternance"
        ),
        "close": ActionSheetFactory(
            territory=other,
            code="V3",
            title="Former des techniciens de maintenance industrielle",
        ),
        "far": ActionSheetFactory(
            territory=third, code="A1", title="Formations aux métiers du décolletage"
        ),
        "secret": ActionSheetFactory(
            territory=other,
            code="V4",
            title="Maintenance industrielle confidentielle",
            visibility=Visibility.RESTRICTED,
        ),
        "unrelated": ActionSheetFactory(territory=third, code="A2", title="Zone d'activité"),
    }
    return made


def test_the_most_similar_published_fiches_of_other_territories_come_first(sheets):
    found = similar.similar_sheets(sheets["F9"])
    codes = [other.code for other in found]
    assert codes[0] == "V3"
    assert "A1" in codes
    assert "F10" not in codes  # the fiche's own territory
    assert "V4" not in codes  # restricted
    assert "A2" not in codes  # nothing in common
    assert found[0].similarity > found[1].similarity


def test_each_similar_fiche_has_a_reason_in_french(sheets):
    best = similar.similar_sheets(sheets["F9"])[0]
    assert best.similarity_reason.startswith("Mots communs : ")
    assert "maintenance" in best.similarity_reason
    assert "même axe" in best.similarity_reason


def test_a_fiche_without_words_has_no_similar_fiche(territory, sheets):
    empty = ActionSheetFactory(territory=territory, code="F99", title="Et de la")
    assert similar.similar_sheets(empty) == []


def test_the_fiche_page_shows_the_similar_actions(login, sheets):
    body = login().get(sheets["F9"].get_absolute_url()).content.decode()
    assert "Actions similaires dans d’autres territoires" in body
    assert "Former des techniciens de maintenance industrielle" in body
    assert "Maintenance industrielle confidentielle" not in body


def test_the_api_lists_the_similar_actions_with_their_reason(login, sheets):
    response = login().get(f"/api/v1/action-sheets/{sheets['F9'].pk}/similar/")
    assert response.status_code == 200
    items = response.json()
    assert items[0]["code"] == "V3"
    assert items[0]["territory"]["code"] == "5301"
    assert "maintenance" in items[0]["reason"]
    assert "V4" not in {item["code"] for item in items}


def test_the_api_hides_the_similar_actions_of_a_fiche_the_caller_may_not_see(login, sheets):
    response = login().get(f"/api/v1/action-sheets/{sheets['secret'].pk}/similar/")
    assert response.status_code == 404


def test_the_api_queries(sql_snapshot, login, sheets):
    client = login()
    with sql_snapshot():
        assert client.get(f"/api/v1/action-sheets/{sheets['F9'].pk}/similar/").status_code == 200


def test_the_similar_actions_are_read_in_one_query(sql_snapshot, sheets):
    """The fiche's page adds this one query (its own snapshot is tests/pages'); on
    PostgreSQL between the two statements that make it read through the index."""
    with sql_snapshot():
        assert similar.similar_sheets(sheets["F9"])


def test_the_reason_shows_the_words_as_the_similar_fiche_writes_them(territory):
    other = TerritoryFactory(code="5302")
    sheet = ActionSheetFactory(territory=territory, title="Réhabilitation d'un bâtiment")
    ActionSheetFactory(territory=other, title="Bâtiments pour l'industrie")
    reason = similar.similar_sheets(sheet)[0].similarity_reason
    assert reason.startswith("Mot commun : bâtiments ;")
