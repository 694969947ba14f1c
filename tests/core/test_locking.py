"""The one optimistic-locking helper: lock, compare, claim the next version, stamp."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.transaction import TransactionManagementError
from django.utils import timezone

from territoires.core.errors import StaleEditError
from territoires.core.locking import claim_version
from territoires.plans.models import ActionSheet

from ..factories import ActionSheetFactory

pytestmark = pytest.mark.django_db


def test_claim_takes_the_next_version_and_stamps_the_time():
    sheet = ActionSheetFactory(version=3)
    when = timezone.make_aware(datetime.datetime(2026, 1, 2, 3, 4))

    with transaction.atomic():
        current = claim_version(ActionSheet, sheet.pk, 3, at=when)

    assert (current.version, current.updated_at) == (4, when)
    sheet.refresh_from_db()
    assert (sheet.version, sheet.updated_at) == (4, when)


def test_a_stale_version_is_refused_with_the_current_row_and_nothing_changes():
    sheet = ActionSheetFactory(version=5, title="Actuel")

    with pytest.raises(StaleEditError) as error, transaction.atomic():
        claim_version(ActionSheet, sheet.pk, 4)

    assert (error.value.current.version, error.value.current.title) == (5, "Actuel")
    assert error.value.details == {"current_version": 5, "id": sheet.pk}
    assert "modifiée entre-temps" in error.value.message
    sheet.refresh_from_db()
    assert sheet.version == 5


def test_the_check_runs_on_the_locked_row_and_a_refusal_claims_nothing():
    sheet = ActionSheetFactory(version=1)
    seen = []

    def refuse(current):
        seen.append(current.version)
        raise PermissionDenied("non")

    with pytest.raises(PermissionDenied), transaction.atomic():
        claim_version(ActionSheet, sheet.pk, 1, check=refuse)

    assert seen == [1]
    sheet.refresh_from_db()
    assert sheet.version == 1


def test_a_concurrent_claim_between_the_read_and_the_update_is_refused(monkeypatch):
    """SQLite has no row lock: the conditional UPDATE is what stops a second writer."""
    sheet = ActionSheetFactory(version=1)

    def someone_else_saves(current):
        ActionSheet.objects.filter(pk=current.pk).update(version=2)

    with pytest.raises(StaleEditError) as error, transaction.atomic():
        claim_version(ActionSheet, sheet.pk, 1, check=someone_else_saves)

    assert error.value.current.version == 2


@pytest.mark.django_db(transaction=True)
def test_the_helper_refuses_to_run_outside_a_transaction():
    sheet = ActionSheetFactory()
    with pytest.raises(TransactionManagementError):
        claim_version(ActionSheet, sheet.pk, sheet.version)
