"""Forgotten topics (oublis) raised in the companies' feedback, and what the territory
makes of them: a new draft fiche in one click, its provenance kept (the fiche's context
quotes the oubli, who raised it and where; the audit log links both), or the topic
attached to an existing fiche. Either way the oubli is closed, once."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from territoires.audit.log import record
from territoires.core.errors import ConflictError
from territoires.permissions import policy_for
from territoires.plans import services as plan_services

from .models import SheetFeedback, TopicStatus

TITLE_LENGTH = 120


def open_oublis(meeting):
    return (
        SheetFeedback.objects.filter(meeting=meeting, topic_status=TopicStatus.OPEN)
        .exclude(forgotten_topic="")
        .select_related("sheet")
        .order_by("created_at", "id")
    )


def suggested_code(territory):
    """The next free "F<n>" of the territory (n above the highest used)."""
    return plan_services.next_free_code(territory)


def suggested_title(feedback):
    text = " ".join(feedback.forgotten_topic.split())
    return text if len(text) <= TITLE_LENGTH else text[: TITLE_LENGTH - 1].rstrip() + "…"


def provenance(feedback):
    meeting = feedback.meeting
    return (
        f"Oubli signalé par {feedback.first_name} {feedback.last_name} "
        f"({feedback.organisation_name}) lors de « {meeting.title} » du "
        f"{meeting.date:%d/%m/%Y}, dans son avis sur la fiche {feedback.sheet.code} : "
        f"« {feedback.forgotten_topic} »"
    )


def _claim(feedback, acting_user):
    current = (
        SheetFeedback.objects.select_for_update()
        .select_related("meeting", "sheet")
        .get(pk=feedback.pk)
    )
    if not current.forgotten_topic:
        raise ValidationError("Cet avis ne signale pas d'oubli.")
    if current.topic_status != TopicStatus.OPEN:
        raise ConflictError(
            f"Cet oubli a déjà été traité ({TopicStatus(current.topic_status).label.lower()})."
        )
    return current


def _close(current, status, sheet, acting_user, verb):
    current.topic_status = status
    current.topic_sheet = sheet
    current.topic_handled_by = acting_user if acting_user.is_authenticated else None
    current.topic_handled_at = timezone.now()
    current.save(
        update_fields=["topic_status", "topic_sheet", "topic_handled_by", "topic_handled_at"]
    )
    record(
        verb,
        current,
        acting_user=acting_user,
        territory=current.meeting.territory_id,
        data={"meeting": current.meeting_id, "sheet": {"id": sheet.pk, "code": sheet.code}},
        comment=current.forgotten_topic[:300],
    )


@transaction.atomic
def draft_sheet_from_oubli(feedback, *, acting_user, axis, code, title=""):
    """A new draft fiche from the oubli (the plan services check who may create it), with
    the oubli quoted in its context; the oubli is closed and points to it."""
    current = _claim(feedback, acting_user)
    territory = current.meeting.territory
    sheet = plan_services.create_sheet(
        territory,
        acting_user=acting_user,
        fields={
            "code": (code or "").strip(),
            "title": (title or "").strip() or suggested_title(current),
            "axis": axis,
            "context": provenance(current),
        },
    )
    _close(current, TopicStatus.DRAFTED, sheet, acting_user, "meeting.oubli_drafted")
    return sheet


@transaction.atomic
def attach_oubli(feedback, *, acting_user, sheet):
    """Attach the oubli to an existing fiche of the territory that the user may edit."""
    current = _claim(feedback, acting_user)
    if sheet.territory_id != current.meeting.territory_id or sheet.deleted_at is not None:
        raise ValidationError({"sheet": "Choisissez une fiche du territoire."})
    if not policy_for(acting_user).can_edit_sheet(sheet):
        raise PermissionDenied("Vous ne pouvez pas compléter cette fiche.")
    _close(current, TopicStatus.ATTACHED, sheet, acting_user, "meeting.oubli_attached")
    return current
