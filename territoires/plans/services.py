"""Writes to action plans. Every write checks the policy, validates, claims the fiche's
next version (core.locking: a stale edit is refused, never merged), writes, and records
an audit event, in one transaction. The acting user is the keyword `acting_user`."""

import re
from functools import reduce
from operator import or_

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, OuterRef, Q

from territoires.audit import values
from territoires.audit.log import record
from territoires.core.locking import claim_version
from territoires.core.transitions import apply_transition
from territoires.core.uploads import check_document
from territoires.organisations.services import directory_organisations, directory_people
from territoires.permissions import policy_for

from . import history, workflow
from .codes import validate_sheet_code
from .fields import BY_NAME, CHILD_FIELDS, M2M_FIELDS, MAX_ROWS, SCALAR_FIELDS, child_model
from .models import ActionSheet, Document, StatusTransition, Tag
from .search import search_sheets

# Reads ---------------------------------------------------------------------------------


# The long texts a plan table never shows.
PLAN_TABLE_UNUSED = (
    "context",
    "objectives",
    "beneficiaries",
    "expected_results",
    "search_text",
    "search_vector",
)


def plan_sheets(territory, user, *, axis="", status="", q=""):
    """The fiches of the territory the user may see, filtered, in the plan's order (a
    queryset: the page shows one page of it)."""
    queryset = policy_for(user).visible_sheets(territory.action_sheets.all())
    if axis:
        queryset = queryset.filter(axis__code=axis)
    if status:
        queryset = queryset.filter(status=status)
    queryset = search_sheets(queryset, q)
    return (
        # The presenter prefetched for the page's rows: joined, PostgreSQL hashed the
        # whole directory of people (45 ms at ten times the national scale).
        # Pilots and tags as lists (`pilot_list`, `tag_list`): a row reading
        # `sheet.pilots.all` cloned a queryset each time, a hundred per page.
        queryset.select_related("axis")
        .prefetch_related(
            "presenter",
            models.Prefetch("pilots", to_attr="pilot_list"),
            models.Prefetch("tags", to_attr="tag_list"),
        )
        .defer(*PLAN_TABLE_UNUSED)
        .order_by("axis__position", "axis__name", "sort_key", "pk")
    )


# Writes --------------------------------------------------------------------------------


TAG_MAX_LENGTH = Tag._meta.get_field("name").max_length


def clean_tag_names(names):
    """Tag names as typed → the names to use: spaces collapsed, empty and repeated names
    (ignoring case) dropped, in the order given. One rule for the form and the API."""
    cleaned, seen = [], set()
    for raw in names or []:
        name = " ".join(str(raw).split())
        if not name or name.casefold() in seen:
            continue
        if len(name) > TAG_MAX_LENGTH:
            raise ValidationError(
                {"tags": f"Mot-clé trop long ({TAG_MAX_LENGTH} caractères au plus) : {name}"}
            )
        seen.add(name.casefold())
        cleaned.append(name)
    if too_many := _too_many("tags", len(cleaned)):
        raise ValidationError({"tags": too_many})
    return cleaned


def visible_tags(user):
    """The tags on at least one fiche the user may see: the only tags whose existence and
    spelling a user may learn (suggestions, matching a typed name, filters)."""
    sheets = policy_for(user).visible_sheets(ActionSheet.objects.filter(tags=OuterRef("pk")))
    return Tag.objects.filter(Exists(sheets))


def tags_named(names, *, acting_user):
    """The Tag rows for these names, in the order given, missing ones created. Call inside
    the write that uses them.

    A name matches a tag the user can see ignoring case (its spelling is kept); otherwise
    the name is used exactly as typed. A tag that exists only on fiches the user cannot
    see is thus treated like an unknown one: its spelling is never adopted."""
    names = clean_tag_names(names)
    if not names:
        return []
    known = {}
    matching = reduce(or_, (Q(name__iexact=name) for name in names))
    for tag in visible_tags(acting_user).filter(matching).order_by("pk"):
        known.setdefault(tag.name.casefold(), tag)
    return [known.get(name.casefold()) or Tag.objects.get_or_create(name=name)[0] for name in names]


def _deny(message):
    raise PermissionDenied(message)


def _check_code_free(territory, code, exclude_pk=None):
    code = code.strip()
    try:  # the code's own rule first: a code that is not one is never looked up
        validate_sheet_code(code)
    except ValidationError as exc:
        raise ValidationError({"code": exc.messages}) from exc
    clash = ActionSheet.objects.filter(territory=territory, code__iexact=code)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    clash = clash.first()
    if clash:
        if clash.deleted_at:
            message = (
                f"Le code {code} est celui d'une fiche supprimée : restaurez-la depuis la "
                "corbeille ou choisissez un autre code."
            )
        else:
            message = f"Le code {code} est déjà utilisé par une autre fiche de ce territoire."
        raise ValidationError({"code": message})


