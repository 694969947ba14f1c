"""Who is calling the API: a personal token, a browser session, or nobody.

- `Authorization: Bearer <key>`: the key is looked up by its hash; an unknown or revoked
  key is refused (401), never treated as an anonymous call.
- A logged-in browser uses its Django session; unsafe methods then need the CSRF token.
- Without either, reading (GET, HEAD, OPTIONS) is allowed as an anonymous visitor, who
  sees what the policy shows to the public; writing needs an account (401).
"""

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security.http import HttpBearer
from ninja.utils import check_csrf

from territoires.accounts.models import ApiToken

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LAST_USED_PRECISION = timedelta(minutes=1)


def authenticate_token(key: str):
    """The active token of this clear key, or AuthenticationError. Records its last use."""
    token = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()
    if token is None:
        raise AuthenticationError(message="Jeton d'API inconnu.")
    if not token.is_active:
        raise AuthenticationError(message="Ce jeton d'API a été révoqué.")
    if not token.user.is_active:
        raise AuthenticationError(message="Le compte de ce jeton d'API est désactivé.")
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        # At most one write a minute per token, whatever the traffic.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


class ApiAuth(HttpBearer):
    """Bearer token, else session (with CSRF on writes), else anonymous reading."""

    openapi_description = (
        "Jeton personnel révocable : en-tête « Authorization: Bearer <jeton> ». "
        "Un navigateur connecté utilise aussi sa session. Sans authentification, la lecture "
        "ne montre que le contenu public."
    )
    # Tells ninja's docs page that session calls need the CSRF token.
    csrf = True

    def __call__(self, request):
        header = request.headers.get("Authorization")
        if header is not None:
            return self._from_header(request, header)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if request.method not in SAFE_METHODS and check_csrf(request) is not None:
                raise AuthorizationError(
                    message="Jeton CSRF absent ou invalide : rechargez la page et réessayez."
                )
            request.api_token = None
            return user
        if request.method in SAFE_METHODS:
            request.user = user or AnonymousUser()
            request.api_token = None
            return request.user  # an AnonymousUser instance is truthy: the call goes on
        raise AuthenticationError(
            message="Authentification requise : jeton d'API ou session ouverte."
        )

    def _from_header(self, request, header):
        scheme, _, key = header.strip().partition(" ")
        key = key.strip()
        if scheme.lower() != "bearer" or not key:
            raise AuthenticationError(
                message="En-tête Authorization invalide : « Bearer <jeton> » attendu."
            )
        token = authenticate_token(key)
        request.user = token.user
        request.api_token = token
        return token.user

    def authenticate(self, request, token):  # pragma: no cover - __call__ does the work
        return authenticate_token(token).user
