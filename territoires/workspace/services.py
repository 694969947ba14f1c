"""The workspace's writes: following a fiche, the notification settings. Each records one
audit event, without a territory (a person's own choices are not news of the territory)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from territoires.audit import values
from territoires.audit.log import record
from territoires.core.locking import claim_version
from territoires.permissions import policy_for

from .models import Follow, NotificationSettings

SETTINGS_FIELDS = ("frequency",)


def _signed_in(acting_user):
    if acting_user is None or not acting_user.is_authenticated:
        raise PermissionDenied("Connectez-vous pour suivre une fiche.")


@transaction.atomic
def follow_sheet(sheet, *, acting_user):
    """`acting_user` follows the fiche (which they must see); following twice is one follow."""
    _signed_in(acting_user)
    if not policy_for(acting_user).can_view_sheet(sheet):
        raise PermissionDenied("Vous ne pouvez pas suivre cette fiche.")
    follow, created = Follow.objects.get_or_create(user=acting_user, sheet=sheet)
    if created:
        record("workspace.sheet_followed", sheet, acting_user=acting_user)
    return follow


@transaction.atomic
def unfollow_sheet(sheet, *, acting_user):
    _signed_in(acting_user)
    deleted, _ = Follow.objects.filter(user=acting_user, sheet=sheet).delete()
    if deleted:
        record("workspace.sheet_unfollowed", sheet, acting_user=acting_user)
    return bool(deleted)


def settings_of(user):
    """The user's notification settings (not saved when they never chose: the default)."""
    found = NotificationSettings.objects.filter(user=user).first()
    return found or NotificationSettings(user=user)


@transaction.atomic
def change_notification_settings(*, acting_user, frequency, expected_version=None):
    """Choose how often the notifications come by email (immediate, daily, weekly, none)."""
    _signed_in(acting_user)
    row, _ = NotificationSettings.objects.get_or_create(user=acting_user)
    current = claim_version(NotificationSettings, row.pk, expected_version)
    before = values.snapshot(current, SETTINGS_FIELDS)
    current.frequency = frequency
    current.full_clean(exclude=["user", "last_digest_at"])
    current.save(update_fields=["frequency"])
    changes = values.changes_between(before, values.snapshot(current, SETTINGS_FIELDS))
    if changes:
        record(
            "workspace.settings_changed",
            current,
            acting_user=acting_user,
            version=current.version,
            changes=changes,
            at=timezone.now(),
        )
    return current
