"""Fiches action: list, detail, partial update and history.

What the caller may see or do is decided by the policy only. A fiche the caller may not
see answers 404, exactly like a fiche that does not exist. A deleted fiche is absent from
every answer, for everybody: it lives in its territory's bin, a page.
"""

from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpResponse
from ninja import Query, Router
from ninja.pagination import paginate

from territoires.audit.readers import history_of
from territoires.audit.render import describe
from territoires.organisations.models import Person
from territoires.permissions import policy_for
from territoires.plans import workflow
from territoires.plans.models import ActionSheet, Tag
from territoires.plans.search import search_sheets

from . import editing
from .errors import ApiError
from .lookups import visible_sheet
from .pagination import Mapped, Page, TwoStep
from .schemas.action_sheets import (
    ActionSheetDetail,
    ActionSheetPatch,
    ActionSheetSummary,
    ChangeRecordOut,
    SheetFilters,
)
from .schemas.common import ErrorResponse

router = Router(tags=["Fiches action"])

LIST_RELATED = ("territory", "axis", "lead_organisation")
# The list's order, served by the index action_sheet_list_order; its cursor's keys.
LIST_ORDER = ("territory_id", "sort_key", "pk")
# What a summary shows (ActionSheetSummary) and its cursor needs: the list reads no more.
SUMMARY_COLUMNS = (
    "code",
    "sort_key",
    "title",
    "status",
    "visibility",
    "end_date",
    "version",
    "priority",
    "start_date",
    "budget_total",
    "is_example",
    "updated_at",
    "territory__code",
    "territory__name",
    "axis__code",
    "axis__name",
    "lead_organisation__name",
)


def _detail_queryset():
    people = Person.objects.select_related("organisation")
    return ActionSheet.objects.select_related(
        *LIST_RELATED, "presenter__organisation"
    ).prefetch_related(
        "tags",
        "partners",
        Prefetch("related_sheets", ActionSheet.objects.alive()),
        "steps",
        "indicators",
        "links",
        "documents",
        Prefetch("pilots", people),
    )


def _for_caller(sheet, user):
    """Attach what depends on the caller: visible related fiches, rights, transitions."""
    policy = policy_for(user)
    sheet.visible_related = [
        {"id": other.pk, "code": other.code, "title": other.title}
        for other in sheet.related_sheets.all()
        if other.deleted_at is None and policy.can_view_sheet(other)
    ]
    sheet.caller_can_edit = policy.can_edit_sheet(sheet)
    if sheet.caller_can_edit or policy.can_validate(sheet.territory_id):
        sheet.caller_transitions = [
            {"status": t.target, "label": t.label}
            for t in workflow.transitions_from(sheet)
            if policy.can_apply(sheet, t)
        ]
    else:
        sheet.caller_transitions = []
    return sheet


def _detail_response(response, sheet):
    response["ETag"] = f'"{sheet.version}"'
    return sheet


@router.get(
    "/",
    response={200: list[ActionSheetSummary], 422: ErrorResponse},
    summary="Liste des fiches action",
)
@paginate(Page, keyset=LIST_ORDER)
def list_action_sheets(request, filters: Query[SheetFilters]):
    """Les fiches que l'appelant peut voir (publiées pour un visiteur anonyme), par
    territoire puis dans l'ordre du plan ; avec `q`, les plus pertinentes d'abord.

    `q` cherche dans le code, le titre, le contexte et les objectifs (recherche plein
    texte en français). Pour parcourir toute la liste, suivez `next_cursor` (paramètre
    `cursor`) plutôt que les numéros de page."""
    keys = policy_for(request.user).visible_sheets(ActionSheet.objects.all())
    if filters.territory:
        keys = keys.filter(territory__code=filters.territory)
    if filters.axis:
        keys = keys.filter(axis__code=filters.axis)
    if filters.status:
        keys = keys.filter(status=filters.status)
    if filters.tag:
        # Among the visible fiches only: a tag on hidden fiches finds nothing, like an
        # unknown one.
        keys = keys.filter(
            Exists(Tag.objects.filter(name__iexact=filters.tag.strip(), actionsheet=OuterRef("pk")))
        )
    if filters.q and filters.q.strip():
        keys = search_sheets(keys, filters.q, rank=True).order_by("-search_rank", *LIST_ORDER)
    else:
        keys = keys.order_by(*LIST_ORDER)
    rows = (
        ActionSheet.objects.select_related(*LIST_RELATED)
        .only(*SUMMARY_COLUMNS)
        .prefetch_related("tags")
    )
    return TwoStep(keys, rows)


@router.get(
    "/{int:sheet_id}/",
    response={200: ActionSheetDetail, 404: ErrorResponse},
    summary="Détail d'une fiche action",
)
def get_action_sheet(request, sheet_id: int, response: HttpResponse):
    """La fiche complète. L'en-tête ETag porte sa version, à renvoyer dans If-Match."""
    sheet = visible_sheet(request, sheet_id, queryset=_detail_queryset())
    return _detail_response(response, _for_caller(sheet, request.user))


@router.patch(
    "/{int:sheet_id}/",
    response={
        200: ActionSheetDetail,
        400: ErrorResponse,
        401: ErrorResponse,
        403: ErrorResponse,
        404: ErrorResponse,
        409: ErrorResponse,
        422: ErrorResponse,
    },
    summary="Modifier une fiche action",
)
def patch_action_sheet(request, sheet_id: int, payload: ActionSheetPatch, response: HttpResponse):
    """Modification partielle : seuls les champs envoyés changent.

    `version` (ou l'en-tête If-Match) est obligatoire : si la fiche a changé depuis, la
    réponse est 409 avec la version actuelle et rien n'est écrit. `status` (avec
    `status_comment`) fait avancer la fiche dans son workflow."""
    sheet = visible_sheet(request, sheet_id, queryset=_detail_queryset())
    data = payload.model_dump(exclude_unset=True)
    version = editing.expected_version(data.get("version"), request.headers.get("If-Match"))
    editing.patch_sheet(sheet, data, acting_user=request.user, version=version)
    sheet = _detail_queryset().get(pk=sheet.pk)
    return _detail_response(response, _for_caller(sheet, request.user))


@router.get(
    "/{int:sheet_id}/history/",
    response={200: list[ChangeRecordOut], 403: ErrorResponse, 404: ErrorResponse},
    summary="Historique d'une fiche action",
)
@paginate(Page)
def action_sheet_history(request, sheet_id: int):
    """Les modifications de la fiche, la plus récente d'abord (réservé au territoire)."""
    sheet = visible_sheet(request, sheet_id)
    if not policy_for(request.user).can_view_history(sheet):
        raise ApiError("forbidden", "L'historique de cette fiche est réservé à son territoire.")
    return Mapped(history_of(sheet), describe)
