"""The pages a French public service must have, linked from the footer: accessibility
statement, legal notice, personal data, site map. Static text with the operator's
settings (`PLATFORM_OPERATOR`, `PLATFORM_CONTACT_EMAIL`, `PLATFORM_HOST`)."""

from django.conf import settings
from django.shortcuts import render

from territoires.pages.shortcuts import breadcrumb

# (title, view name) of the site map's entries, in its order.
SITEMAP = [
    ("Accueil : les territoires et leurs plans d’action", "home:index"),
    ("Connexion", "accounts:login"),
    ("Mot de passe oublié", "accounts:password_reset"),
    ("Mon compte et mes jetons d’API", "accounts:profile"),
    ("Documentation de l’API", "api-v1:openapi-view"),
    ("Accessibilité", "site:accessibility"),
    ("Mentions légales", "site:legal_notice"),
    ("Données personnelles", "site:personal_data"),
]


def _render(request, template, title, **context):
    context = {
        "breadcrumb": breadcrumb((title, None)),
        "operator": settings.PLATFORM_OPERATOR,
        "contact_email": settings.PLATFORM_CONTACT_EMAIL,
        "host": settings.PLATFORM_HOST,
        **context,
    }
    return render(request, template, context)


def accessibility(request):
    return _render(request, "site/accessibility.html", "Accessibilité")


def legal_notice(request):
    return _render(request, "site/legal_notice.html", "Mentions légales")


def personal_data(request):
    return _render(request, "site/personal_data.html", "Données personnelles")


def sitemap(request):
    return _render(request, "site/sitemap.html", "Plan du site", entries=SITEMAP)
