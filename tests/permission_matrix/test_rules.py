"""The expected-outcome tables themselves (see rules.py)."""

import pytest

from .rules import (
    ACTORS,
    CHANGES_STAGE,
    CHANGES_VISIBILITY,
    EDITS,
    MANAGES_CONTACTS,
    MANAGES_DIRECTORY,
    MANAGES_MEETINGS,
    MANAGES_MEMBERS,
    MANAGES_PLAN,
    READS_RESTRICTED,
    VALIDATES,
)

pytestmark = pytest.mark.django_db


def test_tables_cover_every_actor():
    tables = (
        READS_RESTRICTED,
        EDITS,
        VALIDATES,
        MANAGES_PLAN,
        CHANGES_VISIBILITY,
        CHANGES_STAGE,
        MANAGES_MEMBERS,
        MANAGES_DIRECTORY,
        MANAGES_MEETINGS,
        MANAGES_CONTACTS,
    )
    for table in tables:
        assert set(table) == set(ACTORS)
    # Whoever edits or validates somewhere also reads restricted fiches there.
    for actor in ACTORS:
        assert EDITS[actor] | VALIDATES[actor] | MANAGES_PLAN[actor] <= READS_RESTRICTED[actor]
        assert MANAGES_MEMBERS[actor] <= MANAGES_PLAN[actor]
        assert MANAGES_DIRECTORY[actor] <= READS_RESTRICTED[actor]
        assert CHANGES_VISIBILITY[actor] <= EDITS[actor]
        assert CHANGES_STAGE[actor] <= VALIDATES[actor]
        assert MANAGES_MEETINGS[actor] <= READS_RESTRICTED[actor]
        assert MANAGES_CONTACTS[actor] <= READS_RESTRICTED[actor]
