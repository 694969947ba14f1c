"""The workflow as the fiche page offers it: allowed moves filtered by the policy."""

import pytest

from territoires.audit.readers import history_of
from territoires.audit.render import describe
from territoires.organisations.models import Person
from territoires.pages.plans.views import _allowed_transitions
from territoires.plans import services, workflow
from territoires.plans.models import Status, StatusTransition

from ..factories import ActionSheetFactory

pytestmark = pytest.mark.django_db


def targets(user, sheet):
    from territoires.permissions import Policy

    return {t.target for t in _allowed_transitions(Policy(user), sheet)}


def test_draft_can_be_proposed_or_abandoned():
    sheet = ActionSheetFactory(status=Status.DRAFT)
    assert {t.target for t in workflow.transitions_from(sheet)} == {
        Status.PROPOSED,
        Status.ABANDONED,
    }


def test_allowed_moves_depend_on_the_role(territory, editor, contributor, reader, national):
    sheet = ActionSheetFactory(territory=territory, status=Status.PRESENTED)
    moves = {Status.PROPOSED, Status.VALIDATED, Status.ABANDONED, Status.DRAFT}  # sent back
    assert targets(editor, sheet) == moves
    assert targets(national, sheet) == moves
    assert targets(reader, sheet) == set()
    assert targets(contributor, sheet) == set()  # not a pilot of this fiche
    sheet.pilots.add(Person.objects.get(user=contributor))
    sheet = type(sheet).objects.get(pk=sheet.pk)
    assert targets(contributor, sheet) == {Status.PROPOSED}


def test_deleted_fiche_has_no_move(territory, editor):
    sheet = ActionSheetFactory(territory=territory, status=Status.DRAFT)
    services.delete_sheet(sheet, acting_user=editor)
    assert targets(editor, sheet) == set()


def test_status_change_is_recorded_twice(territory, editor):
    sheet = ActionSheetFactory(territory=territory, status=Status.DRAFT)
    services.change_status(sheet, Status.PROPOSED, acting_user=editor, comment="prête")
    transition = StatusTransition.objects.get(sheet=sheet)
    assert (transition.from_status, transition.to_status) == (Status.DRAFT, Status.PROPOSED)
    record = history_of(sheet).get()
    assert record.verb == "sheet.status_changed"
    assert record.changes == [
        {"field": "status", "kind": "choice", "old": "draft", "new": "proposed"}
    ]
    assert record.comment == "prête"
    rendered = describe(record).changes
    assert [(c.label, c.old, c.new) for c in rendered] == [("Statut", "Brouillon", "Proposée")]


def test_refused_move_has_a_french_message():
    sheet = ActionSheetFactory(status=Status.DONE)
    with pytest.raises(workflow.TransitionError) as error:
        workflow.get_transition(sheet, Status.DRAFT)
    assert "Une fiche « Réalisée » ne peut pas passer au statut « Brouillon »" in str(error.value)
