"""One source for a fiche's editable fields (plans/fields.py): the service, the history,
the form, the admin and the API derive from it."""

import pytest
from django.contrib import admin

from territoires.api.schemas.action_sheets import ActionSheetDetail, ActionSheetPatch
from territoires.pages.plans.forms import CHILD_FORMSETS, SheetForm
from territoires.plans import fields, history
from territoires.plans.models import ActionSheet

from ..factories import ActionSheetFactory

EDITABLE = {f.name for f in fields.EDITABLE}


def test_every_field_of_the_spec_is_a_field_of_the_fiche():
    for field in fields.FIELDS:
        model_field = ActionSheet._meta.get_field(field.name)
        assert bool(model_field.many_to_many) == (field.kind == fields.MANY), field.name
        assert bool(model_field.one_to_many) == (field.kind == fields.CHILDREN), field.name


def test_the_fiche_form_edits_the_spec_fields():
    form_fields = set(SheetForm._meta.fields) | {"tags"} | set(CHILD_FORMSETS)
    assert form_fields == EDITABLE


def test_the_admin_edits_the_spec_fields_but_the_rows():
    form = admin.site._registry[ActionSheet].form
    rows = {f.name for f in fields.EDITABLE if f.kind == fields.CHILDREN}
    assert set(form._meta.fields) == {"territory"} | EDITABLE - rows


def test_the_api_patch_schema_is_derived_from_the_spec():
    patch_fields = set(ActionSheetPatch.model_fields)
    assert patch_fields == EDITABLE | {"version", "comment", "status", "status_comment"}
    assert ActionSheetPatch.model_fields["axis"].description == "Code de l'axe."
    assert set(ActionSheetDetail.model_fields) >= EDITABLE


@pytest.mark.django_db
def test_the_history_snapshot_holds_every_tracked_field():
    snapshot = history.snapshot(ActionSheetFactory())
    assert list(snapshot) == [f.name for f in fields.FIELDS]
    assert history.displayed(snapshot)["visibility"] == "Publiée (catalogue public)"
