"""PATCH of a fiche: turn the API payload into the arguments of the plan services.

The services do the writing, the policy checks and the history; this module resolves the
API's references (axis code, ids, tag names, sheet codes) and runs the edit and the status
move in one transaction, so that a refused move leaves the content unchanged too.
"""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from territoires.organisations.models import Organisation, Person
from territoires.permissions import policy_for
from territoires.plans import services
from territoires.plans.models import ActionSheet, Status
from territoires.programmes.models import Axis

from .errors import ApiError

CHILD_FIELDS = ("steps", "indicators", "links")
LIST_FIELDS = ("pilots", "partners", "tags", "related_sheets", *CHILD_FIELDS)
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


def _by_ids(model, ids, label, errors, name):
    ids = list(dict.fromkeys(ids))
    found = {obj.pk: obj for obj in model.objects.filter(pk__in=ids)}
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        errors[name] = [f"{label} inconnue(s) : {', '.join(missing)}."]
    return [found[pk] for pk in ids if pk in found]


def _resolve(sheet, data):
    """Split the payload into the services' fields, m2m and children, or raise 422."""
    fields, m2m, children, errors = {}, {}, {}, {}
    for name, value in data.items():
        if value is None and name in LIST_FIELDS:
            errors[name] = ["Une liste est attendue (éventuellement vide)."]
            continue
        if name == "axis":
            axis = None
            if value is not None:
                axis = Axis.objects.filter(
                    programme_id=sheet.territory.programme_id, code=value
                ).first()
            if axis is None:
                errors[name] = [f"Axe inconnu pour ce programme : « {value} »."]
            fields[name] = axis
        elif name == "lead_organisation":
            found = _by_ids(Organisation, [value], "Organisation", errors, name) if value else []
            fields[name] = found[0] if found else None
        elif name == "presenter":
            found = _by_ids(Person, [value], "Personne", errors, name) if value else []
            fields[name] = found[0] if found else None
        elif name == "pilots":
            m2m[name] = _by_ids(Person, value, "Personne", errors, name)
        elif name == "partners":
            m2m[name] = _by_ids(Organisation, value, "Organisation", errors, name)
        elif name == "tags":
            # Names only: the rows are found or created inside the write (tags_named), so
            # that a refused PATCH creates no tag.
            try:
                m2m[name] = services.clean_tag_names(value)
            except ValidationError as exc:
                errors[name] = exc.message_dict["tags"]
        elif name == "related_sheets":
            codes = list(dict.fromkeys(value))
            found = {
                s.code: s
                for s in ActionSheet.objects.alive().filter(
                    territory_id=sheet.territory_id, code__in=codes
                )
            }
            missing = [c for c in codes if c not in found]
            if missing:
                errors[name] = [f"Fiche(s) inconnue(s) dans ce territoire : {', '.join(missing)}."]
            m2m[name] = [found[c] for c in codes if c in found]
        elif name in CHILD_FIELDS:
            children[name] = value
        else:
            fields[name] = value
    if errors:
        raise ApiError("validation_error", details={"fields": errors})
    return fields, m2m, children


def patch_sheet(sheet, data, *, user, version):
    """Apply a PATCH made on `version` of the fiche; return the fiche as saved.

    Raises PermissionDenied (403), ApiError (422), StaleEditError (409, nothing written)
    or TransitionError (409, nothing written)."""
    policy = policy_for(user)
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
            m2m["tags"] = services.tags_named(m2m["tags"], user=user)
        current = sheet
        if fields or m2m or children:
            current = services.update_sheet(
                sheet,
                user=user,
                expected_version=version,
                fields=fields,
                m2m=m2m,
                children=children,
                comment=comment,
            )
            version = current.version
        if status is not None and status != current.status:
            current = services.change_status(
                current, status, user=user, comment=status_comment, expected_version=version
            )
        elif current.version != version:
            current = ActionSheet.objects.get(pk=sheet.pk)
            if current.version != version:
                raise services.StaleEditError(current)
    return current
