"""The accounts' emails: the one-use link to choose a password, and rendering.

Shared by the services (which enqueue) and the tasks (which send), so that neither
imports the other."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.template import loader
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


def password_set_link(user, *, base_url=None):
    """The one-use link where `user` chooses a (new) password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return (base_url or settings.SITE_URL).rstrip("/") + path


def render_email(name, context):
    """(subject, body) of `accounts/email/<name>.txt` and its `_subject.txt`."""
    context = {"platform_name": settings.PLATFORM_NAME, **context}
    subject = loader.render_to_string(f"accounts/email/{name}_subject.txt", context)
    body = loader.render_to_string(f"accounts/email/{name}.txt", context)
    return "".join(subject.splitlines()), body
