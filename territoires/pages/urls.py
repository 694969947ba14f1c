"""The URLs of every page, included at the site root by `territoires/urls.py`."""

from django.urls import include, path

urlpatterns = [
    path("", include("territoires.pages.home.urls")),
    path("", include("territoires.pages.accounts.urls")),  # /compte/… and …/membres/
    path("", include("territoires.pages.plans.urls")),  # /territoires/<code>/fiches/…
    path("", include("territoires.pages.directory.urls")),  # /territoires/<code>/annuaire/…
    path("", include("territoires.pages.meetings.urls")),  # /territoires/<code>/rencontres/…
    path("", include("territoires.pages.territories.urls")),  # /territoires/<code>/
]
