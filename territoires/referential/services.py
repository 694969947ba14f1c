"""Writes to territories that are not imports: the territory's stage in its programme."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from territoires.audit import values
from territoires.audit.log import record
from territoires.permissions import policy_for

from .models import StageChange, Territory


@transaction.atomic
def change_territory_stage(territory, stage, *, acting_user, comment="", at=None):
    """Move the territory to `stage` of its programme and record who, when and why.

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
    change = StageChange.objects.create(
        territory=current,
        from_stage=current.stage,
        to_stage=stage,
        by=acting_user if acting_user is not None and acting_user.is_authenticated else None,
        at=at or timezone.now(),
        comment=comment,
    )
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
    )
    current.stage = stage
    current.save(update_fields=["stage"])
    territory.stage = stage
    return change
