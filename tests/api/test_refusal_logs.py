"""A refused API call (401, 403, 404, 409, 422) is logged once, at INFO or WARNING, with
its error code and French message, never with a traceback; a server error keeps its
traceback at ERROR."""

import json
import logging

import pytest

from territoires.accounts.models import Membership

from .conftest import bearer

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/action-sheets/"


def _patch(api_client, sheet, body, **headers):
    return api_client.patch(
        f"{LIST_URL}{sheet.pk}/", json.dumps(body), content_type="application/json", **headers
    )


@pytest.fixture
def calls(api_client, world, reader_a, editor_a):
    """Each refusal the API gives, by expected status."""
    return {
        401: lambda: api_client.get(LIST_URL, HTTP_AUTHORIZATION="Bearer ti_faux"),
        403: lambda: _patch(
            api_client, world.public_a, {"version": 1, "title": "X"}, **_auth(reader_a)
        ),
        404: lambda: api_client.get(f"{LIST_URL}{world.restricted_b.pk}/"),
        409: lambda: _patch(
            api_client, world.public_a, {"version": 99, "title": "X"}, **_auth(editor_a)
        ),
        422: lambda: api_client.get(LIST_URL, {"status": "inconnu"}),
    }


def _auth(user):
    return {"HTTP_AUTHORIZATION": bearer(user)}


@pytest.mark.parametrize("status", [401, 403, 404, 409, 422])
def test_each_refusal_is_logged_once_without_a_traceback(calls, status, caplog):
    caplog.set_level(logging.DEBUG)

    response = calls[status]()

    assert response.status_code == status
    records = [r for r in caplog.records if r.name.startswith(("django.request", "territoires"))]
    assert len(records) == 1, [(r.name, r.getMessage()) for r in records]
    record = records[0]
    assert record.name == "territoires.api"
    assert record.levelno == (logging.WARNING if status in (401, 403) else logging.INFO)
    assert record.exc_info is None and record.exc_text is None
    message = record.getMessage()
    assert str(status) in message
    assert response.json()["error"]["code"] in message
    assert response.json()["error"]["message"] in message


def test_the_log_line_names_the_account_that_was_refused(api_client, world, reader_a, caplog):
    caplog.set_level(logging.INFO, logger="territoires.api")

    _patch(api_client, world.public_a, {"version": 1, "title": "X"}, **_auth(reader_a))

    assert f"compte {reader_a.pk}" in caplog.records[-1].getMessage()


def test_a_server_error_is_logged_at_error_with_its_traceback(
    api_client, world, monkeypatch, caplog
):
    from territoires.api import action_sheets

    def broken(*args, **kwargs):
        raise RuntimeError("panne simulée")

    monkeypatch.setattr(action_sheets, "_for_caller", broken)
    caplog.set_level(logging.INFO)
    editor = world.member(world.territory_a, Membership.Role.EDITOR)

    response = api_client.get(f"{LIST_URL}{world.public_a.pk}/", **_auth(editor))

    assert response.status_code == 500
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors and errors[0].exc_info is not None
