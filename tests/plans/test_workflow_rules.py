"""The fiche workflow as a state machine, independent of any page."""

import pytest

from territoires.plans import workflow
from territoires.plans.models import Status
from territoires.plans.services import change_status

from ..factories import ActionSheetFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def editor_of(territory):
    return MembershipFactory(territory=territory, role="editor").user


def test_main_path_goes_from_draft_to_done():
    sheet = ActionSheetFactory()
    user = editor_of(sheet.territory)
    path = [
        Status.PROPOSED,
        Status.PRESENTED,
        Status.VALIDATED,
        Status.COMMITTED,
        Status.IN_PROGRESS,
        Status.DONE,
    ]
    for target in path:
        sheet = change_status(sheet, target, acting_user=user, comment=f"vers {target}")
    assert sheet.status == Status.DONE
    recorded = list(sheet.transitions.values_list("from_status", "to_status", "comment"))
    assert recorded[0] == (Status.DRAFT, Status.PROPOSED, "vers proposed")
    assert [to for _, to, _ in recorded] == path
    assert sheet.transitions.filter(by=user).count() == len(path)


def test_forbidden_transition_is_refused_with_a_french_message():
    sheet = ActionSheetFactory()
    user = editor_of(sheet.territory)
    with pytest.raises(workflow.TransitionError) as error:
        change_status(sheet, Status.DONE, acting_user=user)
    message = str(error.value)
    assert "« Brouillon »" in message and "« Réalisée »" in message
    assert "« Proposée »" in message  # the allowed moves are named
    sheet.refresh_from_db()
    assert sheet.status == Status.DRAFT
    assert not sheet.transitions.exists()


def test_unknown_status_is_refused():
    sheet = ActionSheetFactory()
    with pytest.raises(workflow.TransitionError, match="Statut inconnu"):
        change_status(sheet, "flying", acting_user=editor_of(sheet.territory))


def test_paused_fiche_resumes_to_the_status_it_was_paused_from():
    sheet = ActionSheetFactory(status=Status.COMMITTED)
    user = editor_of(sheet.territory)
    sheet = change_status(sheet, Status.PAUSED, acting_user=user, comment="attente du financement")
    targets = {t.target for t in workflow.transitions_from(sheet)}
    assert targets == {Status.COMMITTED, Status.ABANDONED}
    with pytest.raises(workflow.TransitionError):
        change_status(sheet, Status.IN_PROGRESS, acting_user=user)
    sheet = change_status(sheet, Status.COMMITTED, acting_user=user)
    assert sheet.status == Status.COMMITTED


def test_every_status_but_done_can_be_abandoned():
    for status in Status:
        sheet = ActionSheetFactory(status=status)
        targets = {t.target for t in workflow.TRANSITIONS if t.source == status}
        if status in (Status.DONE, Status.ABANDONED):
            assert Status.ABANDONED not in targets
        else:
            assert Status.ABANDONED in targets, sheet.code


def test_validation_needs_the_validate_permission():
    sheet = ActionSheetFactory(status=Status.PRESENTED)
    contributor = UserFactory()
    MembershipFactory(user=contributor, territory=sheet.territory, role="contributor")
    transition = workflow.get_transition(sheet, Status.VALIDATED)
    assert transition.permission == "validate"
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        change_status(sheet, Status.VALIDATED, acting_user=contributor)
