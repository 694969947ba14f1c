"""Rate limits shared by every process: counted in the database, not in one worker's memory.

`allow(action, counted, window=...)` counts one request of `action` under each of
`counted` (name → (value, limit)) unless one of them already reached its limit inside the
window, in which case it raises `RateLimitedError` and counts nothing. The values are
stored as keyed digests (HMAC with the secret key): the table says how often, never who.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from .errors import RateLimitedError
from .models import Throttle


def _digest(action, name, value):
    message = f"{action}\x00{name}\x00{value}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def allow(action: str, counted: dict, *, window: timedelta, message: str):
    """Count one request of `action` for every (value, limit) of `counted`; raise
    RateLimitedError(message) without counting if any of them is already at its limit.

    A value of None or "" is not counted (an unknown IP address, say)."""
    now = timezone.now()
    keys = {
        _digest(action, name, value): limit
        for name, (value, limit) in counted.items()
        if value not in (None, "")
    }
    with transaction.atomic():
        Throttle.objects.filter(expires_at__lte=now).delete()
        seen = dict(
            Throttle.objects.filter(key__in=keys, expires_at__gt=now)
            .values_list("key")
            .annotate(n=Count("pk"))
            .order_by()
        )
        if any(seen.get(key, 0) >= limit for key, limit in keys.items()):
            raise RateLimitedError(message, retry_after=int(window.total_seconds()))
        Throttle.objects.bulk_create(Throttle(key=key, expires_at=now + window) for key in keys)
