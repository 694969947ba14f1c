"""Funding: the catalogue of schemes, a fiche's financing plan, the suggested schemes.

The catalogue is public. A fiche's financing plan is read by those who read its
territory's restricted content and changed by those who edit the fiche (the policy);
an invisible or deleted fiche answers 404 as everywhere in the API."""

from django.core.exceptions import ValidationError
from ninja import Query, Router, Status
from ninja.pagination import paginate

from territoires.funding import catalogue, financing, suggestions
from territoires.funding.models import Scheme
from territoires.permissions import policy_for

from .errors import ApiError
from .lookups import visible_sheet
from .pagination import Page
from .schemas.common import ErrorResponse
from .schemas.funding import (
    FundingLineIn,
    FundingLineOut,
    FundingPlanOut,
    SchemeDetail,
    SchemeFilters,
    SchemeSummary,
    SuggestedScheme,
)

router = Router(tags=["Financements"])
sheets_router = Router(tags=["Financements"])

SCHEME_RELATED = ("financers", "axes")


@router.get(
    "/",
    response={200: list[SchemeSummary], 422: ErrorResponse},
    summary="Catalogue des dispositifs",
    auth=None,
)
@paginate(Page)
def list_schemes(request, filters: Query[SchemeFilters]):
    """Les dispositifs publiés, filtrés ; chacun avec l'adresse de sa source."""
    try:
        queryset = catalogue.search_schemes(
            q=filters.q or "",
            axis=filters.axis or "",
            beneficiary=filters.beneficiary or "",
            region=filters.region or "",
            open=filters.open,
        )
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ApiError("validation_error", messages[0], {"field": field}) from exc
    return queryset.prefetch_related(*SCHEME_RELATED)


@router.get(
    "/{int:scheme_id}/",
    response={200: SchemeDetail, 404: ErrorResponse},
    summary="Détail d'un dispositif",
    auth=None,
)
def get_scheme(request, scheme_id: int):
    scheme = (
        Scheme.objects.filter(pk=scheme_id, is_published=True)
        .prefetch_related(*SCHEME_RELATED, "instructors")
        .first()
    )
    if scheme is None:
        raise ApiError("not_found", "Dispositif introuvable.")
    return scheme


def _readable_plan(request, sheet_id):
    sheet = visible_sheet(request, sheet_id)
    if not policy_for(request.user).can_view_funding(sheet):
        raise ApiError(
            "forbidden", "Le plan de financement de cette fiche est réservé à son territoire."
        )
    return sheet


def _plan_out(sheet):
    plan = financing.financing_plan(sheet)
    return {
        "budget": plan.budget,
        "self_funding": plan.self_funding,
        "committed": plan.committed,
        "paid": plan.paid,
        "pending": plan.pending,
        "remaining": plan.remaining,
        "excess": plan.excess,
        "lines": plan.lines,
    }


@sheets_router.get(
    "/{int:sheet_id}/funding/",
    response={200: FundingPlanOut, 403: ErrorResponse, 404: ErrorResponse},
    summary="Plan de financement d'une fiche",
)
def get_funding(request, sheet_id: int):
    """Les lignes (financeur, dispositif, montant, nature, statut), l'autofinancement, ce
    qui est engagé, en attente, et le reste à financer."""
    return _plan_out(_readable_plan(request, sheet_id))


@sheets_router.post(
    "/{int:sheet_id}/funding/",
    response={
        201: FundingLineOut,
        401: ErrorResponse,
        403: ErrorResponse,
        404: ErrorResponse,
        422: ErrorResponse,
    },
    summary="Ajouter une ligne au plan de financement",
)
def add_funding_line(request, sheet_id: int, payload: FundingLineIn):
    """Une ligne « envisagé » ; sans `financer_id`, le financeur du dispositif."""
    sheet = _readable_plan(request, sheet_id)
    line = financing.add_line(
        sheet,
        acting_user=request.user,
        financer=payload.financer_id,
        scheme=payload.scheme_id,
        amount=payload.amount,
        nature=payload.nature,
        note=payload.note,
    )
    return Status(201, line)


@sheets_router.get(
    "/{int:sheet_id}/suggested-schemes/",
    response={200: list[SuggestedScheme], 404: ErrorResponse},
    summary="Dispositifs suggérés pour une fiche",
)
def suggested_schemes(request, sheet_id: int):
    """Les dispositifs ouverts qui conviennent à la fiche, les mieux placés d'abord, avec
    leurs raisons (axe, bénéficiaires, territoire, mots communs)."""
    sheet = visible_sheet(request, sheet_id)
    return [
        {
            "id": s.scheme.pk,
            "name": s.scheme.name,
            "source_url": s.scheme.source_url,
            "score": s.score,
            "reasons": s.reasons,
        }
        for s in suggestions.suggest(sheet, limit=20)
    ]
