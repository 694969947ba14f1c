"""The catalogue page /actions/ and GET /api/v1/catalogue/: published fiches only, for
everyone (a reader of the territory included), filters, ranked and highlighted results,
any query answered, fixed SQL."""

import pytest
from django.urls import reverse

from territoires.accounts.models import Membership

from ..factories import ActionSheetFactory, member

pytestmark = pytest.mark.django_db

URL = "/actions/"
API = "/api/v1/catalogue/"


def test_the_page_lists_the_published_fiches_of_every_territory(login, fiches):
    body = login().get(URL).content.decode()
    assert "3 actions publiées" in body
    for title in ("Offre de formation maintenance industrielle", "Réserve foncière"):
        assert title in body
    assert "Dossier confidentiel" not in body and "Foncier effacé" not in body


def test_a_reader_of_the_territory_does_not_see_its_restricted_fiche(login, territory, fiches):
    reader = member(territory, Membership.Role.READER)
    body = login(reader).get(URL, {"q": "confidentiel"}).content.decode()
    assert "Dossier confidentiel" not in body
    assert "0 action publiée correspondant à la recherche" in body


def test_the_search_highlights_the_words_and_escapes_the_text(login, fiches):
    body = login().get(URL, {"q": "foncier"}).content.decode()
    assert "<mark>foncière</mark>" in body
    assert "&lt;b&gt;et&lt;/b&gt;" in body
    assert "2 actions publiées correspondant à la recherche" in body


def test_filters_narrow_the_list_and_unknown_values_are_ignored(login, fiches):
    client = login()
    body = client.get(URL, {"region": "53"}).content.decode()
    assert "1 action publiée" in body and "Réserve foncière" in body
    body = client.get(URL, {"region": "99", "status": "nimporte"}).content.decode()
    assert "3 actions publiées" in body


@pytest.mark.parametrize("q", ['"foncier', "a -b or", "<script>", "x" * 10_000, "é" * 5_000])
def test_any_query_gets_a_page(login, fiches, q):
    response = login().get(URL, {"q": q})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_a_nul_character_gets_the_sites_clear_refusal(login, fiches):
    response = login().get(URL, {"q": "foncier\x00"})
    assert response.status_code == 400
    assert "caractère" in response.content.decode()


def test_the_page_is_paginated(login, territory):
    for number in range(25):
        ActionSheetFactory(territory=territory, code=f"P{number}", title=f"Pépinière {number}")
    body = login().get(URL, {"q": "pepiniere", "page": "2"}).content.decode()
    assert "25 actions publiées" in body
    assert "Page 2 sur 2" in body
    assert body.count("data-sheet=") == 5


def test_the_api_lists_the_published_fiches_with_highlights(login, fiches):
    response = login().get(API, {"q": "foncier", "region": "44"})
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["code"] for item in items] == ["F2.1"]
    assert items[0]["title_html"] == (
        "Renforcer l&#x27;offre <mark>foncière</mark> et immobilière d&#x27;activités"
    )
    assert items[0]["region"] == {"code": "44", "name": "Grand Est"}
    assert items[0]["url"] == reverse("plans:sheet_detail", args=["4403", "F2.1"])


def test_the_api_never_shows_a_restricted_fiche_even_to_its_readers(login, territory, fiches):
    reader = member(territory, Membership.Role.READER)
    response = login(reader).get(API, {"q": "confidentiel"})
    assert response.status_code == 200 and response.json()["count"] == 0
    codes = {item["code"] for item in login(reader).get(API).json()["items"]}
    assert codes == {"F2.1", "F9", "V1"}


@pytest.mark.parametrize("q", ['"foncier', "x" * 10_000, "!!! & | :*"])
def test_the_api_answers_any_query(login, fiches, q):
    assert login().get(API, {"q": q}).status_code == 200


def test_the_api_refuses_an_unknown_status_in_french(login, fiches):
    response = login().get(API, {"status": "nimporte"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


def test_the_page_queries(sql_snapshot, login, fiches):
    client = login()
    with sql_snapshot():
        assert client.get(URL, {"q": "foncier", "region": "44"}).status_code == 200


def test_the_api_queries(sql_snapshot, login, fiches):
    client = login()
    with sql_snapshot():
        assert client.get(API, {"q": "foncier"}).status_code == 200
