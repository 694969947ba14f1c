"""Helpers of the generate_scale tests: they need the shared real data sets."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from territoires.demo.scale import sources

# A twentieth of the national scale: the 148 real territories, 120 fiches.
FACTOR = 0.05


def skip_without_shared_data():
    if not (sources.default_data_dir() / sources.PROJECTS_FILE).is_file():
        pytest.skip("../shared/data absent")


@pytest.fixture
def needs_shared_data():
    skip_without_shared_data()


def generate(cog_dir, *args):
    """Run the command at FACTOR on the minimal geography (an empty --cog folder), whatever
    var/cog holds; return its output."""
    out = StringIO()
    call_command(
        "generate_scale", "--factor", str(FACTOR), "--cog", str(cog_dir), *args, stdout=out
    )
    return out.getvalue()


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker, tmp_path_factory):
    """Generated once per test module (for its read-only tests), rolled back at the end."""
    skip_without_shared_data()
    with django_db_blocker.unblock(), transaction.atomic():
        yield generate(tmp_path_factory.mktemp("cog"))
        transaction.set_rollback(True)
