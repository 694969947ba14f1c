"""Writes to accounts: API tokens, passwords, territory members, the emails that go
with them.

Every write that depends on who asks checks the policy first and records an audit event
(`membership.*`, `api_token.*`); the acting user is the keyword `acting_user`. Emails are
rendered here and sent by a background task (`territoires.accounts.tasks`).
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from territoires.audit import values
from territoires.audit.log import record
from territoires.core import ratelimit
from territoires.permissions import policy_for

from .identity import normalize_email
from .mail import password_set_link, render_email
from .models import ApiToken, Membership, User
from .tasks import send_email, send_password_reset

LAST_ADMIN_MESSAGE = (
    "Impossible : {user} est le dernier administrateur du territoire {territory}. "
    "Nommez d'abord un autre administrateur."
)
RESET_LIMITED_MESSAGE = (
    "Trop de demandes de nouveau mot de passe pour cette adresse ou depuis votre connexion. "
    "Réessayez dans {minutes} minutes : si un compte existe, le lien déjà envoyé reste "
    "valable."
)


# Emails -----------------------------------------------------------------------------


def enqueue_email(subject, body, recipients, html_body=None):
    """Queue an already rendered email for the background worker."""
    subject = "".join(subject.splitlines())
    return send_email.enqueue(subject, body, list(recipients), html_body)


def send_account_created_email(user, *, territory, role_label, base_url=None):
    """Tell a person added to a territory that their account exists, with the link to
    choose a password."""
    subject, body = render_email(
        "account_created",
        {
            "user": user,
            "territory": territory,
            "role_label": role_label,
            "link": password_set_link(user, base_url=base_url),
        },
    )
    return enqueue_email(subject, body, [user.email])


# Passwords --------------------------------------------------------------------------


def request_password_reset(email, *, ip_address, base_url=None):
    """Queue the email with the link to choose a new password for `email`.

    The same work whether an account exists or not (decision 0010): count the request
    against the address and the IP address (`RateLimitedError` past the limits, for an
    unknown address too), then enqueue one task, which looks the account up in the
    worker. Nothing here tells whether the address is known."""
    address = normalize_email(email)
    window = timedelta(minutes=settings.PASSWORD_RESET_WINDOW_MINUTES)
    ratelimit.allow(
        "password_reset",
        {
            "address": (address, settings.PASSWORD_RESET_LIMIT_PER_ADDRESS),
            "ip": (ip_address, settings.PASSWORD_RESET_LIMIT_PER_IP),
        },
        window=window,
        message=RESET_LIMITED_MESSAGE.format(minutes=settings.PASSWORD_RESET_WINDOW_MINUTES),
    )
    return send_password_reset.enqueue(address, base_url or settings.SITE_URL)


@transaction.atomic
def set_new_password(user, password):
    """Save the password chosen through a one-use link and revoke the account's API
    tokens: whoever needed a reset may not trust the tokens made before it. Returns the
    number of tokens revoked. (Sessions elsewhere end too: Django ties them to the
    password.)"""
    user.set_password(password)
    user.save(update_fields=["password"])
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


# API tokens -------------------------------------------------------------------------


@transaction.atomic
def issue_api_token(*, acting_user, name):
    """Create a personal API token for the acting user; return (token, clear key). Only a
    hash is stored: the clear key must be shown to the user once and is lost afterwards."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Donnez un nom au jeton (par exemple « tableur »)."})
    if not acting_user or not acting_user.is_authenticated or not acting_user.is_active:
        raise PermissionDenied("Connectez-vous pour créer un jeton.")
    token, key = ApiToken.issue(acting_user, name[:100])
    record("api_token.issued", token, acting_user=acting_user, data={"hint": token.hint})
    return token, key


@transaction.atomic
def revoke_api_token(token, *, acting_user):
    """Revoke a token: one's own, or anyone's for the national team (the admin)."""
    own = token.user_id == getattr(acting_user, "pk", None)
    if not own and not policy_for(acting_user).is_national:
        raise PermissionDenied("Vous ne pouvez révoquer que vos propres jetons.")
    if token.revoked_at is None:
        token.revoke()
        record("api_token.revoked", token, acting_user=acting_user, data={"hint": token.hint})
    return token


# Territory members -------------------------------------------------------------------

MEMBERSHIP_FIELDS = ("user", "role")


def _record(verb, membership, before, acting_user, **data):
    return record(
        verb,
        membership,
        acting_user=acting_user,
        territory=membership.territory_id,
        changes=values.changes_between(before, values.snapshot(membership, MEMBERSHIP_FIELDS)),
        data=data,
    )


def _check_can_manage(territory, acting_user):
    if not policy_for(acting_user).can_manage_members(territory):
        raise PermissionDenied("Vous ne pouvez pas gérer les membres de ce territoire.")


def _check_role(role):
    if role not in Membership.Role.values:
        raise ValidationError({"role": "Rôle inconnu."})


def _is_last_admin(membership):
    """True when `membership` is the territory's only administrator (rows locked)."""
    if membership.role != Membership.Role.ADMIN:
        return False
    admins = list(
        Membership.objects.select_for_update()
        .filter(territory_id=membership.territory_id, role=Membership.Role.ADMIN)
        .values_list("pk", flat=True)
    )
    return admins == [membership.pk]


def _last_admin_error(membership):
    return ValidationError(
        LAST_ADMIN_MESSAGE.format(user=membership.user, territory=membership.territory)
    )


@transaction.atomic
def add_member(territory, *, email, role, acting_user, first_name="", last_name="", base_url=None):
    """Give `email` a role on the territory.

    An unknown address gets a new account without a usable password and an email with
    the link to choose one. Returns (membership, account_created).
    """
    _check_can_manage(territory, acting_user)
    _check_role(role)
    email = normalize_email(email)
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": "Adresse électronique invalide."}) from exc
    user = User.objects.filter(email=email).first()
    created = user is None
    if created:
        user = User(email=email, first_name=first_name.strip(), last_name=last_name.strip())
        user.set_unusable_password()
        user.save()
    elif Membership.objects.filter(user=user, territory=territory).exists():
        raise ValidationError(
            {"email": f"{user} est déjà membre du territoire : changez plutôt son rôle."}
        )
    membership = Membership.objects.create(user=user, territory=territory, role=role)
    _record("membership.added", membership, {}, acting_user, account_created=created)
    if created:
        send_account_created_email(
            user,
            territory=territory,
            role_label=membership.get_role_display(),
            base_url=base_url,
        )
    return membership, created


@transaction.atomic
def change_member_role(membership, role, *, acting_user):
    """Change a member's role; the territory keeps at least one administrator."""
    _check_can_manage(membership.territory, acting_user)
    _check_role(role)
    if role == membership.role:
        return membership
    if _is_last_admin(membership):
        raise _last_admin_error(membership)
    before = values.snapshot(membership, MEMBERSHIP_FIELDS)
    membership.role = role
    membership.save(update_fields=["role"])
    _record("membership.role_changed", membership, before, acting_user)
    return membership


@transaction.atomic
def remove_member(membership, *, acting_user):
    """Take a member off the territory; the last administrator cannot be removed."""
    _check_can_manage(membership.territory, acting_user)
    if _is_last_admin(membership):
        raise _last_admin_error(membership)
    before = values.snapshot(membership, MEMBERSHIP_FIELDS)
    record(
        "membership.removed",
        membership,
        acting_user=acting_user,
        territory=membership.territory_id,
        changes=values.changes_between(before, {}),
    )
    membership.delete()
