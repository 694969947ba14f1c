"""Meetings (events) and the companies' feedback on the fiches.

A public meeting is read by everyone, a territory meeting by those who read the
territory's restricted content; an invisible meeting answers 404. The agenda shows only
the fiches the caller may see. A fiche's feedback is read by those who see its
territory's contact details (403 for the others who see the fiche); any signed-in caller
who sees the fiche and the meeting where it was presented may give feedback, once per
address (409 the second time)."""

from collections import Counter

from ninja import Query, Router, Status
from ninja.pagination import paginate

from territoires.core.http import client_ip
from territoires.meetings import feedback, services
from territoires.meetings.models import Interest, Meeting, SheetFeedback
from territoires.permissions import policy_for

from .errors import ApiError
from .lookups import visible_sheet
from .pagination import Page
from .schemas.common import ErrorResponse
from .schemas.meetings import EventDetail, EventFilters, EventSummary, FeedbackIn, FeedbackList

router = Router(tags=["Rencontres"])
sheets_router = Router(tags=["Rencontres"])


def _events(request):
    queryset = Meeting.objects.select_related("territory", "host_organisation")
    return policy_for(request.user).visible_meetings(queryset)


def _visible_event(request, event_id):
    meeting = _events(request).filter(pk=event_id).first()
    if meeting is None:
        raise ApiError("not_found", "Rencontre introuvable.")
    return meeting


@router.get(
    "/",
    response={200: list[EventSummary], 422: ErrorResponse},
    summary="Liste des rencontres",
)
@paginate(Page)
def list_events(request, filters: Query[EventFilters]):
    """Les rencontres visibles par l'appelant (After Work, comités, ateliers, réunions
    publiques), les plus récentes d'abord ; `territory` filtre sur un territoire."""
    queryset = _events(request)
    if filters.territory:
        queryset = queryset.filter(territory__code=filters.territory)
    return queryset.order_by("-date", "-start_time", "-id")


@router.get(
    "/{int:event_id}/",
    response={200: EventDetail, 404: ErrorResponse},
    summary="Détail d'une rencontre, avec son ordre du jour",
)
def get_event(request, event_id: int):
    """La rencontre, ses organisateurs et son ordre du jour (intervenants, fiches
    présentées avec leur présentateur, limitées aux fiches visibles par l'appelant)."""
    meeting = _visible_event(request, event_id)
    policy = policy_for(request.user)
    agenda = []
    for item in services.agenda(meeting):
        agenda.append(
            {
                "start_time": item.start_time,
                "duration_minutes": item.duration_minutes,
                "title": item.title,
                "speakers": [person.full_name for person in item.speakers.all()],
                "sheets": [
                    {
                        "id": p.sheet_id,
                        "code": p.sheet.code,
                        "title": p.sheet.title,
                        "presenter": p.presenter.full_name if p.presenter_id else None,
                    }
                    for p in item.presented_sheets.all()
                    if policy.can_view_sheet(p.sheet)
                ],
            }
        )
    meeting.agenda = agenda
    meeting.co_organiser_names = [o.name for o in meeting.co_organisers.order_by("name")]
    return meeting


@sheets_router.get(
    "/{int:sheet_id}/feedback/",
    response={200: FeedbackList, 403: ErrorResponse, 404: ErrorResponse},
    summary="Avis des entreprises sur une fiche",
)
def list_feedback(request, sheet_id: int):
    """Les avis donnés sur la fiche dans les rencontres où elle a été présentée, et leur
    décompte par intérêt. Réservé à ceux qui lisent les coordonnées du territoire."""
    sheet = visible_sheet(request, sheet_id)
    policy = policy_for(request.user)
    if not policy.can_read_restricted(sheet.territory_id):
        raise ApiError("forbidden", "Les avis sur cette fiche sont réservés à son territoire.")
    items = list(SheetFeedback.objects.filter(sheet=sheet).order_by("created_at", "id"))
    counts = Counter(item.interest for item in items)
    return {
        "sheet": sheet.code,
        "count": len(items),
        "interest": [
            {"interest": code, "label": label, "count": counts[code]}
            for code, label in Interest.choices
        ],
        "items": items,
    }


@sheets_router.post(
    "/{int:sheet_id}/feedback/",
    response={
        201: FeedbackList,
        401: ErrorResponse,
        404: ErrorResponse,
        409: ErrorResponse,
        422: ErrorResponse,
        429: ErrorResponse,
    },
    summary="Donner un avis sur une fiche présentée",
)
def give_feedback(request, sheet_id: int, payload: FeedbackIn):
    """Un avis (intérêt, besoins, engagements, commentaire, oubli) sur la fiche, pour une
    rencontre où elle a été présentée ; une seule fois par adresse."""
    if not request.user.is_authenticated:
        raise ApiError("unauthorized", "Authentification requise pour donner un avis.")
    sheet = visible_sheet(request, sheet_id)
    meeting = _visible_event(request, payload.meeting_id)
    user = request.user
    data = payload.dict(exclude={"meeting_id"})
    data["first_name"] = data["first_name"] or user.first_name or "—"
    data["last_name"] = data["last_name"] or user.last_name or "—"
    data["email"] = data["email"] or user.email
    item = feedback.give_feedback(
        meeting, sheet, acting_user=user, ip_address=client_ip(request), **data
    )
    return Status(
        201,
        {
            "sheet": sheet.code,
            "count": 1,
            "interest": [
                {
                    "interest": code,
                    "label": label,
                    "count": int(code == item.interest),
                }
                for code, label in Interest.choices
            ],
            "items": [item],
        },
    )