def _as_list(value):
    """A relation's value as a list of rows: one row, None, or any iterable of rows (a list,
    a tuple, a QuerySet such as the admin's form gives)."""
    if value is None:
        return []
    if isinstance(value, models.Model):
        return [value]
    return list(value)


def _lists(m2m):
    """The many-to-many values as lists, whatever iterable the caller gave, each no longer
    than the fields spec allows (plans.fields.MAX_ROWS)."""
    lists = {name: _as_list(value) for name, value in (m2m or {}).items()}
    errors = {name: _too_many(name, len(items)) for name, items in lists.items()}
    errors = {name: message for name, message in errors.items() if message}
    if errors:
        raise ValidationError(errors)
    return lists


def _too_many(name, count):
    """The refusal of `count` items for the list `name`, or None within the spec's limit."""
    limit = MAX_ROWS.get(name)
    if limit and count > limit:
        return f"Au plus {limit} {BY_NAME[name].label.lower()} par fiche (ici {count})."
    return None


PEOPLE_FIELDS = {"pilots": "pilotes", "presenter": "présentateur"}
ORGANISATION_FIELDS = {"lead_organisation": "porteur", "partners": "partenaires"}


def _validate_directory(territory, fields, m2m, sheet=None):
    """Pilots, presenter, porteur and partners come from the territory's directory (or are
    already on the fiche): one rule for the pages, the API and the admin."""

    def chosen(name):
        value = m2m.get(name, fields.get(name))
        return {obj.pk for obj in _as_list(value) if obj}

    def current(names):
        if sheet is None:
            return set()
        ids = set()
        for name in names:
            if name in M2M_FIELDS:
                ids |= set(getattr(sheet, name).values_list("pk", flat=True))
            elif getattr(sheet, f"{name}_id"):
                ids.add(getattr(sheet, f"{name}_id"))
        return ids

    errors = {}
    for names, allowed_query, what in (
        (PEOPLE_FIELDS, directory_people, "personne"),
        (ORGANISATION_FIELDS, directory_organisations, "organisation"),
    ):
        asked = {name: chosen(name) for name in names if name in fields or name in m2m}
        wanted = set().union(*asked.values()) - current(names) if asked else set()
        if not wanted:
            continue
        allowed = set(allowed_query(territory).filter(pk__in=wanted).values_list("pk", flat=True))
        for name, ids in asked.items():
            if ids & (wanted - allowed):
                errors[name] = (
                    f"{names[name].capitalize()} : choisissez parmi l'annuaire du territoire "
                    f"(une {what} choisie n'y figure pas)."
                )
    if errors:
        raise ValidationError(errors)


def _validate_axis(territory, axis):
    if axis is not None and axis.programme_id != territory.programme_id:
        raise ValidationError({"axis": "Cet axe n'appartient pas au programme du territoire."})


def _set_children(sheet, children):
    """Replace the rows of each children field, each row validated by its model (one rule
    for the form, the API and the admin), no more than MAX_ROWS of them."""
    errors = {}
    for name, rows in children.items():
        model = child_model(name)
        rows = list(rows)
        if too_many := _too_many(name, len(rows)):
            errors[name] = [too_many]
            continue
        objects = [
            model(
                sheet=sheet, position=index, **{k: row[k] for k in CHILD_FIELDS[name] if k in row}
            )
            for index, row in enumerate(rows)
        ]
        for index, obj in enumerate(objects, start=1):
            try:
                obj.full_clean(exclude=["sheet"])
            except ValidationError as exc:
                errors.setdefault(name, []).extend(
                    f"Ligne {index}, {model._meta.get_field(field).verbose_name} : {message}"
                    if field != NON_FIELD_ERRORS
                    else f"Ligne {index} : {message}"
                    for field, messages in exc.message_dict.items()
                    for message in messages
                )
        if name not in errors:
            model.objects.filter(sheet=sheet).delete()
            model.objects.bulk_create(objects)
    if errors:
        raise ValidationError(errors)


def _set_m2m(sheet, m2m):
    for name, values_ in m2m.items():
        if name == "related_sheets":
            values_ = [
                v for v in values_ if v.pk != sheet.pk and v.territory_id == sheet.territory_id
            ]
        getattr(sheet, name).set(values_)


def _record(verb, sheet, acting_user, changes=(), comment="", at=None, data=None):
    return record(
        verb,
        sheet,
        acting_user=acting_user,
        territory=sheet.territory_id,
        version=sheet.version,
        changes=changes,
        comment=comment,
        at=at,
        data={**(data or {}), **history.visibility_state(changes)},
    )


