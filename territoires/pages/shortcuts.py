"""Helpers shared by the pages: the territory of a URL, breadcrumbs."""

from django.http import Http404
from django.urls import reverse

from territoires.referential.models import Territory


def get_territory(code):
    """The territory with this code (the active programme's first), or 404."""
    territory = (
        Territory.objects.select_related("programme", "region", "stage")
        .filter(code=code)
        .order_by("-programme__is_active", "programme_id")
        .first()
    )
    if territory is None:
        raise Http404("Territoire introuvable.")
    return territory


def breadcrumb(*items, territory=None):
    """(label, url) pairs from the home page, through `territory`'s page when given; the
    last item, the current page, has no url."""
    crumbs = [("Accueil", reverse("home:index"))]
    if territory is not None:
        crumbs.append((territory.name, reverse("territories:detail", args=[territory.code])))
    return [*crumbs, *items]
