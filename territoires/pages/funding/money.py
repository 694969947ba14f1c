"""The money views: a territory's, a Région's, the national one. Each counts the financing
lines of the territories the user reads (the policy decides); the national view also
shows the programme's targets, the Région's view what its territories bring to them."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from territoires.funding import money
from territoires.pages.shortcuts import breadcrumb, get_territory
from territoires.permissions import policy_for
from territoires.programmes.models import Programme
from territoires.referential.models import Region

REFUSED = "Les financements de ce périmètre sont réservés à ses membres."


def _refuse(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied(REFUSED)


def _render(request, title, view, crumbs, **extra):
    context = {
        "title": title,
        "view": view,
        "breadcrumb": crumbs,
        "territory": None,
        "region": None,
        **extra,
    }
    return render(request, "funding/money.html", context)


def territory_money(request, territory_code):
    territory = get_territory(territory_code)
    if not policy_for(request.user).can_read_restricted(territory):
        return _refuse(request)
    view = money.money_view(money.lines_of([territory.pk]))
    return _render(
        request,
        f"Financements — {territory.name}",
        view,
        breadcrumb(("Financements", None), territory=territory),
        territory=territory,
    )


def region_money(request, region_code):
    region = get_object_or_404(Region, code=region_code)
    readable = policy_for(request.user).readable_funding_territories()
    territories = region.territories.order_by("code")
    if readable is not None:
        territories = territories.filter(pk__in=readable)
    territory_ids = list(territories.values_list("pk", flat=True))
    if not territory_ids:
        return _refuse(request)
    programme = Programme.objects.filter(is_active=True).order_by("pk").first()
    view = money.money_view(money.lines_of(territory_ids), programme=programme)
    return _render(
        request,
        f"Financements — Région {region.name}",
        view,
        breadcrumb((f"Financements — {region.name}", None)),
        region=region,
    )


def national_money(request):
    if not policy_for(request.user).can_view_national_money():
        return _refuse(request)
    programme = Programme.objects.filter(is_active=True).order_by("pk").first()
    view = money.money_view(money.lines_of(), programme=programme)
    return _render(
        request,
        "Financements du programme",
        view,
        breadcrumb(("Financements du programme", None)),
        programme=programme,
    )
