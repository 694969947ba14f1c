"""Optimistic locking: the one helper every versioned write goes through.

A versioned model has `version` (a positive integer) and `updated_at`. A write states
the version it was made from; `claim_version` locks the row (SELECT … FOR UPDATE on
PostgreSQL; SQLite has no row locks, its writers are serialised by the database),
refuses a stale edit, then claims the next version with a conditional UPDATE
(`… WHERE version = current`), so that two writers of the same version cannot both win
even without a row lock, and stamps `updated_at`. The caller then writes its change in
the same transaction; if anything fails, the claim rolls back with it.
"""

from django.db import transaction
from django.db.models import F
from django.db.transaction import TransactionManagementError
from django.utils import timezone

from .errors import StaleEditError


def claim_version(model, pk, expected_version=None, *, check=None, at=None):
    """Lock the row `pk` of `model`, refuse it if its version is not `expected_version`
    (when given), run `check(current)` (a permission or rule check that raises), then
    claim the next version and stamp `updated_at` with `at` (default: now).

    Returns the locked row, fresh from the database, with its new version and
    `updated_at` set. Raises StaleEditError(current) when the version is stale. Must be
    called inside `transaction.atomic()`.
    """
    if not transaction.get_connection(model._default_manager.db).in_atomic_block:
        raise TransactionManagementError("claim_version doit être appelé dans une transaction.")
    manager = model._default_manager
    current = manager.select_for_update().get(pk=pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleEditError(current)
    if check is not None:
        check(current)
    now = at or timezone.now()
    claimed = manager.filter(pk=pk, version=current.version).update(
        version=F("version") + 1, updated_at=now
    )
    if not claimed:  # another writer got there between our read and our update
        current.refresh_from_db()
        raise StaleEditError(current)
    current.version += 1
    current.updated_at = now
    return current
