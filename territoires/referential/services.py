"""Writes to territories that are not imports: the territory's stage in its programme
(with the date of the step and its document: the signed protocol, the contract), and
its fragility (needs engineering support)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from territoires.audit import values
from territoires.audit.log import record
from territoires.core.uploads import check_document
from territoires.permissions import policy_for

from .models import StageChange, Territory


@transaction.atomic
def change_territory_stage(
    territory, stage, *, acting_user, comment="", at=None, reached_on=None, document=None
):
    """Move the territory to `stage` of its programme and record who, when and why, the
    day the step was reached (`reached_on`: the signature of the protocol…, never in the
    future nor before the previous step's) and its document (an uploaded file, checked
    like a fiche's documents, public as the signed acts are).

    Stages go forward in the programme's order; going back is a correction and needs a
    comment. Only the Région, the State and the national team record stages;
    `acting_user=None` is the platform itself (the demo, an import).
    """
    if acting_user is not None and not policy_for(acting_user).can_change_stage(territory):
        raise PermissionDenied("Vous ne pouvez pas changer l'étape de ce territoire.")
    current = (
        Territory.objects.select_for_update(of=("self",))
        .select_related("stage")
        .get(pk=territory.pk)
    )
    if stage.programme_id != current.programme_id:
        raise ValidationError("Cette étape n'appartient pas au programme du territoire.")
    if current.stage_id == stage.pk:
        raise ValidationError(f"Le territoire est déjà à l'étape « {stage.name} ».")
    going_back = current.stage is not None and stage.position < current.stage.position
    if going_back and not comment.strip():
        raise ValidationError(
            f"Revenir de « {current.stage.name} » à « {stage.name} » est une correction : "
            "indiquez-en la raison en commentaire."
        )
    at = at or timezone.now()
    _check_step_date(current, reached_on, at)
    if document:
        check_document(document, field="document")
    change = StageChange(
        territory=current,
        from_stage=current.stage,
        to_stage=stage,
        by=acting_user if acting_user is not None and acting_user.is_authenticated else None,
        at=at,
        reached_on=reached_on,
        comment=comment,
    )
    if document:
        change.document = document
    change.save()
    record(
        "territory.stage_changed",
        current,
        acting_user=acting_user,
        territory=current,
        changes=[
            {
                "field": "stage",
                "kind": values.REF,
                "old": values.ref(current.stage),
                "new": values.ref(stage),
            }
        ],
        comment=comment,
        at=change.at,
        data={
            "reached_on": reached_on.isoformat() if reached_on else None,
            "document": change.document_name,
        },
    )
    current.stage = stage
    current.save(update_fields=["stage"])
    territory.stage = stage
    return change


def _check_step_date(territory, reached_on, at):
    if reached_on is None:
        return
    if reached_on > timezone.localdate(at):
        raise ValidationError({"reached_on": "La date de l'étape ne peut pas être à venir."})
    previous = (
        StageChange.objects.filter(territory=territory, reached_on__isnull=False)
        .order_by("-at", "-id")
        .values_list("reached_on", flat=True)
        .first()
    )
    if previous is not None and reached_on < previous:
        raise ValidationError(
            {
                "reached_on": "La date de l'étape précède celle de l'étape précédente "
                f"({previous:%d/%m/%Y})."
            }
        )


@transaction.atomic
def set_fragility(territory, *, acting_user, is_fragile, reason=""):
    """Mark the territory fragile (it needs engineering support), with the reason, or no
    longer fragile. The Région, the State and the national team decide; audit-logged."""
    if acting_user is not None and not policy_for(acting_user).can_flag_fragile(territory):
        raise PermissionDenied("Vous ne pouvez pas signaler la fragilité de ce territoire.")
    reason = reason.strip() if is_fragile else ""
    if is_fragile and not reason:
        raise ValidationError(
            {"fragile_reason": "Indiquez pourquoi le territoire a besoin d'un appui."}
        )
    current = Territory.objects.select_for_update(of=("self",)).get(pk=territory.pk)
    if (current.is_fragile, current.fragile_reason) == (is_fragile, reason):
        raise ValidationError("Rien n'a changé.")
    record(
        "territory.fragility_changed",
        current,
        acting_user=acting_user,
        territory=current,
        changes=[
            {
                "field": "is_fragile",
                "kind": values.BOOL,
                "old": current.is_fragile,
                "new": is_fragile,
            },
            {
                "field": "fragile_reason",
                "kind": values.TEXT,
                "old": current.fragile_reason,
                "new": reason,
            },
        ],
    )
    current.is_fragile, current.fragile_reason = is_fragile, reason
    current.save(update_fields=["is_fragile", "fragile_reason"])
    territory.is_fragile, territory.fragile_reason = is_fragile, reason
    return current


@transaction.atomic
def attach_stage_document(change, *, acting_user, document):
    """Attach the document of a recorded step, or replace it (the signed contract often
    arrives after the step was recorded); the replaced file is deleted once the
    transaction has committed. Those who record stages do it; audit-logged."""
    if acting_user is not None and not policy_for(acting_user).can_change_stage(
        change.territory_id
    ):
        raise PermissionDenied("Vous ne pouvez pas modifier les étapes de ce territoire.")
    check_document(document, field="document")
    current = (
        StageChange.objects.select_for_update(of=("self",))
        .select_related("territory", "to_stage")
        .get(pk=change.pk)
    )
    replaced, storage = current.document.name, current.document.storage
    replaced_name = current.document_name
    current.document = document
    current.save(update_fields=["document"])
    if replaced:
        transaction.on_commit(lambda: storage.delete(replaced))
    record(
        "territory.stage_document_added",
        current.territory,
        acting_user=acting_user,
        territory=current.territory,
        data={
            "stage": values.ref(current.to_stage),
            "document": current.document_name,
            "replaced": replaced_name,
        },
    )
    return current
