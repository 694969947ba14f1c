"""One error format for every error, whatever raised it."""

import pytest

from .conftest import bearer

pytestmark = pytest.mark.django_db


def assert_error(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]


def test_malformed_json_is_400_not_500(api_client, world, editor_a):
    response = api_client.patch(
        f"/api/v1/action-sheets/{world.public_a.pk}/",
        '{"version": 1, "title": ',
        content_type="application/json",
        HTTP_AUTHORIZATION=bearer(editor_a),
    )

    error = assert_error(response, 400, "bad_request")
    assert error["message"] == "Le corps de la requête n'est pas du JSON valide."


def test_json_that_is_not_an_object_is_a_validation_error_on_the_whole_body(
    api_client, world, editor_a
):
    response = api_client.patch(
        f"/api/v1/action-sheets/{world.public_a.pk}/",
        "[1, 2]",
        content_type="application/json",
        HTTP_AUTHORIZATION=bearer(editor_a),
    )

    error = assert_error(response, 422, "validation_error")
    assert error["details"]["fields"] == {"__all__": ["Un objet JSON est attendu."]}


def test_errors_are_utf8_json_with_accents_as_they_are(api_client, world):
    response = api_client.get("/api/v1/action-sheets/", {"page": 0})

    assert "Les données envoyées ne sont pas valides." in response.content.decode("utf-8")


def test_query_validation_error_is_422_with_french_field_messages(api_client, world):
    response = api_client.get("/api/v1/action-sheets/", {"page": 0})

    error = assert_error(response, 422, "validation_error")
    assert error["details"]["fields"] == {"page": ["La valeur doit être supérieure ou égale à 1."]}


def test_unknown_sheet_id_is_404(api_client, world):
    assert_error(api_client.get("/api/v1/action-sheets/424242/"), 404, "not_found")


def test_unknown_address_under_the_api_is_404_in_the_common_format(api_client, world):
    error = assert_error(api_client.get("/api/v1/nothing-here/"), 404, "not_found")

    assert error["details"] == {"path": "/api/v1/nothing-here/"}


def test_address_without_its_final_slash_is_redirected(api_client, world):
    response = api_client.get("/api/v1/territories", {"page": 1})

    assert response.status_code == 301
    assert response["Location"] == "/api/v1/territories/?page=1"


def test_method_not_allowed_is_405_in_the_common_format(api_client, world, editor_a):
    response = api_client.delete(
        f"/api/v1/action-sheets/{world.public_a.pk}/", HTTP_AUTHORIZATION=bearer(editor_a)
    )

    error = assert_error(response, 405, "method_not_allowed")
    assert set(error["details"]["allowed"]) == {"GET", "PATCH"}


def test_unauthorized_error_has_the_common_format(api_client, world):
    assert_error(
        api_client.get("/api/v1/territories/", HTTP_AUTHORIZATION="Bearer ti_faux"),
        401,
        "unauthorized",
    )