def next_free_code(territory):
    """The next free "F<n>" of the territory (n above the highest used, bin included)."""
    numbers = [
        int(match.group(1))
        for code in ActionSheet.objects.filter(territory=territory).values_list("code", flat=True)
        if (match := re.fullmatch(r"F(\d+)", code))
    ]
    return f"F{max(numbers, default=0) + 1}"


@transaction.atomic
def create_sheet(territory, *, acting_user, fields, m2m=None, children=None, comment="", data=None):
    """Create a fiche in `territory` as a draft and record its creation (with `comment`
    and `data` on its audit event, when given)."""
    if not policy_for(acting_user).can_create_sheet(territory):
        _deny("Vous ne pouvez pas créer de fiche dans ce territoire.")
    m2m = _lists(m2m)
    _check_code_free(territory, fields.get("code", ""))
    _validate_axis(territory, fields.get("axis"))
    _validate_directory(territory, fields, m2m)
    creator = acting_user if acting_user is not None and acting_user.is_authenticated else None
    sheet = ActionSheet(territory=territory, created_by=creator, **fields)
    sheet.full_clean(exclude=["territory", "created_by"], validate_unique=False)
    try:
        with transaction.atomic():
            sheet.save()
    except IntegrityError as exc:
        raise ValidationError({"code": "Ce code est déjà utilisé dans ce territoire."}) from exc
    _set_m2m(sheet, m2m)
    _set_children(sheet, children or {})
    changes = values.changes_between({}, history.snapshot(sheet))
    _record(
        "sheet.created",
        sheet,
        acting_user,
        changes,
        comment=comment,
        at=sheet.created_at,
        data=data,
    )
    return sheet


class _NothingChanged(Exception):
    """Raised inside the write to roll it back when the edit changes nothing."""


def update_sheet(
    sheet, *, acting_user, expected_version, fields=None, m2m=None, children=None, comment=""
):
    """Apply an edit made on `expected_version` of the fiche and return the fiche.

    Raises StaleEditError when somebody saved a newer version in between: nothing is
    written, and the caller shows both versions. An edit that changes nothing writes
    nothing: the fiche comes back with its version unchanged.
    """
    try:
        return _apply_update(
            sheet,
            acting_user=acting_user,
            expected_version=expected_version,
            fields=fields or {},
            m2m=_lists(m2m),
            children=children or {},
            comment=comment,
        )
    except _NothingChanged:
        return ActionSheet.objects.get(pk=sheet.pk)


@transaction.atomic
def _apply_update(sheet, *, acting_user, expected_version, fields, m2m, children, comment):
    policy = policy_for(acting_user)
    unknown = set(fields) - set(SCALAR_FIELDS)
    if unknown:
        raise ValidationError(f"Champs non modifiables : {', '.join(sorted(unknown))}.")

    def may_edit(current):
        if not policy.can_edit_sheet(current):
            _deny("Vous ne pouvez pas modifier cette fiche.")
        changes_visibility = fields.get("visibility", current.visibility) != current.visibility
        if changes_visibility and not policy.can_create_sheet(current.territory_id):
            _deny("Seuls les éditeurs du territoire changent la visibilité d'une fiche.")

    current = claim_version(ActionSheet, sheet.pk, expected_version, check=may_edit)
    before = history.snapshot(current)
    if "code" in fields:
        _check_code_free(current.territory, fields["code"], exclude_pk=current.pk)
    if "axis" in fields:
        _validate_axis(current.territory, fields["axis"])
    _validate_directory(current.territory, fields, m2m, sheet=current)
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean(exclude=["territory", "created_by"], validate_unique=False)
    current.save()
    _set_m2m(current, m2m)
    _set_children(current, children)
    changes = values.changes_between(before, history.snapshot(current))
    if not changes:
        raise _NothingChanged
    _record("sheet.updated", current, acting_user, changes, comment, at=current.updated_at)
    return current


@transaction.atomic
def change_status(sheet, target, *, acting_user, comment="", expected_version=None, at=None):
    """Move the fiche along its workflow, recording who, when and why (a reason is
    required by the moves that need one: `Transition.needs_reason`).

    `at` backdates the move (imports and the demo replay a known past)."""
    policy = policy_for(acting_user)
    moves = {}
    comment = (comment or "").strip()

    def may_apply(current):
        transition = workflow.get_transition(current, target)
        if not policy.can_apply(current, transition):
            _deny(f"Vous ne pouvez pas effectuer l'action « {transition.label} » sur cette fiche.")
        if transition.needs_reason and not comment:
            raise ValidationError(
                {"comment": f"{transition.label} : indiquez en commentaire ce qu'il faut revoir."}
            )
        moves["transition"] = transition
        moves["from"] = current.status

    current = claim_version(ActionSheet, sheet.pk, expected_version, check=may_apply, at=at)
    apply_transition(
        current,
        moves["transition"],
        record=StatusTransition,
        on="sheet",
        acting_user=acting_user,
        comment=comment,
        fields=(),
    )
    changes = [
        {"field": "status", "kind": values.CHOICE, "old": moves["from"], "new": current.status}
    ]
    _record("sheet.status_changed", current, acting_user, changes, comment, current.updated_at)
    return current


