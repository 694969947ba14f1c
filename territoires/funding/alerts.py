"""Alerts on the catalogue: a user saves a search, and is emailed the schemes that match it
and were added to the catalogue since the last email (daily or weekly), as
Aides-territoires alerts do.

`send_due_alerts()` is the periodic job: the task `funding.tasks.send_scheme_alerts`
runs it in the worker; `manage.py send_scheme_alerts --enqueue` queues that task (cron in
production, a loop of `scripts/serve.sh --demo` in the demo; docs/configuration.md).

Every email carries an unsubscribe link: a signed token naming the alert and its owner
(`unsubscribe_token`), which stops the alert without an account (`unsubscribe`), and the
same address in the List-Unsubscribe headers, for the mail clients' one-click button
(RFC 8058)."""

import datetime

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from territoires.audit import log, values

from . import catalogue
from .models import AlertFrequency, SchemeAlert

PERIOD = {
    AlertFrequency.DAILY: datetime.timedelta(days=1),
    AlertFrequency.WEEKLY: datetime.timedelta(days=7),
}
MAX_LISTED = 50
FIELDS = ("name", "q", "axis", "beneficiary", "region", "frequency")
UNSUBSCRIBE_SALT = "funding.alert-unsubscribe"


@transaction.atomic
def create_alert(*, acting_user, **fields):
    """Save a search of `acting_user` (name, q, axis, beneficiary, region, frequency)."""
    if acting_user is None or not acting_user.is_authenticated:
        raise PermissionDenied("Connectez-vous pour enregistrer une alerte.")
    alert = SchemeAlert(user=acting_user, **{k: v or "" for k, v in fields.items()})
    alert.frequency = alert.frequency or AlertFrequency.WEEKLY
    alert.full_clean(exclude=["user"])
    catalogue.search_schemes(**alert.filters())  # an unknown region or beneficiary is refused
    alert.save()
    log.record(
        "funding.alert_created",
        alert,
        acting_user=acting_user,
        changes=values.changes_between({}, values.snapshot(alert, FIELDS)),
    )
    return alert


@transaction.atomic
def delete_alert(alert, *, acting_user):
    if acting_user is None or alert.user_id != acting_user.pk:
        raise PermissionDenied("Cette alerte n'est pas la vôtre.")
    log.record(
        "funding.alert_deleted",
        alert,
        acting_user=acting_user,
        changes=values.changes_between(values.snapshot(alert, FIELDS), {}),
    )
    alert.delete()


def unsubscribe_token(alert):
    return signing.dumps({"a": alert.pk, "u": alert.user_id}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(alert):
    path = reverse("funding:alert_unsubscribe", args=[unsubscribe_token(alert)])
    return f"{settings.SITE_URL.rstrip('/')}{path}"


class BadUnsubscribeLink(ValueError):
    """The link was altered or badly copied."""


def read_unsubscribe_token(token):
    """The alert of an unsubscribe link, None when it no longer exists (already
    unsubscribed); BadUnsubscribeLink when the token is not one of ours."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        alert_id, user_id = int(data["a"]), int(data["u"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise BadUnsubscribeLink(
            "Ce lien de désabonnement n’est pas valable : il a été modifié ou mal copié."
        ) from exc
    return SchemeAlert.objects.filter(pk=alert_id, user_id=user_id).order_by("pk").first()


@transaction.atomic
def unsubscribe(alert, *, acting_user=None):
    """Stop an alert from its email's link: whoever holds the link may (it was sent to
    the alert's owner only), signed in or not."""
    log.record(
        "funding.alert_unsubscribed",
        alert,
        acting_user=acting_user if acting_user and acting_user.is_authenticated else None,
        changes=values.changes_between(values.snapshot(alert, FIELDS), {}),
        comment="Désabonnement par le lien de l'e-mail",
    )
    alert.delete()


def new_schemes(alert, now):
    """The open schemes matching the alert, added since its last email (or its creation)."""
    since = alert.last_sent_at or alert.created_at
    return catalogue.search_schemes(open=True, **alert.filters()).filter(
        created_at__gt=since, created_at__lte=now
    )


def due_alerts(now):
    alerts = SchemeAlert.objects.select_related("user").filter(user__is_active=True)
    return [
        alert
        for alert in alerts.order_by("pk")
        if (alert.last_sent_at or alert.created_at) <= now - PERIOD[alert.frequency]
    ]


def _message(alert, schemes):
    lines = [
        "Bonjour,",
        "",
        f"Nouveaux dispositifs pour votre alerte « {alert.name} » :",
        "",
    ]
    for scheme in schemes[:MAX_LISTED]:
        lines.append(f"- {scheme.name}")
        if scheme.source_url:
            lines.append(f"  {scheme.source_url}")
    if len(schemes) > MAX_LISTED:
        lines.append(f"… et {len(schemes) - MAX_LISTED} autres.")
    unsubscribe = unsubscribe_url(alert)
    lines += [
        "",
        f"— {settings.PLATFORM_NAME}",
        "",
        "Pour ne plus recevoir cette alerte (sans vous connecter) :",
        unsubscribe,
    ]
    plural = "x dispositifs" if len(schemes) > 1 else " dispositif"
    subject = f"{len(schemes)} nouveau{plural} : {alert.name}"
    return EmailMessage(
        subject,
        "\n".join(lines),
        settings.DEFAULT_FROM_EMAIL,
        [alert.user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def send_due_alerts(now=None):
    """Email each due alert's new schemes (none: no email) and start its next period.
    Returns the number of emails sent."""
    now = now or timezone.now()
    sent = 0
    for alert in due_alerts(now):
        schemes = list(new_schemes(alert, now))
        if schemes:
            sent += _message(alert, schemes).send()
        SchemeAlert.objects.filter(pk=alert.pk).update(last_sent_at=now)
    return sent
