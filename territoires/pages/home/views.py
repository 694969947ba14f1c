"""The programme's home page: every territory, grouped by region."""

from itertools import groupby

from django.db.models import Count
from django.shortcuts import render

from territoires.permissions import policy_for
from territoires.plans.models import ActionSheet
from territoires.referential.models import Territory


def index(request):
    """Every territory, grouped by region, with the number of fiches the user may see."""
    policy = policy_for(request.user)
    counts = dict(
        policy.visible_sheets(ActionSheet.objects.all())
        .order_by()
        .values("territory_id")
        .annotate(count=Count("id"))
        .values_list("territory_id", "count")
    )
    territories = Territory.objects.select_related("region", "stage", "programme").order_by(
        "region__name", "code"
    )
    regions = []
    for region, items in groupby(territories, key=lambda t: t.region):
        rows = list(items)
        for territory in rows:
            territory.visible_sheet_count = counts.get(territory.pk, 0)
        regions.append({"region": region, "territories": rows})
    context = {
        "regions": regions,
        "territory_count": sum(len(r["territories"]) for r in regions),
        "sheet_count": sum(counts.values()),
    }
    return render(request, "home/home.html", context)
