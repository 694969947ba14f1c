"""The programme's home (territories by region), a territory's page with its plan, and the
recording of its programme stage."""

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from territoires.accounts.policy import policy_for
from territoires.core.views import breadcrumb, get_territory
from territoires.organisations.models import GovernanceRole, Partnership
from territoires.organisations.services import active_roles
from territoires.plans.forms import PlanFilterForm
from territoires.plans.models import ActionSheet
from territoires.plans.services import plan_sheets

from .forms import StageForm
from .models import StageChange, Territory, TerritoryEpci
from .services import change_territory_stage

Role = GovernanceRole.Role
GOVERNANCE_GROUPS = [
    (
        "Binôme",
        "Le binôme élu / industriel qui pilote le territoire",
        [
            Role.ELECTED_PILOT,
            Role.INDUSTRIAL_PILOT,
        ],
    ),
    ("Chef de projet", "", [Role.PROJECT_MANAGER]),
    ("Comité de projet", "", [Role.PROJECT_COMMITTEE]),
    ("Comité de suivi", "", [Role.MONITORING_COMMITTEE]),
    ("Contacts", "", [Role.OTHER]),
]


def home(request):
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
    return render(request, "referential/home.html", context)


def _governance(roles):
    """The current roles in GOVERNANCE_GROUPS, leaving out the empty groups."""
    groups = []
    for title, description, codes in GOVERNANCE_GROUPS:
        members = [role for role in roles if role.role in codes]
        members.sort(key=lambda r: (codes.index(r.role), r.person.last_name, r.person.first_name))
        if members:
            groups.append({"title": title, "description": description, "members": members})
    return groups


def _plan_context(request, territory, data):
    """The plan table: the fiches the user may see, filtered by `data` (axis, status, q)."""
    filters = PlanFilterForm(data, axes=list(territory.programme.axes.all()))
    names = ("axis", "status", "q")
    return {
        "territory": territory,
        "sheets": plan_sheets(territory, request.user, **{n: filters.value(n) for n in names}),
        "filters": filters,
        "filtered": any(filters.value(name) for name in names),
    }


def territory(request, code):
    """A territory: who it is, who steers it, and its action plan as a filterable table."""
    territory = get_territory(code)
    plan_context = _plan_context(request, territory, request.GET)
    if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted"):
        response = render(request, "referential/_plan_table.html", plan_context)
        patch_vary_headers(response, ["HX-Request"])
        return response

    response = render(
        request, "referential/territory.html", _territory_context(request, territory, plan_context)
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


def _territory_context(request, territory, plan_context, *, stage_form=None):
    """Everything the territory page shows besides the plan table."""
    policy = policy_for(request.user)
    territory_full = (
        Territory.objects.filter(pk=territory.pk)
        .prefetch_related(
            "departments",
            Prefetch("memberships", queryset=TerritoryEpci.objects.select_related("epci")),
            Prefetch(
                "governance",
                queryset=GovernanceRole.objects.filter(active_roles()).select_related(
                    "person__organisation", "organisation"
                ),
            ),
            Prefetch(
                "partnerships",
                queryset=Partnership.objects.select_related("organisation"),
            ),
        )
        .get()
    )
    show_contacts = policy.can_read_restricted(territory)
    context = {
        **plan_context,
        "territory": territory,
        "departments": list(territory_full.departments.all()),
        "epcis": list(territory_full.memberships.all()),
        "governance": _governance(list(territory_full.governance.all())),
        "partnerships": list(territory_full.partnerships.all()),
        "show_contacts": show_contacts,
        "can_create": policy.can_create_sheet(territory),
        "can_manage_trash": policy.can_manage_trash(territory),
        "new_sheet_url": reverse("plans:sheet_create", args=[territory.code]),
        "directory_url": reverse("organisations:directory", args=[territory.code]),
        "stage_changes": list(
            StageChange.objects.filter(territory=territory)
            .select_related("from_stage", "to_stage", "by")
            .order_by("-at", "-id")
        ),
        "stage_form": stage_form,
        "breadcrumb": breadcrumb((territory.name, None)),
    }
    if policy.can_change_stage(territory) and stage_form is None:
        context["stage_form"] = StageForm(programme=territory.programme)
    return context


@require_POST
def territory_stage(request, code):
    """Record the territory's new programme stage (Région, State, national team)."""
    territory = get_territory(code)
    if not policy_for(request.user).can_change_stage(territory):
        raise PermissionDenied("Vous ne pouvez pas changer l'étape de ce territoire.")
    form = StageForm(request.POST, programme=territory.programme)
    if form.is_valid():
        try:
            change = change_territory_stage(
                territory,
                form.cleaned_data["stage"],
                user=request.user,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request, f"Le territoire est maintenant à l'étape « {change.to_stage} »."
            )
            return redirect(reverse("referential:territory", args=[territory.code]) + "#etape")
    plan_context = _plan_context(request, territory, {})
    context = _territory_context(request, territory, plan_context, stage_form=form)
    return render(request, "referential/territory.html", context, status=400)
