"""Schemathesis over the API's own OpenAPI: every generated request, valid or not, gets an
answer that the schema describes, and never a server error (issue 5 §2).

`make test` runs a bounded sample (FUZZ_EXAMPLES per operation, 6 by default); `make fuzz`
runs at least 1,000 cases on SQLite and on PostgreSQL when one is reachable. The calls go
through the WSGI application, signed with an editor's API token, against the API tests'
world (two territories and their fiches).

Every check runs but one: a request the schema allows may still break a rule the schema
cannot say (an unknown axis or person, a code already taken, an end before the start, a
stale version): the API answers those 409 or 422 by design, so "positive data acceptance"
is left out. Any 5xx, undocumented status, response off its schema, schema-invalid input
accepted or missing authentication is a failure."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from .conftest import bearer

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))


def _schema():
    from territoires.api.api import api

    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))
    loaded.app = get_wsgi_application()
    return loaded


schema = _schema()


@pytest.fixture
def signed(world, editor_a):
    """The Authorization header of an editor of territory A. Like Django's test client,
    the WSGI calls keep the test's database connection (and its transaction) open."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield {"Authorization": bearer(editor_a)}
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.fuzz
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=os.environ.get("FUZZ_SEED") is None,
)
def test_the_api_answers_any_input_as_its_schema_says(case, signed):
    case.call_and_validate(headers=signed, excluded_checks=[checks.positive_data_acceptance])
