"""The shared recorded transitions: every workflow's record is a RecordedTransition, and
`apply_transition` moves the claimed row and records who, when and why."""

import pytest
from django.db import transaction

from territoires.core.locking import claim_version
from territoires.core.transitions import RecordedTransition, apply_transition
from territoires.funding.models import FundingTransition
from territoires.meetings import workflow
from territoires.meetings.models import Meeting, MeetingTransition
from territoires.plans.models import StatusTransition

from ..factories import MeetingFactory


def test_every_workflow_records_its_moves_with_the_shared_model():
    for model in (StatusTransition, MeetingTransition, FundingTransition):
        assert issubclass(model, RecordedTransition)
        names = {f.name for f in model._meta.get_fields()}
        assert {"from_status", "to_status", "by", "at", "comment"} <= names


@pytest.mark.django_db
def test_apply_transition_moves_the_claimed_row_and_records_the_move(editor):
    meeting = MeetingFactory()
    with transaction.atomic():
        current = claim_version(Meeting, meeting.pk, 1)
        move = workflow.get_transition(current, "cancelled")
        recorded = apply_transition(
            current,
            move,
            record=MeetingTransition,
            on="meeting",
            acting_user=editor,
            comment="Salle indisponible",
            fields=(),
        )
    meeting.refresh_from_db()
    assert (meeting.status, meeting.version) == ("cancelled", 2)
    assert (recorded.from_status, recorded.to_status) == ("planned", "cancelled")
    assert (recorded.by, recorded.at, recorded.comment) == (
        editor,
        meeting.updated_at,
        "Salle indisponible",
    )
