"""The dashboards: national (`/tableau-de-bord/`), regional, territorial; the lists
behind their figures and one CSV file per figure. The figures come from
`steering.figures`; whether the reader sees the complete version (every fiche, money,
fragility) or the public one (published fiches) is the policy's (`perimeter_for`)."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from territoires.core.paging import page_of
from territoires.core.tabular import SafeWriter
from territoires.core.templatetags.territoires_ui import money
from territoires.core.text import alphabetical
from territoires.pages.shortcuts import breadcrumb, get_territory
from territoires.permissions import policy_for
from territoires.plans.models import Status
from territoires.programmes.models import Programme
from territoires.referential.models import Department, Region, Territory
from territoires.steering import cache as figures_cache
from territoires.steering import charts, figures, maps

from .forms import DashboardFilterForm

PER_PAGE = 50
NOT_PUBLIC = "Cette donnée est réservée aux partenaires qui lisent tout le périmètre."


def _refuse(request):
    """Money and fragility outside the complete version: the login page for a visitor,
    403 for a signed-in reader."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied(NOT_PUBLIC)


def _programme():
    return Programme.objects.filter(is_active=True).order_by("pk").first()


def _choices(programme, region=None):
    """The lists the filters offer and the figures show, read once."""
    regions = alphabetical(
        Region.objects.filter(territories__isnull=False).distinct().order_by("name")
    )
    departments = Department.objects.filter(territories__isnull=False)
    if region is not None:
        departments = departments.filter(region=region)
    phases = (
        Territory.objects.exclude(phase="")
        .order_by("phase")
        .values_list("phase", flat=True)
        .distinct()
    )
    return {
        "regions": regions,
        "departments": list(departments.distinct().order_by("code")),
        "phases": list(phases),
        "axes": list(programme.axes.order_by("position", "name")) if programme else [],
        "stages": list(programme.stages.order_by("position")) if programme else [],
    }


def _links(filters):
    names = {"sheets": "dashboards:sheets", "territories": "dashboards:territories"}
    return lambda kind, **params: reverse(names[kind]) + filters.query(**params)


def _board(filters, perimeter, programme, choices, *, national):
    """The figures of a dashboard (`national`: with its table by region)."""
    return figures.dashboard(
        filters,
        perimeter,
        programme=programme,
        axes=choices["axes"],
        stages=choices["stages"],
        regions=choices["regions"] if national else [],
        links=_links(filters),
    )


def _dashboard(request, *, title, crumbs, fixed, region=None, territory=None):
    programme = territory.programme if territory is not None else _programme()
    choices = figures_cache.cached(
        "dashboard-choices",
        (getattr(programme, "pk", None), getattr(region, "pk", None)),
        lambda: _choices(programme, region),
    )
    form = DashboardFilterForm(
        request.GET,
        regions=choices["regions"],
        departments=choices["departments"],
        phases=choices["phases"],
        axes=choices["axes"],
        fixed=[name for name in fixed if name != "territory"],
    )
    filters = form.filters(**fixed)
    perimeter = figures.perimeter_for(request.user, filters)

    def compute():
        national = region is None and territory is None
        board = _board(filters, perimeter, programme, choices, national=national)
        board_maps = _maps(filters, perimeter, board, region=region, territory=territory)
        return board, _charts(board), board_maps

    # The figures of the filters for this perimeter (complete or public): readers of the
    # same perimeter share them, others never (steering/cache.py).
    board, board_charts, board_maps = figures_cache.cached(
        "dashboard",
        (
            getattr(programme, "pk", None),
            getattr(region, "pk", None),
            getattr(territory, "pk", None),
            tuple(sorted(filters.params().items())),
            perimeter.complete,
        ),
        compute,
    )
    policy = policy_for(request.user)
    own_regions = [
        r for r in choices["regions"] if r.pk in policy.dashboard_regions() and r != region
    ]
    own_departments = [
        d
        for d in choices["departments"]
        if d.pk in policy.dashboard_departments() and d.code != filters.department
    ]
    context = {
        "title": title,
        "board": board,
        "form": form,
        "filters": filters,
        "programme": programme,
        "region": region,
        "territory": territory,
        "own_regions": own_regions,
        "own_departments": own_departments if territory is None else [],
        "csv_query": filters.query(),
        "charts": board_charts,
        "maps": board_maps,
        "map_credit": maps.CREDIT,
        "breadcrumb": crumbs,
        "today": timezone.localdate(),
    }
    return render(request, "dashboards/dashboard.html", context)


