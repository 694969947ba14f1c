"""Hostile input to the API: every answer is a French 4xx in the common error format,
never a 500, on SQLite and PostgreSQL (issue 5 §2)."""

import json

import pytest

from .conftest import bearer
from .test_errors import assert_error

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
BIG_ID = 2**63


def patch_json(client, sheet, user, raw):
    return client.patch(
        f"/api/v1/action-sheets/{sheet.pk}/",
        raw,
        content_type="application/json",
        HTTP_AUTHORIZATION=bearer(user),
    )


# NUL bytes and lone surrogates ---------------------------------------------------------


@pytest.mark.parametrize("field", ["title", "context", "code", "comment"])
def test_a_nul_character_in_a_text_field_is_refused(api_client, world, editor_a, field):
    body = json.dumps({"version": 1, field: "Titre\u0000caché"})
    error = assert_error(patch_json(api_client, world.public_a, editor_a, body), 400, "bad_request")
    assert "caractère nul" in error["message"]
    world.public_a.refresh_from_db()
    assert world.public_a.version == 1


def test_a_nul_character_in_a_list_of_the_body_is_refused(api_client, world, editor_a):
    body = json.dumps({"version": 1, "steps": [{"title": "a\u0000"}], "tags": ["x\u0000"]})
    assert_error(patch_json(api_client, world.public_a, editor_a, body), 400, "bad_request")


def test_an_escaped_backslash_before_u0000_is_plain_text(api_client, world, editor_a):
    body = json.dumps({"version": 1, "title": "C:\\u0000 n'est pas un caractère nul"})
    response = patch_json(api_client, world.public_a, editor_a, body)
    assert response.status_code == 200
    assert response.json()["title"] == "C:\\u0000 n'est pas un caractère nul"


@pytest.mark.parametrize("query", ["q=a%00b", "tag=%00", "territory=44%0003", "axis=%00"])
def test_a_nul_character_in_the_query_string_is_refused(api_client, world, query):
    error = assert_error(api_client.get(f"/api/v1/action-sheets/?{query}"), 400, "bad_request")
    assert "caractère nul" in error["message"]


def test_a_nul_character_in_the_path_is_refused(api_client, world):
    assert_error(api_client.get("/api/v1/territories/44%0003/"), 400, "bad_request")


@pytest.mark.parametrize("text", ['"\\ud800"', '"a\\udfffb"', '"\\ud800\\u0041"'])
def test_a_lone_surrogate_in_json_is_400(api_client, world, editor_a, text):
    body = '{"version": 1, "title": ' + text + "}"
    error = assert_error(patch_json(api_client, world.public_a, editor_a, body), 400, "bad_request")
    assert "UTF-8" in error["message"]


def test_a_surrogate_pair_is_a_character_like_any_other(api_client, world, editor_a):
    body = '{"version": 1, "title": "Usine \\ud83c\\udfed"}'
    response = patch_json(api_client, world.public_a, editor_a, body)
    assert response.status_code == 200
    assert response.json()["title"] == "Usine \U0001f3ed"


# Sizes ---------------------------------------------------------------------------------


def test_a_body_over_the_size_limit_is_413_in_the_common_format(
    api_client, world, editor_a, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"version": 1, "context": "x" * 2000})
    error = assert_error(
        patch_json(api_client, world.public_a, editor_a, body), 413, "payload_too_large"
    )
    assert "Mo" in error["message"] or "octets" in error["message"]


# Pages and ids -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/action-sheets/?page={HUGE}",
        f"/api/v1/territories/?page={HUGE}",
        "/api/v1/action-sheets/?page=2",
    ],
)
def test_a_page_beyond_the_last_is_404(api_client, world, url):
    error = assert_error(api_client.get(url), 404, "not_found")
    assert "page" in error["message"].lower()


def test_a_page_beyond_the_last_of_the_history_is_404(api_client, world, editor_a):
    response = api_client.get(
        f"/api/v1/action-sheets/{world.public_a.pk}/history/?page={HUGE}",
        HTTP_AUTHORIZATION=bearer(editor_a),
    )
    assert_error(response, 404, "not_found")


def test_the_first_page_of_an_empty_list_is_200(api_client, world):
    response = api_client.get("/api/v1/action-sheets/?territory=0000")
    assert response.status_code == 200 and response.json()["items"] == []


@pytest.mark.parametrize("suffix", ["", "history/"])
def test_an_id_beyond_64_bits_in_the_path_is_404(api_client, world, editor_a, suffix):
    response = api_client.get(
        f"/api/v1/action-sheets/{BIG_ID}/{suffix}", HTTP_AUTHORIZATION=bearer(editor_a)
    )
    assert_error(response, 404, "not_found")


