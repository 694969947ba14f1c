"""Helpers shared by the apps' views: the territory of a URL, breadcrumbs, form errors."""

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
    crumbs = [("Accueil", reverse("referential:home"))]
    if territory is not None:
        crumbs.append((territory.name, reverse("referential:territory", args=[territory.code])))
    return [*crumbs, *items]


def show_errors(form, error):
    """A service's ValidationError on the form: on its field when shown, else on top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