def _charts(board):
    """An SVG bar chart per figure (the table beside it holds the same numbers)."""

    def bars(title, rows, amounts=False):
        return charts.bars(
            title,
            [
                (row.label, row.amount if amounts else row.count, _text(row, amounts))
                for row in rows
            ],
        )

    result = {
        "etapes": bars("Territoires par étape", board.by_stage),
        "axes": bars("Fiches par axe", board.by_axis),
        "statuts": bars("Fiches par statut", [r for r in board.by_status if r.count]),
    }
    result["financeurs"] = (
        bars("Montants engagés par financeur", board.by_financer, amounts=True)
        if board.by_financer
        else None
    )
    return result


def _text(row, amounts):
    if amounts:
        return money(row.amount)
    return f"{row.count} ({row.share:.1f} %)".replace(".", ",") if row.share else str(row.count)


def _maps(filters, perimeter, board, *, region, territory):
    """The map of the fiches by region (national dashboard) and of the territories by
    department, each shape linked to the list behind it."""
    if territory is not None:
        return {}
    result = {}
    by_department = figures.department_counts(filters, perimeter)
    if region is None:
        query = filters.query()
        per_region = {
            row.key: (
                row.count,
                f"{row.label}, {row.count} fiche{'s' if row.count > 1 else ''}",
                reverse("dashboards:region", args=[row.key]) + query,
            )
            for row in board.by_region
            if row.extra["territories"]
        }
        areas = {
            department: per_region[region_code]
            for department, region_code in figures.department_regions().items()
            if region_code in per_region
        }
        result["regions"] = maps.france("Carte des fiches action par région", areas)
        result["regions_legend"] = maps.legend(
            max((r.count for r in board.by_region), default=0), "fiche", "fiches"
        )
    territories_url = reverse("dashboards:territories")
    areas = {
        code: (
            n,
            f"{n} territoire{'s' if n > 1 else ''}, {fiches} fiche{'s' if fiches > 1 else ''}",
            territories_url + filters.query(department=code),
        )
        for code, (_name, n, fiches) in by_department.items()
    }
    result["departments"] = maps.france("Carte des territoires par département", areas)
    result["departments_legend"] = maps.legend(
        max((n for _name, n, _fiches in by_department.values()), default=0),
        "territoire",
        "territoires",
    )
    result["departments_rows"] = sorted(
        (code, name, n, fiches) for code, (name, n, fiches) in by_department.items()
    )
    return result


def national(request):
    return _dashboard(
        request,
        title="Tableau de bord national",
        crumbs=breadcrumb(("Tableau de bord national", None)),
        fixed={},
    )


def region(request, region_code):
    region = get_object_or_404(Region, code=region_code)
    return _dashboard(
        request,
        title=f"Tableau de bord — Région {region.name}",
        crumbs=breadcrumb(
            ("Tableau de bord national", reverse("dashboards:national")), (region.name, None)
        ),
        fixed={"region": region.code},
        region=region,
    )


def territory(request, territory_code):
    territory = get_territory(territory_code)
    return _dashboard(
        request,
        title=f"Tableau de bord — {territory.name}",
        crumbs=breadcrumb(("Tableau de bord", None), territory=territory),
        fixed={"territory": territory.code, "region": "", "department": "", "phase": ""},
        territory=territory,
    )


# The lists behind the figures -----------------------------------------------------------


def _list_filters(request):
    """The filters of a list: the dashboard's, and the territory's code if any."""
    programme = _programme()
    choices = _choices(programme)
    form = DashboardFilterForm(
        request.GET,
        regions=choices["regions"],
        departments=choices["departments"],
        phases=choices["phases"],
        axes=choices["axes"],
    )
    filters = form.filters(territory=request.GET.get("territory", "")[:10])
    return form, filters, choices


def _described(filters, choices, extra):
    """The filters in words, for the list's heading."""
    names = {
        "region": {r.code: r.name for r in choices["regions"]},
        "axis": {a.code: a.name for a in choices["axes"]},
        "stage": {s.code: s.name for s in choices["stages"]} | {"-": "Étape non renseignée"},
        "status": dict(Status.choices),
    }
    words = []
    for name, label in (
        ("region", "Région"),
        ("department", "Département"),
        ("phase", "Phase"),
        ("territory", "Territoire"),
        ("axis", "Axe"),
    ):
        value = getattr(filters, name)
        if value:
            words.append(f"{label} : {names.get(name, {}).get(value, value)}")
    if filters.since:
        words.append(f"créées depuis le {filters.since:%d/%m/%Y}")
    if filters.until:
        words.append(f"créées jusqu'au {filters.until:%d/%m/%Y}")
    for name, label in (("status", "Statut"), ("stage", "Étape")):
        if extra.get(name):
            words.append(f"{label} : {names[name].get(extra[name], extra[name])}")
    for name, label in (
        ("late", "en retard"),
        ("committed", "avec un engagement ferme"),
        ("fragile", "fragiles"),
    ):
        if extra.get(name):
            words.append(label)
    return words


