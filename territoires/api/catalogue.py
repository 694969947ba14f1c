"""The public catalogue of actions: the published fiches of every territory, searched in
French. Never a restricted fiche, whoever asks (plans.catalogue)."""

from django.urls import reverse
from ninja import Query, Router
from ninja.pagination import paginate

from territoires.funding.filters import funded_by
from territoires.plans import catalogue
from territoires.steering import cache as figures_cache

from .lookups import visible_sheet
from .pagination import Mapped, Page
from .schemas.catalogue import CatalogueEntry, CatalogueFilters, SimilarEntry
from .schemas.common import ErrorResponse

router = Router(tags=["Catalogue des actions"])
# GET /action-sheets/{id}/similar/, mounted under /action-sheets/ (api.py).
sheets_router = Router(tags=["Catalogue des actions"])


def _entry(sheet, q):
    territory = sheet.territory
    return {
        "id": sheet.pk,
        "code": sheet.code,
        "title": sheet.title,
        "title_html": str(catalogue.highlight(sheet.title, q)),
        "excerpt_html": str(catalogue.excerpt(sheet, q)),
        "territory": {"code": territory.code, "name": territory.name},
        "region": {"code": territory.region.code, "name": territory.region.name},
        "axis": {"code": sheet.axis.code, "name": sheet.axis.name},
        "status": sheet.status,
        "status_label": sheet.get_status_display(),
        "is_example": sheet.is_example,
        "url": reverse("plans:sheet_detail", args=[territory.code, sheet.code]),
    }


@router.get(
    "/",
    response={200: list[CatalogueEntry], 422: ErrorResponse},
    summary="Catalogue public des actions",
)
@paginate(Page)
def list_catalogue(request, filters: Query[CatalogueFilters]):
    """Les fiches publiées par tous les territoires (jamais une fiche restreinte, même
    pour un membre de son territoire) ; avec `q`, les plus pertinentes d'abord (recherche
    plein texte en français), les mots cherchés surlignés dans `title_html` et
    `excerpt_html`."""
    values = {name: (getattr(filters, name) or "") for name in CatalogueFilters.model_fields}
    financer = values.pop("financer") or None
    # The financer filter comes from the funding layer (above plans), composed here.
    condition = funded_by(financer, request.user) if financer else None
    sheets = catalogue.search_catalogue(**values, condition=condition)
    return Mapped(sheets, lambda sheet: _entry(sheet, values["q"]))


@sheets_router.get(
    "/{int:sheet_id}/similar/",
    response={200: list[SimilarEntry], 404: ErrorResponse},
    summary="Actions similaires d'autres territoires",
)
def similar_actions(request, sheet_id: int):
    """Les fiches publiées d'autres territoires les plus proches de celle-ci (mots
    communs, axe), la plus proche d'abord, chacune avec la raison de sa proposition.
    La fiche elle-même doit être visible par l'appelant (404 sinon)."""
    sheet = visible_sheet(request, sheet_id)
    return [
        {
            "id": other.pk,
            "code": other.code,
            "title": other.title,
            "territory": {"code": other.territory.code, "name": other.territory.name},
            "region": {"code": other.territory.region.code, "name": other.territory.region.name},
            "axis": {"code": other.axis.code, "name": other.axis.name},
            "status": other.status,
            "status_label": other.get_status_display(),
            "score": other.similarity,
            "reason": other.similarity_reason,
            "url": reverse("plans:sheet_detail", args=[other.territory.code, other.code]),
        }
        for other in figures_cache.similar(sheet)
    ]
