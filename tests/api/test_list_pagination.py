"""The fiches list at scale: pages and cursors walk the same list, in an indexed order,
reading only the columns a summary shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from territoires.plans.models import ActionSheet, Visibility

from ..factories import ActionSheetFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/action-sheets/"
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


@pytest.fixture
def many(world):
    """Twelve more public fiches over two more territories, codes in natural order."""
    extra = [TerritoryFactory(code="7701"), TerritoryFactory(code="1101")]
    for territory in extra:
        for number in (10, 2, 1, 3, 21, 4):
            ActionSheetFactory(territory=territory, code=f"F{number}", visibility=Visibility.PUBLIC)
    return world


def keys(items):
    return [(item["territory"]["code"], item["code"]) for item in items]


def walk_pages(client, **params):
    page, seen = 1, []
    while True:
        body = client.get(LIST_URL, {"page": page, "page_size": 5, **params}).json()
        seen += keys(body["items"])
        if page * 5 >= body["count"]:
            return seen
        page += 1


def walk_cursor(client, **params):
    cursor, seen, calls = "", [], 0
    while cursor is not None:
        response = client.get(LIST_URL, {"cursor": cursor, "page_size": 5, **params})
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["count"] is None and body["page"] is None
        seen += keys(body["items"])
        cursor, calls = body["next_cursor"], calls + 1
    return seen, calls


def test_the_list_is_by_territory_then_in_plan_order(api_client, many):
    seen = walk_pages(api_client)
    assert len(seen) == 14
    by_territory = {}
    for territory, code in seen:
        by_territory.setdefault(territory, []).append(code)
    assert by_territory["7701"] == ["F1", "F2", "F3", "F4", "F10", "F21"]
    # Territories come in one block each, in the order they joined.
    assert list(by_territory) == ["4403", "5301", "7701", "1101"]


def test_the_cursor_walks_the_same_list_as_the_pages_without_counting(api_client, many):
    seen, calls = walk_cursor(api_client)
    assert seen == walk_pages(api_client)
    assert calls == 3  # 5 + 5 + 4


def test_a_page_gives_the_cursor_of_what_follows_it(api_client, many):
    first = api_client.get(LIST_URL, {"page_size": 5}).json()
    rest = api_client.get(LIST_URL, {"page_size": 5, "cursor": first["next_cursor"]}).json()
    second = api_client.get(LIST_URL, {"page_size": 5, "page": 2}).json()
    assert keys(rest["items"]) == keys(second["items"])
    last = api_client.get(LIST_URL, {"page_size": 5, "page": 3}).json()
    assert last["next_cursor"] is None


def test_the_cursor_keeps_the_filters_and_the_visibility(api_client, many):
    seen, _ = walk_cursor(api_client, territory="7701")
    assert [code for _, code in seen] == ["F1", "F2", "F3", "F4", "F10", "F21"]
    anonymous, _ = walk_cursor(api_client)
    assert ("4403", "F2") not in anonymous  # restricted


@pytest.mark.parametrize("cursor", ["%%%", "bm9u", "WzEsMl0", "WzEsIkYiLHRydWVd", "e30"])
def test_a_broken_cursor_is_a_french_400(api_client, many, cursor):
    response = api_client.get(LIST_URL, {"cursor": cursor})
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith("Curseur invalide")


def test_a_search_is_paged_by_number_not_by_cursor(api_client, many):
    response = api_client.get(LIST_URL, {"q": "formation", "cursor": ""})
    assert response.status_code == 400
    assert "recherche" in response.json()["error"]["message"]
    assert api_client.get(LIST_URL, {"q": "formation"}).json()["next_cursor"] is None


def test_the_list_reads_only_the_columns_it_returns(api_client, many):
    with CaptureQueriesContext(connection) as queries:
        api_client.get(LIST_URL, {"page_size": 5})
    wide = [
        q["sql"]
        for q in queries
        if "plans_actionsheet" in q["sql"] and '"plans_actionsheet"."context"' in q["sql"]
    ]
    assert wide == []
    assert not any('"plans_actionsheet"."search_vector"' in q["sql"] for q in queries)


@on_postgresql
def test_a_deep_page_and_a_cursor_read_the_order_index_without_sorting(api_client, many):
    visible = ActionSheet.objects.alive().filter(visibility=Visibility.PUBLIC)
    for keys_query in (
        visible.order_by("territory_id", "sort_key", "pk").values_list("pk")[8:13],
        visible.filter(territory_id__gt=0).order_by("territory_id", "sort_key", "pk")[:5],
    ):
        sql, params = keys_query.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "action_sheet_list_order" in plan
        assert "Sort" not in plan


def test_a_page_and_its_count_come_from_one_reading_of_the_keys(api_client, many):
    searched = (
        '"search_vector" @@'
        if connection.vendor == "postgresql"
        else '"plans_actionsheet_fts" MATCH'
    )
    with CaptureQueriesContext(connection) as queries:
        body = api_client.get(LIST_URL, {"q": "action", "page_size": 5}).json()
    assert body["count"] == 12
    assert len(body["items"]) == 5
    assert sum(searched in q["sql"] for q in queries) == 1
    past = api_client.get(LIST_URL, {"q": "action", "page_size": 5, "page": 4})
    assert past.status_code == 404
    assert past.json()["error"]["details"] == {"last_page": 3}
