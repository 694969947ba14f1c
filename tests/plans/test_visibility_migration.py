"""The migration plans.0012 gives the fiches' events written before it the visibility
they changed, in their data, as the services now write it (decision 0019)."""

import importlib

import pytest
from django.apps import apps

from territoires.audit.models import AuditEvent
from territoires.plans import history
from territoires.plans.services import update_sheet

from ..factories import ActionSheetFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("territoires.plans.migrations.0012_visibility_in_history")


def test_old_events_that_changed_the_visibility_are_given_it(national):
    sheet = ActionSheetFactory(visibility="restricted")
    sheet = update_sheet(
        sheet, acting_user=national, expected_version=sheet.version, fields={"visibility": "public"}
    )
    written = AuditEvent.objects.get(object_id=sheet.pk, verb="sheet.updated")
    assert written.data == {"visibility": "public", "visibility_before": "restricted"}
    AuditEvent.objects.filter(pk=written.pk).update(data={"inspired": 1})
    title = {"field": "title", "kind": "text", "old": "A", "new": "B"}
    other = AuditEvent.objects.create(
        verb="sheet.updated",
        object_type="plans.actionsheet",
        object_id=sheet.pk,
        changes=[title],
    )
    created = AuditEvent.objects.create(
        verb="sheet.created",
        object_type="plans.actionsheet",
        object_id=sheet.pk,
        changes=[{"field": "visibility", "kind": "choice", "old": None, "new": "public"}],
    )

    migration.keep_visibility(apps, None)

    written.refresh_from_db()
    assert written.data == {
        "inspired": 1,
        "visibility": "public",
        "visibility_before": "restricted",
    }
    other.refresh_from_db()
    created.refresh_from_db()
    assert (other.data, created.data) == ({}, {})  # nothing to keep: not a change of it


def test_the_migration_keeps_what_the_services_keep():
    change = {"field": "visibility", "kind": "choice", "old": "public", "new": "restricted"}
    assert migration.visibility_state([change]) == history.visibility_state([change])
