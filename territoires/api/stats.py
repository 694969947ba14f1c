"""The programme's figures as of a day: GET /stats/national/?date= and
/stats/regions/{code}/?date= (the bilan, `steering.bilan`; decision 0019). Everyone reads
the public version; the complete one is for the national team, the operators and the
region's Région or State scopes (`permissions/bilan.py`)."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router

from territoires.permissions import policy_for
from territoires.referential.models import Region
from territoires.steering import cache as figures_cache
from territoires.steering.bilan import check_day

from .schemas.common import ErrorResponse
from .schemas.stats import Stats, StatsQuery

router = Router(tags=["Chiffres du programme"])


def _row(row, public):
    money = (
        {}
        if public
        else {
            "funded_actions": row.funded_actions,
            "committed": row.committed,
            "requested": row.requested,
            "paid": row.paid,
        }
    )
    return {
        "code": row.code,
        "label": row.label,
        "territories": row.territories,
        "validated_territories": row.validated_territories,
        "signed_territories": row.signed_territories,
        "actions": row.actions,
        **money,
    }


def _stats(request, query, region):
    day = check_day(query.date) if query.date else timezone.localdate()
    public = not policy_for(request.user).reads_full_bilan(region)
    bilan = figures_cache.bilan(day, region=region, public=public)
    return {
        "date": day,
        "region": {"code": region.code, "name": region.name} if region else None,
        "public": public,
        "headline": bilan.headline,
        "total": _row(bilan.total, public),
        "by_region": [_row(row, public) for row in bilan.by_region],
        "by_axis": [_row(row, public) for row in bilan.by_axis],
        "by_status": [_row(row, public) for row in bilan.by_status],
        "by_financer": [_row(row, public) for row in bilan.by_financer],
        "targets": [
            {
                "label": item.target.label,
                "metric": item.target.metric,
                "due_on": item.target.due_on,
                "value": item.target.value,
                "reached": item.reached,
                "percent": item.percent,
            }
            for item in bilan.progress
        ],
        "signed": [vars(item) for item in bilan.signed],
    }


@router.get(
    "/national/",
    response={200: Stats, 422: ErrorResponse},
    summary="Chiffres du programme à une date",
)
def national_stats(request, query: Query[StatsQuery]):
    """Le bilan national au jour demandé : territoires (gouvernance et plan validés,
    signés), actions, engagements financiers, par région, axe, statut et financeur,
    objectifs, territoires signataires ; reconstitué depuis l'historique des fiches, des
    lignes de financement et des étapes."""
    return _stats(request, query, None)


@router.get(
    "/regions/{code}/",
    response={200: Stats, 404: ErrorResponse, 422: ErrorResponse},
    summary="Chiffres d'une région à une date",
)
def region_stats(request, code: str, query: Query[StatsQuery]):
    """Le bilan d'une région au jour demandé (mêmes chiffres, sans les objectifs
    nationaux)."""
    return _stats(request, query, get_object_or_404(Region, code=code))
