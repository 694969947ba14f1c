"""Who is calling: API tokens, browser sessions with CSRF, anonymous readers."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from territoires.accounts.models import ApiToken

from .conftest import bearer

pytestmark = pytest.mark.django_db


def detail_url(sheet):
    return f"/api/v1/action-sheets/{sheet.pk}/"


def test_valid_token_authenticates_its_user(api_client, world, reader_a):
    response = api_client.get(detail_url(world.restricted_a), HTTP_AUTHORIZATION=bearer(reader_a))

    assert response.status_code == 200
    assert response.json()["code"] == "F2"


def test_token_use_is_recorded_at_most_once_a_minute(api_client, world, reader_a):
    token, key = ApiToken.issue(reader_a, "script")
    header = f"Bearer {key}"

    api_client.get("/api/v1/territories/", HTTP_AUTHORIZATION=header)
    token.refresh_from_db()
    first_use = token.last_used_at
    api_client.get("/api/v1/territories/", HTTP_AUTHORIZATION=header)
    token.refresh_from_db()

    assert first_use is not None
    assert token.last_used_at == first_use

    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first_use - timedelta(minutes=2))
    api_client.get("/api/v1/territories/", HTTP_AUTHORIZATION=header)
    token.refresh_from_db()
    assert token.last_used_at > first_use - timedelta(minutes=2)
    assert timezone.now() - token.last_used_at < timedelta(minutes=1)


def test_revoked_token_is_refused_with_401_even_on_public_content(api_client, world, reader_a):
    token, key = ApiToken.issue(reader_a, "old script")
    token.revoke()

    response = api_client.get(detail_url(world.public_a), HTTP_AUTHORIZATION=f"Bearer {key}")

    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "unauthorized"
    assert error["message"] == "Ce jeton d'API a été révoqué."
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_unknown_token_is_401_not_an_anonymous_call(api_client, world):
    response = api_client.get("/api/v1/action-sheets/", HTTP_AUTHORIZATION="Bearer ti_nope")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


def test_authorization_header_other_than_bearer_is_401(api_client, world):
    response = api_client.get("/api/v1/action-sheets/", HTTP_AUTHORIZATION="Basic dXNlcjpwdw==")

    assert response.status_code == 401
    assert "Bearer" in response.json()["error"]["message"]


def test_token_of_deactivated_account_is_401(api_client, world, reader_a):
    header = bearer(reader_a)
    reader_a.is_active = False
    reader_a.save()

    response = api_client.get(detail_url(world.public_a), HTTP_AUTHORIZATION=header)

    assert response.status_code == 401


def test_anonymous_write_is_401(api_client, world):
    response = api_client.patch(
        detail_url(world.public_a),
        {"version": 1, "title": "Piratage"},
        content_type="application/json",
    )

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    world.public_a.refresh_from_db()
    assert world.public_a.title != "Piratage"


def test_logged_in_browser_reads_with_its_session(world, reader_a):
    client = Client()
    client.force_login(reader_a)

    response = client.get(detail_url(world.restricted_a))

    assert response.status_code == 200


def test_session_write_without_csrf_token_is_403(world, editor_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor_a)

    response = client.patch(
        detail_url(world.public_a),
        {"version": 1, "title": "Sans jeton CSRF"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert "CSRF" in response.json()["error"]["message"]
    world.public_a.refresh_from_db()
    assert world.public_a.title != "Sans jeton CSRF"


def test_session_write_with_csrf_token_is_accepted(world, editor_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor_a)
    docs = client.get("/api/v1/docs")  # the docs page hands the CSRF token to Swagger UI
    token = client.cookies["csrftoken"].value
    assert 'data-csrf-token="' in docs.content.decode()

    response = client.patch(
        detail_url(world.public_a),
        {"version": 1, "title": "Avec jeton CSRF"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )

    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Avec jeton CSRF"
