"""A page refused with a 4xx is logged as a warning without a traceback; a server error
keeps its traceback."""

import logging

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _request_records(caplog):
    return [r for r in caplog.records if r.name == "django.request"]


def test_a_forbidden_page_is_logged_as_a_warning_without_a_traceback(
    territory, reader, login, caplog
):
    caplog.set_level(logging.INFO, logger="django.request")

    response = login(reader).get(
        reverse("accounts:territory_members", kwargs={"territory_code": territory.code})
    )

    assert response.status_code == 403
    [record] = _request_records(caplog)
    assert record.levelno == logging.WARNING
    assert record.exc_info is None


def test_a_server_error_keeps_its_traceback(rf, caplog):
    from django.core.handlers.exception import response_for_exception

    caplog.set_level(logging.INFO, logger="django.request")
    request = rf.get("/")
    try:
        raise RuntimeError("panne simulée")
    except RuntimeError as exc:
        response = response_for_exception(request, exc)

    assert response.status_code == 500
    [record] = _request_records(caplog)
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None
