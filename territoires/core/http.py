"""What a request says about its client, read the same way by every throttle."""

from django.conf import settings


def client_ip(request) -> str:
    """The client's IP address.

    Directly exposed (the default), it is REMOTE_ADDR. Behind the one reverse proxy of
    `DJANGO_BEHIND_PROXY=1`, REMOTE_ADDR is the proxy's, and the client is the right-most
    entry of X-Forwarded-For: the one our proxy appended. Entries further left come from
    the client itself and could be anything, so they are never trusted. Used by
    django-axes (AXES_CLIENT_IP_CALLABLE) and by the password reset's rate limit."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return remote
