"""The programme's home page: a national overview by region, then the territories as a
searchable, paginated list (a fixed cost whatever the number of territories)."""

from django.db.models import Case, Count, IntegerField, Value, When
from django.shortcuts import render

from territoires.core.paging import page_of
from territoires.core.text import alphabetical, fold
from territoires.permissions import policy_for
from territoires.plans.models import ActionSheet
from territoires.referential.models import Region, Territory

from .forms import TerritorySearchForm

TERRITORIES_PER_PAGE = 50


def _matching_territories(q):
    """The territories whose code is `q` or whose name holds it, ignoring case and
    accents ("epinal" finds "Épinal"): folded in Python over the names alone, as many as
    there are territories (about 2,000 at ten times today's programme)."""
    wanted = fold(q)
    return [
        pk
        for pk, code, name in Territory.objects.order_by("pk").values_list("pk", "code", "name")
        if wanted == fold(code) or wanted in fold(name)
    ]


def in_french_order(regions):
    """An SQL expression giving each territory its region's rank in French alphabetical
    order (`regions`, sorted by `core.text.alphabetical`): the list is paged by the
    database in the order people read, Île-de-France between Hauts-de-France and La
    Réunion, where ORDER BY on the name puts it last."""
    return Case(
        *(When(region_id=region.pk, then=Value(rank)) for rank, region in enumerate(regions)),
        default=Value(len(regions)),
        output_field=IntegerField(),
    )


def index(request):
    """Regions with their territories and visible fiches; one page of territories, with
    the number of fiches the user may see in each."""
    visible = policy_for(request.user).visible_sheets(ActionSheet.objects.all()).order_by()
    sheets_by_region = dict(
        visible.values("territory__region_id")
        .annotate(count=Count("id"))
        .values_list("territory__region_id", "count")
    )
    regions = alphabetical(
        Region.objects.annotate(territory_count=Count("territories")).order_by("name")
    )
    for region in regions:
        region.visible_sheet_count = sheets_by_region.get(region.pk, 0)
    regions = [region for region in regions if region.territory_count]

    form = TerritorySearchForm(request.GET, regions=regions)
    territories = (
        Territory.objects.select_related("region", "stage")
        .alias(region_rank=in_french_order(regions))
        .order_by("region_rank", "code")
    )
    region_code, q = form.value("region"), form.value("q")
    if region_code:
        territories = territories.filter(region__code=region_code)
    if q:
        territories = territories.filter(pk__in=_matching_territories(q))
    page = page_of(request, territories, TERRITORIES_PER_PAGE)
    counts = dict(
        visible.filter(territory__in=[t.pk for t in page])
        .values("territory_id")
        .annotate(count=Count("id"))
        .values_list("territory_id", "count")
    )
    for territory in page:
        territory.visible_sheet_count = counts.get(territory.pk, 0)
    context = {
        "regions": regions,
        "territory_count": sum(region.territory_count for region in regions),
        "sheet_count": sum(sheets_by_region.values()),
        "form": form,
        "page": page,
        "filtered": bool(region_code or q),
    }
    return render(request, "home/home.html", context)
