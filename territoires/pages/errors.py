"""The error pages, inside the site (DSFR header, footer, French text): 400, 403 (and the
login page for an anonymous visitor), the CSRF failure (`CSRF_FAILURE_VIEW`), 404 (Django's
view with our `404.html`) and 500. Templates: `pages/templates/<code>.html`, on the DSFR
error page layout `errors/_error.html`."""

from urllib.parse import urlsplit

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest, RequestDataTooBig
from django.http import HttpResponseBadRequest, HttpResponseServerError
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.defaults import permission_denied as default_permission_denied

FALLBACK = (
    '<!doctype html><html lang="fr"><title>Erreur inattendue</title>'
    "<h1>Erreur inattendue</h1><p>Le service rencontre un problème. "
    "Réessayez plus tard.</p></html>"
)


def server_error(request):
    """The 500 page inside the site (header, footer, platform name): rendered with the
    request so that its context is complete; if even that fails, a plain French page."""
    try:
        return render(request, "500.html", status=500)
    except Exception:  # noqa: BLE001 - the error page must not fail in turn
        return HttpResponseServerError(FALLBACK)


def _next_url(request):
    """Where to come back after logging in: the page asked for; for a form sent (POST),
    the page it was sent from when it is one of ours, else its address."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        sent_from = urlsplit(referer)
        return sent_from.path + (f"?{sent_from.query}" if sent_from.query else "")
    return request.path


def permission_denied(request, exception):
    """A refusal (403). An anonymous visitor is sent to the login page with `next` (an
    account may well open the page); a signed-in user who may not gets the 403 page."""
    user = getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        return redirect_to_login(_next_url(request))
    return default_permission_denied(request, exception)


BAD_REQUEST_FALLBACK = (
    '<!doctype html><html lang="fr"><title>Requête incorrecte</title>'
    "<h1>Requête incorrecte</h1><p>La requête envoyée ne peut pas être traitée.</p></html>"
)


def bad_request(request, exception=None):
    """The 400 page inside the site, with the French reason of a refusal of ours
    (core.middleware: a NUL character…) or of a body too large."""
    if isinstance(exception, RequestDataTooBig):
        message = "Les données envoyées dépassent la taille maximale acceptée."
    elif isinstance(exception, BadRequest) and exception.args:
        message = str(exception)
    else:
        message = ""
    try:
        return render(request, "400.html", {"message": message}, status=400)
    except Exception:  # noqa: BLE001 - the error page must not fail in turn
        return HttpResponseBadRequest(BAD_REQUEST_FALLBACK)


def csrf_failure(request, reason=""):
    """A form refused by the CSRF check: expired, or cookies refused (CSRF_FAILURE_VIEW)."""
    return render(request, "403_csrf.html", status=403)


def too_many_requests(request, exc):
    """The 429 page of a rate-limited form (`core.errors.RateLimitedError`): its French
    message, and when to come back (`Retry-After`, in seconds)."""
    response = render(request, "429.html", {"message": exc.message}, status=429)
    if exc.retry_after:
        response["Retry-After"] = str(exc.retry_after)
    return response
