"""« S'en inspirer »: a fiche of another territory (a similar action, an entry of the
public catalogue) copied as a draft fiche of my territory, its provenance kept.

The copy takes the source's title, axis (the axis of the same code in the destination's
programme), texts, steps (titles only), indicators (name and unit) and links; not its
people, organisations, budget, dates, documents nor tags, which belong to the source's
territory. It is a draft, restricted like any new fiche, and marked as example content
when its source is. `ActionSheet.inspired_by` records where it came from: the copy shows
« Inspirée de … » (a link when the viewer sees the source), the source « A inspiré … »,
listing only the copies the viewer may see.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from territoires.permissions import policy_for
from territoires.programmes.models import Axis
from territoires.referential.models import Territory

from . import services
from .models import ActionSheet

TEXT_FIELDS = ("context", "objectives", "beneficiaries", "expected_results")


def destinations(user):
    """The territories the user may copy a fiche into (where they create fiches), in code
    order."""
    ids = policy_for(user).sheet_creation_territory_ids()
    territories = Territory.objects.select_related("programme").order_by("code")
    return territories if ids is None else territories.filter(pk__in=ids)


def _children(source):
    return {
        "steps": [{"title": step.title} for step in source.steps.all()],
        "indicators": [
            {"name": indicator.name, "unit": indicator.unit}
            for indicator in source.indicators.all()
        ],
        "links": [{"title": link.title, "url": link.url} for link in source.links.all()],
    }


@transaction.atomic
def copy_sheet(source, territory, *, acting_user, code, title=""):
    """Copy the fiche `source` as a new draft fiche `code` of `territory`; return it.

    Refused (PermissionDenied) unless the user sees the live source and creates fiches
    in `territory`; the new fiche's code and title follow the rules of any new fiche."""
    source = (
        ActionSheet.objects.select_related("territory", "axis")
        .prefetch_related("pilots")
        .get(pk=source.pk)
    )
    if not policy_for(acting_user).can_copy_sheet(source, territory):
        raise PermissionDenied("Vous ne pouvez pas copier cette fiche dans ce territoire.")
    axis = Axis.objects.filter(programme_id=territory.programme_id, code=source.axis.code).first()
    if axis is None:
        raise ValidationError(
            {"territory": "Le programme de ce territoire n'a pas l'axe de la fiche copiée."}
        )
    fields = {name: getattr(source, name) for name in TEXT_FIELDS}
    fields.update(
        code=(code or "").strip(),
        title=" ".join((title or "").split()) or source.title,
        axis=axis,
        is_example=source.is_example,
        inspired_by=source,
    )
    return services.create_sheet(
        territory,
        acting_user=acting_user,
        fields=fields,
        children=_children(source),
        comment=(
            f"Inspirée de la fiche {source.code} du territoire {source.territory.code} "
            f"{source.territory.name}."
        ),
        data={
            "inspired_by": {
                "id": source.pk,
                "code": source.code,
                "territory": source.territory.code,
            }
        },
    )


def provenance(sheet, user):
    """What the fiche's page says of where it came from and what it inspired:
    {"source": the source fiche if the user sees it, "hidden_source": True when it has
    one the user does not see, "copies": the copies the user sees}."""
    policy = policy_for(user)
    source = sheet.inspired_by
    visible_source = (
        source
        if source is not None and source.deleted_at is None and policy.can_view_sheet(source)
        else None
    )
    copies = list(
        policy.visible_sheets(ActionSheet.objects.filter(inspired_by=sheet))
        .select_related("territory")
        .only("code", "title", "territory__code", "territory__name")
        .order_by("territory__code", "sort_key", "pk")
    )
    return {
        "source": visible_source,
        "hidden_source": source is not None and visible_source is None,
        "copies": copies,
    }