@transaction.atomic
def delete_sheet(sheet, *, acting_user, comment=""):
    """Soft-delete: the fiche goes to the territory's bin and can be restored."""
    policy = policy_for(acting_user)

    def may_delete(current):
        if not policy.can_manage_trash(current.territory_id) or current.deleted_at:
            _deny("Vous ne pouvez pas supprimer cette fiche.")

    current = claim_version(ActionSheet, sheet.pk, check=may_delete)
    current.deleted_at = current.updated_at
    current.deleted_by = acting_user if acting_user and acting_user.is_authenticated else None
    current.save(update_fields=["deleted_at", "deleted_by", "version", "updated_at"])
    _record("sheet.deleted", current, acting_user, comment=comment, at=current.updated_at)
    _follow(sheet, current)
    return current


@transaction.atomic
def restore_sheet(sheet, *, acting_user):
    policy = policy_for(acting_user)

    def may_restore(current):
        if not policy.can_manage_trash(current.territory_id) or not current.deleted_at:
            _deny("Vous ne pouvez pas restaurer cette fiche.")

    current = claim_version(ActionSheet, sheet.pk, check=may_restore)
    current.deleted_at = None
    current.deleted_by = None
    current.save(update_fields=["deleted_at", "deleted_by", "version", "updated_at"])
    _record("sheet.restored", current, acting_user, at=current.updated_at)
    _follow(sheet, current)
    return current


def _follow(sheet, current):
    """The caller's copy of the fiche follows a write that does not return it."""
    for name in ("version", "updated_at", "deleted_at", "deleted_by_id"):
        setattr(sheet, name, getattr(current, name))


def _may_edit(acting_user, message):
    policy = policy_for(acting_user)

    def check(current):
        if not policy.can_edit_sheet(current):
            _deny(message)

    return check


DOCUMENT_TITLE_LENGTH = Document._meta.get_field("title").max_length


def _title_from(filename):
    """A document's default title: its file name, shortened to fit (its extension kept)."""
    if len(filename) <= DOCUMENT_TITLE_LENGTH:
        return filename
    stem, dot, extension = filename.rpartition(".")
    tail = f"…{dot}{extension}" if dot and len(extension) <= 10 else "…"
    return (stem if dot else filename)[: DOCUMENT_TITLE_LENGTH - len(tail)] + tail


@transaction.atomic
def add_document(sheet, *, acting_user, title, kind, uploaded_file):
    """Attach a file after checking its type, content and size (core.uploads)."""
    current = claim_version(
        ActionSheet,
        sheet.pk,
        check=_may_edit(acting_user, "Vous ne pouvez pas ajouter de document à cette fiche."),
    )
    check_document(uploaded_file)
    before = history.snapshot(current, ["documents"])
    document = Document(
        sheet=current,
        title=title or _title_from(uploaded_file.name),
        kind=kind,
        size=uploaded_file.size,
        uploaded_by=acting_user if acting_user and acting_user.is_authenticated else None,
    )
    document.file = uploaded_file
    document.full_clean(exclude=["file", "sheet", "uploaded_by"])
    document.save()
    changes = values.changes_between(before, history.snapshot(current, ["documents"]))
    _record(
        "sheet.document_added",
        current,
        acting_user,
        changes,
        at=current.updated_at,
        data={"document": {"id": document.pk, "title": document.title}},
    )
    _follow(sheet, current)
    return document


@transaction.atomic
def remove_document(document, *, acting_user):
    """Detach a document; its file is deleted once the transaction has committed."""
    current = claim_version(
        ActionSheet,
        document.sheet_id,
        check=_may_edit(acting_user, "Vous ne pouvez pas retirer ce document."),
    )
    before = history.snapshot(current, ["documents"])
    storage, name = document.file.storage, document.file.name
    data = {"document": {"id": document.pk, "title": document.title}}
    document.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
    changes = values.changes_between(before, history.snapshot(current, ["documents"]))
    _record(
        "sheet.document_removed", current, acting_user, changes, at=current.updated_at, data=data
    )
