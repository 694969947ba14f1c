"""Writes to accounts: API tokens, territory members, the emails that go with them.

Every write that depends on who asks checks the policy first; emails are rendered here
and sent by a background task (`territoires.accounts.tasks.send_email`).
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template import loader
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from territoires.permissions import policy_for

from .identity import normalize_email
from .models import ApiToken, Membership, User
from .tasks import send_email

LAST_ADMIN_MESSAGE = (
    "Impossible : {user} est le dernier administrateur du territoire {territory}. "
    "Nommez d'abord un autre administrateur."
)


# Emails -----------------------------------------------------------------------------


def enqueue_email(subject, body, recipients, html_body=None):
    """Queue an already rendered email for the background worker."""
    subject = "".join(subject.splitlines())
    return send_email.enqueue(subject, body, list(recipients), html_body)


def password_set_link(user, *, base_url=None):
    """The one-use link where `user` chooses a (new) password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return (base_url or settings.SITE_URL).rstrip("/") + path


def send_account_created_email(user, *, territory, role_label, base_url=None):
    """Tell a person added to a territory that their account exists, with the link to
    choose a password."""
    context = {
        "user": user,
        "territory": territory,
        "role_label": role_label,
        "link": password_set_link(user, base_url=base_url),
        "platform_name": settings.PLATFORM_NAME,
    }
    subject = loader.render_to_string("accounts/email/account_created_subject.txt", context)
    body = loader.render_to_string("accounts/email/account_created.txt", context)
    return enqueue_email(subject, body, [user.email])


# API tokens -------------------------------------------------------------------------


def issue_api_token(user, name):
    """Create a personal API token; return (token, clear key). Only a hash is stored: the
    clear key must be shown to the user once and is lost afterwards."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Donnez un nom au jeton (par exemple « tableur »)."})
    if not user or not user.is_authenticated or not user.is_active:
        raise PermissionDenied("Connectez-vous pour créer un jeton.")
    return ApiToken.issue(user, name[:100])


def revoke_api_token(token, *, user):
    """Revoke one of the user's own tokens; a token of somebody else is refused."""
    if token.user_id != getattr(user, "pk", None):
        raise PermissionDenied("Vous ne pouvez révoquer que vos propres jetons.")
    token.revoke()
    return token


# Territory members -------------------------------------------------------------------


def _check_can_manage(territory, user):
    if not policy_for(user).can_manage_members(territory):
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
def add_member(territory, *, email, role, by, first_name="", last_name="", base_url=None):
    """Give `email` a role on the territory.

    An unknown address gets a new account without a usable password and an email with
    the link to choose one. Returns (membership, account_created).
    """
    _check_can_manage(territory, by)
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
    if created:
        send_account_created_email(
            user,
            territory=territory,
            role_label=membership.get_role_display(),
            base_url=base_url,
        )
    return membership, created


@transaction.atomic
def change_member_role(membership, role, *, by):
    """Change a member's role; the territory keeps at least one administrator."""
    _check_can_manage(membership.territory, by)
    _check_role(role)
    if role == membership.role:
        return membership
    if _is_last_admin(membership):
        raise _last_admin_error(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def remove_member(membership, *, by):
    """Take a member off the territory; the last administrator cannot be removed."""
    _check_can_manage(membership.territory, by)
    if _is_last_admin(membership):
        raise _last_admin_error(membership)
    membership.delete()