def _flag(request, name):
    return request.GET.get(name, "") in ("1", "on", "true")


def sheets(request):
    """The fiches behind a figure of a dashboard, 50 a page."""
    form, filters, choices = _list_filters(request)
    perimeter = figures.perimeter_for(request.user, filters)
    status = request.GET.get("status", "")
    status = status if status in Status.values else ""
    financer = request.GET.get("financer", "")
    financer = int(financer) if financer.isdigit() and len(financer) < 10 else None
    if (financer or _flag(request, "committed")) and not perimeter.complete:
        return _refuse(request)
    queryset = figures.sheet_list(
        filters,
        perimeter,
        status=status,
        is_late=_flag(request, "late"),
        committed=_flag(request, "committed"),
        financer=financer,
    )
    extra = {
        "status": status,
        "late": _flag(request, "late"),
        "committed": _flag(request, "committed") or financer,
    }
    context = {
        "title": "Fiches action",
        "page": page_of(request, queryset, PER_PAGE),
        "described": _described(filters, choices, extra),
        "perimeter": perimeter,
        "back": reverse("dashboards:national") + filters.query(),
        "breadcrumb": breadcrumb(
            ("Tableau de bord national", reverse("dashboards:national") + filters.query()),
            ("Fiches action", None),
        ),
        "today": timezone.localdate(),
    }
    return render(request, "dashboards/sheets.html", context)


def territories(request):
    """The territories behind a figure of a dashboard, 50 a page."""
    form, filters, choices = _list_filters(request)
    perimeter = figures.perimeter_for(request.user, filters)
    stage = request.GET.get("stage", "")[:50]
    fragile = _flag(request, "fragile")
    if fragile and not perimeter.complete:
        return _refuse(request)
    queryset = figures.territory_list(filters, perimeter, stage=stage, fragile=fragile)
    context = {
        "title": "Territoires",
        "page": page_of(request, queryset, PER_PAGE),
        "described": _described(filters, choices, {"stage": stage, "fragile": fragile}),
        "perimeter": perimeter,
        "breadcrumb": breadcrumb(
            ("Tableau de bord national", reverse("dashboards:national") + filters.query()),
            ("Territoires", None),
        ),
    }
    return render(request, "dashboards/territories.html", context)


# One CSV file per figure ------------------------------------------------------------------

FIGURES = {
    "etapes": ("Étape", "Territoires", "by_stage"),
    "axes": ("Axe", "Fiches", "by_axis"),
    "statuts": ("Statut", "Fiches", "by_status"),
    "regions": ("Région", "Fiches", "by_region"),
    "financeurs": ("Financeur", "Fiches avec un engagement ferme", "by_financer"),
    "objectifs": ("Objectif", "Atteint", "progress"),
    "departements": ("Département", "Territoires", None),
}


def figure_csv(request, figure):
    """A figure of the dashboard the filters describe, as a CSV file (every cell made safe
    for spreadsheets by `SafeWriter`)."""
    if figure not in FIGURES:
        raise Http404("Figure inconnue.")
    form, filters, choices = _list_filters(request)
    programme = _programme()
    perimeter = figures.perimeter_for(request.user, filters)
    if figure == "financeurs" and not perimeter.complete:
        return _refuse(request)
    first, count_label, attribute = FIGURES[figure]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tableau-de-bord-{figure}.csv"'
    response.write("\ufeff")
    writer = SafeWriter(response, delimiter=";")
    if figure == "departements":
        writer.writerow([first, "Nom", count_label, "Fiches"])
        for code, (name, n, sheets_count) in sorted(
            figures.department_counts(filters, perimeter).items()
        ):
            writer.writerow([code, name, n, sheets_count])
        return response
    board = _board(filters, perimeter, programme, choices, national=True)
    if figure == "objectifs":
        writer.writerow([first, "Indicateur", "Échéance", "Cible", count_label, "Part (%)"])
        for item in board.progress:
            writer.writerow(
                [
                    item.target.label,
                    item.target.get_metric_display(),
                    item.target.due_on.isoformat(),
                    item.target.value,
                    item.reached,
                    "" if item.percent is None else item.percent,
                ]
            )
        return response
    header = [first, count_label]
    if figure == "financeurs":
        header.append("Montant engagé (€)")
    elif figure == "regions":
        header.append("Territoires")
    else:
        header.append("Part (%)")
    writer.writerow(header)
    for row in getattr(board, attribute):
        cells = [row.label, row.count]
        if figure == "financeurs":
            cells.append(row.amount)
        elif figure == "regions":
            cells.append(row.extra["territories"])
        else:
            cells.append("" if row.share is None else row.share)
        writer.writerow(cells)
    return response
