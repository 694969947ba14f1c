"""Error pages that need more than Django's defaults."""

from django.http import HttpResponseServerError
from django.shortcuts import render

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
