"""Notifications by email: one message listing the notifications not emailed yet, sent
at the rhythm each person chose (`NotificationSettings.frequency`: immediately, once a
day, once a week, never).

- `send_digest(user_id)` claims the user's notifications not emailed yet (stamping
  `emailed_at` with a conditional UPDATE) before sending: a retried or repeated task
  finds nothing left to send, so each notification is emailed once;
- `send_due_digests()` is the periodic job (`workspace.tasks.send_digests`, queued by
  `manage.py send_digests --enqueue`: cron in production, a loop of `make demo`);
- `tasks.send_immediately(user_ids)` queues a digest for those who chose "immediately",
  after the write that notified them is committed."""

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.urls import reverse
from django.utils import timezone

from territoires.accounts.models import User
from territoires.permissions import policy_for

from . import inbox
from .models import DEFAULT_FREQUENCY, DigestFrequency, Notification, NotificationSettings

PERIOD = {
    DigestFrequency.IMMEDIATE: datetime.timedelta(0),
    DigestFrequency.DAILY: datetime.timedelta(days=1),
    DigestFrequency.WEEKLY: datetime.timedelta(days=7),
}
MAX_LISTED = 50


def _link(path, base_url=None):
    return (base_url or settings.SITE_URL).rstrip("/") + path


def message(user, shown, base_url=None):
    """The digest email of `shown` notifications (French text and HTML)."""
    items = [
        {
            "headline": n.headline,
            "reason": n.reason,
            "kind": n.get_kind_display(),
            "link": _link(n.sheet.get_absolute_url(), base_url),
        }
        for n in shown[:MAX_LISTED]
    ]
    context = {
        "platform_name": settings.PLATFORM_NAME,
        "user": user,
        "items": items,
        "more": max(0, len(shown) - MAX_LISTED),
        "count": len(shown),
        "workspace_link": _link(reverse("workspace:index"), base_url),
        "settings_link": _link(reverse("workspace:settings"), base_url),
    }
    subject = loader.render_to_string("workspace/email/digest_subject.txt", context)
    text = loader.render_to_string("workspace/email/digest.txt", context)
    html = loader.render_to_string("workspace/email/digest.html", context)
    email = EmailMultiAlternatives(
        " ".join(subject.split()), text, settings.DEFAULT_FROM_EMAIL, [user.email]
    )
    email.attach_alternative(html, "text/html")
    return email


def send_digest(user_id, now=None, base_url=None):
    """Email the user's notifications not emailed yet, once. Returns the messages sent."""
    now = now or timezone.now()
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return 0
    waiting = Notification.objects.filter(recipient_id=user_id, emailed_at__isnull=True)
    # The stamp of this run (the clock's microseconds): the rows it claimed carry it.
    stamp = timezone.now()
    if not waiting.update(emailed_at=stamp):
        return 0
    # Bookkeeping of the period, not a choice of the person: no audit event.
    NotificationSettings.objects.update_or_create(user_id=user_id, defaults={"last_digest_at": now})
    claimed = inbox.visible(user, policy_for(user)).filter(emailed_at=stamp)
    shown = [inbox.show(n) for n in claimed]
    if not shown:
        return 0
    return message(user, shown, base_url).send()


def frequencies(user_ids):
    """{user id: frequency} for these users (the default for those who never chose)."""
    chosen = dict(
        NotificationSettings.objects.filter(user_id__in=user_ids).values_list(
            "user_id", "frequency"
        )
    )
    return {pk: chosen.get(pk, DEFAULT_FREQUENCY) for pk in user_ids}


def due_users(now):
    """The users with notifications to email whose period has passed."""
    waiting = sorted(
        set(
            Notification.objects.filter(emailed_at__isnull=True)
            .order_by()
            .values_list("recipient_id", flat=True)
        )
    )
    last = dict(
        NotificationSettings.objects.filter(user_id__in=waiting).values_list(
            "user_id", "last_digest_at"
        )
    )
    due = []
    for pk, frequency in frequencies(waiting).items():
        if frequency == DigestFrequency.NONE:
            continue
        if last.get(pk) is None or last[pk] <= now - PERIOD[frequency]:
            due.append(pk)
    return due


def send_due_digests(now=None, base_url=None):
    """The periodic job: each due user's digest. Returns the number of emails sent."""
    now = now or timezone.now()
    return sum(send_digest(pk, now, base_url) for pk in due_users(now))
