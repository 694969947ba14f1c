"""PATCH of a fiche: turn the API payload into the arguments of the plan services.

The services do the writing, the policy checks and the history; this module resolves the
API's references (axis code, ids, tag names, sheet codes) and runs the edit and the status
move in one transaction, so that a refused move leaves the content unchanged too.
"""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from territoires.core.errors import StaleEditError
from territoires.permissions import policy_for
from territoires.plans import services
from territoires.plans.fields import BY_NAME, CHILDREN, MANY, RELATION
from territoires.plans.models import ActionSheet, Status
from territoires.programmes.models import Axis

from .errors import ApiError

_ETAG = re.compile(r'^\s*(?:W/)?"?(\d+)"?\s*$')


def expected_version(body_version, if_match):
    """The version the client edited: the body's `version`, else the If-Match header."""
    header_version = None
    if if_match is not None:
        match = _ETAG.match(if_match)
        if not match:
            raise ApiError(
                "validation_error",
                'L\'en-tête If-Match doit contenir la version de la fiche, par exemple "3".',
                {"fields": {"If-Match": ["Version de la fiche attendue."]}},
            )
        header_version = int(match.group(1))
    if body_version is not None and header_version is not None and body_version != header_version:
        raise ApiError(
            "validation_error",
            "La version du corps et celle de l'en-tête If-Match diffèrent.",
            {"fields": {"version": ["Différente de l'en-tête If-Match."]}},
        )
    version = body_version if body_version is not None else header_version
    if version is None:
        raise ApiError(
            "validation_error",
            "Indiquez la version de la fiche que vous modifiez (champ « version » ou en-tête "
            "If-Match) : elle évite d'écraser une modification faite entre-temps.",
            {"fields": {"version": ["Ce champ est obligatoire."]}},
        )
    return version


def _find(sheet, name, keys):
    """{key: row} for the references `keys` of the field `name` (plans.fields: an id,
    or a code for the axis and the related fiches; tags are names, see _resolve)."""
    if name == "axis":
        rows = Axis.objects.filter(programme_id=sheet.territory.programme_id, code__in=keys)
        return {row.code: row for row in rows}
    if name == "related_sheets":
        rows = ActionSheet.objects.alive().filter(territory_id=sheet.territory_id, code__in=keys)
        return {row.code: row for row in rows}
    model = ActionSheet._meta.get_field(name).related_model
    return {row.pk: row for row in model.objects.filter(pk__in=keys)}


def _unknown_message(name, missing):
    listed = ", ".join(str(key) for key in missing)
    if name == "axis":
        return f"Axe inconnu pour ce programme : « {listed} »."
    if name == "related_sheets":
        return f"Fiche(s) inconnue(s) dans ce territoire : {listed}."
    label = str(ActionSheet._meta.get_field(name).related_model._meta.verbose_name)
    return f"{label.capitalize()} inconnue(s) : {listed}."


def _references(sheet, name, keys, errors):
    keys = list(dict.fromkeys(keys))
    found = _find(sheet, name, keys)
    missing = [key for key in keys if key not in found]
    if missing:
        errors[name] = [_unknown_message(name, missing)]
    return [found[key] for key in keys if key in found]


def _resolve(sheet, data):
    """Split the payload into the services' fields, m2m and children (by the kinds of the
    fields spec), or raise 422."""
    fields, m2m, children, errors = {}, {}, {}, {}
    for name, value in data.items():
        kind = BY_NAME[name].kind
        if value is None and kind in (MANY, CHILDREN):
            errors[name] = ["Une liste est attendue (éventuellement vide)."]
        elif kind == CHILDREN:
            children[name] = value
        elif name == "tags":
            # Names only: the rows are found or created inside the write (tags_named), so
            # that a refused PATCH creates no tag.
            try:
                m2m[name] = services.clean_tag_names(value)
            except ValidationError as exc:
                errors[name] = exc.message_dict["tags"]
        elif kind == MANY:
            m2m[name] = _references(sheet, name, value, errors)
        elif kind == RELATION and (value is not None or name == "axis"):
            found = _references(sheet, name, [value], errors)
            fields[name] = found[0] if found else None
        else:
            fields[name] = value
    if errors:
        raise ApiError("validation_error", details={"fields": errors})
    return fields, m2m, children


def patch_sheet(sheet, data, *, acting_user, version):
    """Apply a PATCH made on `version` of the fiche; return the fiche as saved.

    Raises PermissionDenied (403), ApiError (422), StaleEditError (409, nothing written)
    or TransitionError (409, nothing written)."""
    policy = policy_for(acting_user)
    data = dict(data)
    status = data.pop("status", None)
    status_comment = data.pop("status_comment", "") or ""
    comment = data.pop("comment", "") or ""
    data.pop("version", None)

    if data and not policy.can_edit_sheet(sheet):
        raise PermissionDenied("Vous ne pouvez pas modifier cette fiche.")
    if status is not None:
        if not (policy.can_edit_sheet(sheet) or policy.can_validate(sheet.territory_id)):
            raise PermissionDenied("Vous ne pouvez pas changer le statut de cette fiche.")
        if status not in Status.values:
            raise ApiError(
                "validation_error",
                f"Statut inconnu : « {status} ».",
                {"fields": {"status": [f"Valeurs possibles : {', '.join(Status.values)}."]}},
            )
    fields, m2m, children = _resolve(sheet, data)

    with transaction.atomic():
        if "tags" in m2m:
            m2m["tags"] = services.tags_named(m2m["tags"], acting_user=acting_user)
        current = sheet
        if fields or m2m or children:
            current = services.update_sheet(
                sheet,
                acting_user=acting_user,
                expected_version=version,
                fields=fields,
                m2m=m2m,
                children=children,
                comment=comment,
            )
            version = current.version
        if status is not None and status != current.status:
            current = services.change_status(
                current,
                status,
                acting_user=acting_user,
                comment=status_comment,
                expected_version=version,
            )
        elif current.version != version:
            current = ActionSheet.objects.get(pk=sheet.pk)
            if current.version != version:
                raise StaleEditError(current)
    return current