@pytest.mark.parametrize(
    "field, value",
    [
        ("pilots", [BIG_ID]),
        ("partners", [BIG_ID]),
        ("lead_organisation", BIG_ID),
        ("presenter", -BIG_ID),
    ],
)
def test_an_id_beyond_64_bits_in_the_body_is_422(api_client, world, editor_a, field, value):
    body = json.dumps({"version": 1, field: value})
    error = assert_error(
        patch_json(api_client, world.public_a, editor_a, body), 422, "validation_error"
    )
    assert any(key.split(".")[0] == field for key in error["details"]["fields"])


def test_a_version_beyond_64_bits_is_422(api_client, world, editor_a):
    body = json.dumps({"version": BIG_ID, "title": "x"})
    assert_error(patch_json(api_client, world.public_a, editor_a, body), 422, "validation_error")
    body = json.dumps({"title": "x"})
    response = api_client.patch(
        f"/api/v1/action-sheets/{world.public_a.pk}/",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=bearer(editor_a),
        HTTP_IF_MATCH=f'"{BIG_ID}"',
    )
    assert response.status_code in (409, 422)


# What the form refuses, the API refuses -----------------------------------------------


@pytest.mark.parametrize("title", ["   ", "\t\n", ""])
def test_a_title_of_spaces_is_refused(api_client, world, editor_a, title):
    body = json.dumps({"version": 1, "title": title})
    error = assert_error(
        patch_json(api_client, world.public_a, editor_a, body), 422, "validation_error"
    )
    assert "title" in error["details"]["fields"]


def test_more_steps_than_the_form_takes_are_refused(api_client, world, editor_a):
    body = json.dumps({"version": 1, "steps": [{"title": f"Étape {i}"} for i in range(101)]})
    error = assert_error(
        patch_json(api_client, world.public_a, editor_a, body), 422, "validation_error"
    )
    assert "100" in json.dumps(error["details"], ensure_ascii=False)


@pytest.mark.parametrize(
    "field, length", [("title", 301), ("code", 21), ("context", 20_001), ("beneficiaries", 20_001)]
)
def test_text_longer_than_the_field_spec_is_refused(api_client, world, editor_a, field, length):
    body = json.dumps({"version": 1, field: "F" * length})
    error = assert_error(
        patch_json(api_client, world.public_a, editor_a, body), 422, "validation_error"
    )
    assert field in error["details"]["fields"]


# Odd addresses -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/action-sheets/1%0A/",
        "/api/v1/%0A",
        "/api/v1/territories/%C0%AF/",
        "/api/v1/territories/%ED%A0%80/",
        "/api/v1/action-sheets/%0D%0A",
    ],
)
def test_odd_characters_in_an_api_address_answer_the_json_error(api_client, world, path):
    response = api_client.get(path)
    assert response.status_code in (400, 404)
    assert_error(response, response.status_code, response.json()["error"]["code"])


# The OpenAPI says what the API takes ----------------------------------------------------


def test_the_openapi_offers_null_only_where_the_api_takes_it(api_client, world, editor_a):
    schema = api_client.get("/api/v1/openapi.json").json()
    patch = schema["components"]["schemas"]["ActionSheetPatch"]["properties"]

    def nullable(name):
        return any(option.get("type") == "null" for option in patch[name].get("anyOf", []))

    assert not any(nullable(name) for name in ("title", "code", "axis", "pilots", "steps"))
    assert all(nullable(name) for name in ("start_date", "budget_total", "presenter"))
    assert patch["title"]["maxLength"] == 300 and patch["context"]["maxLength"] == 20_000
    assert patch["steps"]["maxItems"] == 100
    for name in ("title", "pilots"):
        body = json.dumps({"version": 1, name: None})
        response = patch_json(api_client, world.public_a, editor_a, body)
        assert_error(response, 422, "validation_error")
    body = json.dumps({"version": 1, "start_date": None})
    assert patch_json(api_client, world.public_a, editor_a, body).status_code == 200


@pytest.mark.parametrize(
    ("field", "value", "limit"),
    [
        ("tags", [f"mot {i}" for i in range(31)], 30),
        ("pilots", list(range(1, 32)), 30),
        ("related_sheets", [f"F{i}" for i in range(51)], 50),
    ],
)
def test_lists_longer_than_the_spec_allows_are_refused(
    api_client, world, editor_a, field, value, limit
):
    from territoires.plans.models import Tag

    body = json.dumps({"version": 1, field: value})
    error = assert_error(
        patch_json(api_client, world.public_a, editor_a, body), 422, "validation_error"
    )
    assert field in error["details"]["fields"]
    schema = api_client.get("/api/v1/openapi.json").json()
    assert (
        schema["components"]["schemas"]["ActionSheetPatch"]["properties"][field]["maxItems"]
        == limit
    )
    assert not Tag.objects.exists()
