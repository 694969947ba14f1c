"""Territories: public list and detail, with the counts of fiches the caller may see."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from ninja import Query, Router
from ninja.pagination import paginate

from territoires.organisations.models import GovernanceRole, Partnership
from territoires.organisations.services import active_roles
from territoires.permissions import policy_for
from territoires.plans.models import ActionSheet
from territoires.referential.models import Territory, TerritoryEpci

from .pagination import Page
from .schemas.common import ErrorResponse
from .schemas.territories import TerritoryDetail, TerritoryFilters, TerritorySummary

router = Router(tags=["Territoires"])


def visible_count(policy):
    """Subquery: the number of fiches of the outer territory that the policy shows."""
    sheets = (
        policy.visible_sheets(ActionSheet.objects.filter(territory=OuterRef("pk")))
        .order_by()
        .values("territory")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(sheets, output_field=IntegerField()), 0)


def territories(policy):
    return (
        Territory.objects.select_related("programme", "region", "stage")
        .prefetch_related(Prefetch("epci_links", TerritoryEpci.objects.select_related("epci")))
        .annotate(action_sheet_count=visible_count(policy))
        .order_by("code", "programme_id")
    )


@router.get(
    "/",
    response={200: list[TerritorySummary], 422: ErrorResponse},
    summary="Liste des territoires",
)
@paginate(Page)
def list_territories(request, filters: Query[TerritoryFilters]):
    """Les territoires labellisés, avec leurs EPCI et le nombre de fiches visibles."""
    queryset = territories(policy_for(request.user))
    if filters.region:
        queryset = queryset.filter(region__code=filters.region)
    if filters.programme:
        queryset = queryset.filter(programme__slug=filters.programme)
    return queryset


@router.get(
    "/{code}/",
    response={200: TerritoryDetail, 404: ErrorResponse},
    summary="Détail d'un territoire",
)
def get_territory(request, code: str, programme: str | None = None):
    """Gouvernance, EPCI, départements, partenaires et fiches visibles par axe."""
    policy = policy_for(request.user)
    queryset = territories(policy).prefetch_related(
        "departments",
        Prefetch(
            "governance",
            # Current roles only, as on the territory page: ended ones stay in the directory.
            GovernanceRole.objects.filter(active_roles())
            .select_related("person", "organisation")
            .order_by("role", "person__last_name", "person__first_name"),
        ),
        Prefetch(
            "partnerships",
            Partnership.objects.select_related("organisation").order_by("organisation__name"),
        ),
    )
    queryset = queryset.filter(code=code)
    if programme:
        queryset = queryset.filter(programme__slug=programme)
    territory = queryset.order_by("-programme__is_active", "programme_id").first()
    if territory is None:
        raise Http404
    counts = dict(
        policy.visible_sheets(ActionSheet.objects.filter(territory=territory))
        .order_by()
        .values_list("axis")
        .annotate(n=Count("pk"))
    )
    territory.axis_counts = [
        {"code": axis.code, "name": axis.name, "action_sheet_count": counts.get(axis.pk, 0)}
        for axis in territory.programme.axes.order_by("position", "name")
    ]
    return territory
