"""A territory's page with its plan as a filterable table, the recording of its
programme stage (date and document of the step) and of its fragility."""

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from territoires.core.forms import show_errors
from territoires.core.paging import page_of
from territoires.organisations.models import GovernanceRole, Partnership
from territoires.organisations.services import active_roles
from territoires.pages.shortcuts import breadcrumb, get_territory
from territoires.permissions import policy_for
from territoires.plans.services import plan_sheets
from territoires.referential.models import StageChange, Territory, TerritoryEpci
from territoires.referential.services import (
    attach_stage_document,
    change_territory_stage,
    set_fragility,
)

from .forms import FragilityForm, PlanFilterForm, StageDocumentForm, StageForm

Role = GovernanceRole.Role
# The plan table shows this many fiches a page: a fixed cost whatever the plan's size.
SHEETS_PER_PAGE = 50
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
    sheets = plan_sheets(territory, request.user, **{n: filters.value(n) for n in names})
    return {
        "territory": territory,
        "page": page_of(request, sheets, SHEETS_PER_PAGE),
        "filters": filters,
        "filtered": any(filters.value(name) for name in names),
    }


def detail(request, territory_code):
    """A territory: who it is, who steers it, and its action plan as a filterable table."""
    territory = get_territory(territory_code)
    plan_context = _plan_context(request, territory, request.GET)
    if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted"):
        response = render(request, "territories/_plan_table.html", plan_context)
        patch_vary_headers(response, ["HX-Request"])
        return response

    response = render(
        request, "territories/territory.html", _territory_context(request, territory, plan_context)
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


def _steps(stages, changes):
    """Each stage of the programme with the last recorded move to it (its date and
    document), in the programme's order; `changes` newest first."""
    reached = {}
    for change in changes:
        reached.setdefault(change.to_stage_id, change)
    return [{"stage": stage, "change": reached.get(stage.pk)} for stage in stages]


def _territory_context(
    request, territory, plan_context, *, stage_form=None, fragility_form=None, document_error=None
):
    """Everything the territory page shows besides the plan table."""
    policy = policy_for(request.user)
    territory_full = (
        Territory.objects.filter(pk=territory.pk)
        .prefetch_related(
            "departments",
            Prefetch("epci_links", queryset=TerritoryEpci.objects.select_related("epci")),
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
    show_contacts = policy.can_see_contacts(territory)
    stage_changes = list(
        StageChange.objects.filter(territory=territory)
        .select_related("from_stage", "to_stage", "by")
        .order_by("-at", "-id")
    )
    context = {
        **plan_context,
        "territory": territory,
        "departments": list(territory_full.departments.all()),
        "epcis": list(territory_full.epci_links.all()),
        "governance": _governance(list(territory_full.governance.all())),
        "partnerships": list(territory_full.partnerships.all()),
        "show_contacts": show_contacts,
        "can_create": policy.can_create_sheet(territory),
        "can_manage_trash": policy.can_manage_trash(territory),
        "can_view_money": policy.can_read_restricted(territory),
        "new_sheet_url": reverse("plans:sheet_create", args=[territory.code]),
        "directory_url": reverse("directory:index", args=[territory.code]),
        "stage_changes": stage_changes,
        "steps": _steps(list(territory.programme.stages.order_by("position")), stage_changes),
        "stage_form": stage_form,
        "can_see_fragility": policy.can_see_fragility(territory),
        "fragility_form": fragility_form,
        "can_change_stage": policy.can_change_stage(territory),
        "document_error": document_error or (None, ""),
        "breadcrumb": breadcrumb((territory.name, None)),
    }
    if policy.can_change_stage(territory) and stage_form is None:
        context["stage_form"] = StageForm(programme=territory.programme)
    if policy.can_flag_fragile(territory) and fragility_form is None:
        context["fragility_form"] = FragilityForm(
            initial={"is_fragile": territory.is_fragile, "fragile_reason": territory.fragile_reason}
        )
    return context


@require_POST
def stage(request, territory_code):
    """Record the territory's new programme stage (Région, State, national team)."""
    territory = get_territory(territory_code)
    if not policy_for(request.user).can_change_stage(territory):
        raise PermissionDenied("Vous ne pouvez pas changer l'étape de ce territoire.")
    form = StageForm(request.POST, request.FILES, programme=territory.programme)
    if form.is_valid():
        try:
            change = change_territory_stage(
                territory,
                form.cleaned_data["stage"],
                acting_user=request.user,
                comment=form.cleaned_data["comment"],
                reached_on=form.cleaned_data["reached_on"],
                document=form.cleaned_data["document"],
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(
                request, f"Le territoire est maintenant à l'étape « {change.to_stage} »."
            )
            return redirect(reverse("territories:detail", args=[territory.code]) + "#etape")
    plan_context = _plan_context(request, territory, {})
    context = _territory_context(request, territory, plan_context, stage_form=form)
    return render(request, "territories/territory.html", context, status=400)


@require_POST
def fragility(request, territory_code):
    """Mark the territory fragile, with the reason, or no longer (Région, State,
    national team)."""
    territory = get_territory(territory_code)
    if not policy_for(request.user).can_flag_fragile(territory):
        raise PermissionDenied("Vous ne pouvez pas signaler la fragilité de ce territoire.")
    form = FragilityForm(request.POST)
    if form.is_valid():
        try:
            set_fragility(
                territory,
                acting_user=request.user,
                is_fragile=form.cleaned_data["is_fragile"],
                reason=form.cleaned_data["fragile_reason"],
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(
                request,
                "Le territoire est signalé fragile."
                if territory.is_fragile
                else "Le territoire n'est plus signalé fragile.",
            )
            return redirect(reverse("territories:detail", args=[territory.code]) + "#etape")
    plan_context = _plan_context(request, territory, {})
    context = _territory_context(request, territory, plan_context, fragility_form=form)
    return render(request, "territories/territory.html", context, status=400)


def stage_document(request, territory_code, pk):
    """The document of a step (the signed protocol, the contract): public, as the signed
    acts of the programme are."""
    territory = get_territory(territory_code)
    change = get_object_or_404(StageChange, pk=pk, territory=territory)
    if not change.document:
        raise Http404("Aucun document pour cette étape.")
    try:
        handle = change.document.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("Fichier introuvable.") from exc
    return FileResponse(handle, as_attachment=True, filename=Path(change.document.name).name)


@require_POST
def stage_document_add(request, territory_code, pk):
    """Attach or replace the document of a recorded step (Région, State, national team)."""
    territory = get_territory(territory_code)
    change = get_object_or_404(StageChange, pk=pk, territory=territory)
    if not policy_for(request.user).can_change_stage(territory):
        raise PermissionDenied("Vous ne pouvez pas modifier les étapes de ce territoire.")
    form = StageDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attach_stage_document(
                change, acting_user=request.user, document=form.cleaned_data["document"]
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, f"Document de l'étape « {change.to_stage} » enregistré.")
            return redirect(reverse("territories:detail", args=[territory.code]) + "#etape")
    error = " ".join(message for messages_ in form.errors.values() for message in messages_)
    plan_context = _plan_context(request, territory, {})
    context = _territory_context(
        request, territory, plan_context, document_error=(change.pk, error)
    )
    return render(request, "territories/territory.html", context, status=400)
