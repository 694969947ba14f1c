"""Writes to meetings and their agenda, and the reads the pages share. Every write checks
the policy, validates (the model's `clean()` and the rules below: one place for the
pages, the API and the admin), claims the meeting's next version (core.locking: a stale
edit is refused, never merged), writes, and records an audit event, in one transaction.
The acting user is the keyword `acting_user`. Registrations: `registrations.py`.

Rules decided here:
- speakers and presenters come from the territory's directory (as a fiche's pilots and
  presenter do), or are already on the agenda; host and co-organisers are any
  organisation of the shared directory (STEF Transport hosts without being a partner);
- a presented fiche belongs to the meeting's territory and is not in the bin; an agenda
  item starts within the meeting's hours.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch

from territoires.audit import values
from territoires.audit.log import record
from territoires.core.errors import StaleEditError
from territoires.core.locking import claim_version
from territoires.core.transitions import apply_transition
from territoires.organisations.models import Person
from territoires.organisations.services import directory_people
from territoires.permissions import policy_for

from . import history, workflow
from .models import AgendaItem, Meeting, MeetingTransition, PresentedSheet

# The fields a meeting's form edits (status moves through the workflow, co-organisers are
# a list of their own).
EDITABLE_FIELDS = tuple(n for n in history.MEETING_FIELDS if n not in ("status", "co_organisers"))


# Reads ---------------------------------------------------------------------------------


def territory_meetings(territory, user):
    """The territory's meetings the user may see, the next ones first, then the past ones
    most recent first (the list pages split them)."""
    queryset = policy_for(user).visible_meetings(territory.meetings.all())
    return queryset.select_related("host_organisation").order_by("-date", "-start_time", "-id")


def agenda(meeting):
    """The agenda items in order, with speakers and presented fiches prefetched."""
    return list(
        meeting.agenda_items.order_by("position", "id").prefetch_related(
            Prefetch("speakers", queryset=Person.objects.select_related("organisation")),
            "presented_sheets__sheet__axis",
            "presented_sheets__presenter",
        )
    )


# Writes --------------------------------------------------------------------------------


def _deny(message):
    raise PermissionDenied(message)


def _record(verb, meeting, acting_user, changes=(), comment="", at=None, data=None):
    return record(
        verb,
        meeting,
        acting_user=acting_user,
        territory=meeting.territory_id,
        version=meeting.version,
        changes=changes,
        comment=comment,
        at=at,
        data=data,
    )


def _check_fields(fields):
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Champs non modifiables : {', '.join(sorted(unknown))}.")


@transaction.atomic
def create_meeting(territory, *, acting_user, fields, co_organisers=(), is_example=False):
    """Create a meeting of `territory` (status prévue) and record its creation."""
    if not policy_for(acting_user).can_manage_meetings(territory):
        _deny("Vous ne pouvez pas créer de rencontre dans ce territoire.")
    _check_fields(fields)
    creator = acting_user if acting_user is not None and acting_user.is_authenticated else None
    meeting = Meeting(territory=territory, created_by=creator, is_example=is_example, **fields)
    meeting.full_clean(exclude=["territory", "created_by"])
    meeting.save()
    meeting.co_organisers.set(co_organisers)
    changes = values.changes_between({}, history.snapshot(meeting))
    _record("meeting.created", meeting, acting_user, changes, at=meeting.created_at)
    return meeting


def _may_manage(acting_user, message):
    policy = policy_for(acting_user)

    def check(current):
        if not policy.can_manage_meetings(current.territory_id):
            _deny(message)

    return check


class _NothingChanged(Exception):
    """Raised inside the write to roll it back when the edit changes nothing."""


def update_meeting(
    meeting, *, acting_user, expected_version, fields=None, co_organisers=None, comment=""
):
    """Apply an edit made on `expected_version` and return the meeting. StaleEditError when
    somebody saved a newer version in between: nothing is written. An edit that changes
    nothing writes nothing (the meeting comes back with its version unchanged)."""
    fields = fields or {}
    _check_fields(fields)
    try:
        return _apply_update(meeting, acting_user, expected_version, fields, co_organisers, comment)
    except _NothingChanged:
        return Meeting.objects.get(pk=meeting.pk)


@transaction.atomic
def _apply_update(meeting, acting_user, expected_version, fields, co_organisers, comment):
    current = claim_version(
        Meeting,
        meeting.pk,
        expected_version,
        check=_may_manage(acting_user, "Vous ne pouvez pas modifier cette rencontre."),
    )
    before = history.snapshot(current)
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean(exclude=["territory", "created_by"])
    current.save()
    if co_organisers is not None:
        current.co_organisers.set(co_organisers)
    changes = values.changes_between(before, history.snapshot(current))
    if not changes:
        raise _NothingChanged
    _record("meeting.updated", current, acting_user, changes, comment, at=current.updated_at)
    return current


@transaction.atomic
def change_meeting_status(
    meeting, target, *, acting_user, comment="", expected_version=None, at=None
):
    """Move the meeting along its workflow (prévue, tenue, annulée), recording who, when
    and why. Cancelling, restoring and going back to prévue need a reason. `at`
    backdates the move (the demo replays a known past)."""
    policy = policy_for(acting_user)
    moves = {}
    comment = (comment or "").strip()

    def may_apply(current):
        if not policy.can_manage_meetings(current.territory_id):
            _deny("Vous ne pouvez pas changer le statut de cette rencontre.")
        transition = workflow.get_transition(current, target)
        if transition.needs_reason and not comment:
            raise ValidationError({"comment": f"{transition.label} : indiquez le motif."})
        moves["transition"] = transition
        moves["from"] = current.status

    current = claim_version(Meeting, meeting.pk, expected_version, check=may_apply, at=at)
    apply_transition(
        current,
        moves["transition"],
        record=MeetingTransition,
        on="meeting",
        acting_user=acting_user,
        comment=comment,
        fields=(),
    )
    changes = [
        {"field": "status", "kind": values.CHOICE, "old": moves["from"], "new": current.status}
    ]
    _record("meeting.status_changed", current, acting_user, changes, comment, current.updated_at)
    return current


def _validate_agenda(meeting, items, first_number=1):
    """Titles present, times within the meeting, speakers and presenters from the
    directory (or already on the agenda), fiches of the territory and not in the bin.
    Errors name each item by its number on the agenda (from `first_number`)."""
    errors = []
    current_people = set(
        meeting.agenda_items.values_list("speakers", flat=True).exclude(speakers=None)
    ) | set(
        PresentedSheet.objects.filter(item__meeting=meeting, presenter__isnull=False).values_list(
            "presenter_id", flat=True
        )
    )
    wanted_people = set()
    for item in items:
        wanted_people |= {p.pk for p in item.get("speakers", ())}
        wanted_people |= {p.pk for _, p in item.get("sheets", ()) if p is not None}
    wanted_people -= current_people
    allowed_people = set()
    if wanted_people:
        allowed_people = set(
            directory_people(meeting.territory)
            .filter(pk__in=wanted_people)
            .values_list("pk", flat=True)
        )
    for number, item in enumerate(items, start=first_number):
        prefix = f"Point {number}"
        if not (item.get("title") or "").strip():
            errors.append(f"{prefix} : le titre est obligatoire.")
        start = item.get("start_time")
        if start is not None and not (meeting.start_time <= start < meeting.end_time):
            errors.append(
                f"{prefix} : l'heure {start:%H:%M} est en dehors de la rencontre "
                f"({meeting.start_time:%H:%M}–{meeting.end_time:%H:%M})."
            )
        duration = item.get("duration_minutes")
        if duration is not None and duration <= 0:
            errors.append(f"{prefix} : la durée doit être positive.")
        people = list(item.get("speakers", ())) + [p for _, p in item.get("sheets", ()) if p]
        if any(p.pk in wanted_people - allowed_people for p in people):
            errors.append(
                f"{prefix} : intervenants et présentateurs se choisissent dans l'annuaire du "
                "territoire."
            )
        seen = set()
        for sheet, _ in item.get("sheets", ()):
            if sheet.territory_id != meeting.territory_id or sheet.deleted_at is not None:
                errors.append(
                    f"{prefix} : la fiche {sheet.code} n'est pas une fiche du territoire."
                )
            elif sheet.pk in seen:
                errors.append(f"{prefix} : la fiche {sheet.code} est présentée deux fois.")
            seen.add(sheet.pk)
    if errors:
        raise ValidationError({"agenda": errors})


def _change_agenda(meeting, acting_user, expected_version, change, comment=""):
    """The one way the agenda is written: claim the meeting's next version (a stale edit
    is refused), run `change(current)`, record the agenda's rows before and after in one
    audit event. Returns what `change` returns. Call inside a transaction."""
    current = claim_version(
        Meeting,
        meeting.pk,
        expected_version,
        check=_may_manage(acting_user, "Vous ne pouvez pas modifier cet ordre du jour."),
    )
    before = history.agenda_rows(current)
    result = change(current)
    changes = values.changes_between(before, history.agenda_rows(current))
    _record("meeting.agenda_changed", current, acting_user, changes, comment, current.updated_at)
    _follow(meeting, current)
    return result


def _write_item(row, item):
    """Give the agenda item `row` the title, times, speakers and presented fiches of
    `item` (a dict as `set_agenda` takes them)."""
    is_new = row.pk is None
    row.title = item["title"].strip()
    row.start_time = item.get("start_time")
    row.duration_minutes = item.get("duration_minutes")
    row.save()
    row.speakers.set(item.get("speakers", ()))
    if not is_new:
        row.presented_sheets.all().delete()
    PresentedSheet.objects.bulk_create(
        PresentedSheet(item=row, sheet=sheet, presenter=presenter, position=index)
        for index, (sheet, presenter) in enumerate(item.get("sheets", ()))
    )
    return row


def _ordered_items(current):
    return list(current.agenda_items.order_by("position", "id"))


def _renumber(rows):
    """Positions 0, 1, 2... in the order of `rows` (saved only where they change)."""
    changed = []
    for position, row in enumerate(rows):
        if row.position != position:
            row.position = position
            changed.append(row)
    AgendaItem.objects.bulk_update(changed, ["position"])


@transaction.atomic
def set_agenda(meeting, *, acting_user, expected_version, items, comment=""):
    """Replace the meeting's agenda (ordre du jour) with `items`, in this order: each a
    dict with `title`, `start_time`, `duration_minutes`, `speakers` (people) and `sheets`
    ((fiche, presenter or None) pairs, in presentation order)."""

    def change(current):
        _validate_agenda(current, items)
        current.agenda_items.all().delete()
        for position, item in enumerate(items):
            _write_item(AgendaItem(meeting=current, position=position), item)
        return current

    return _change_agenda(meeting, acting_user, expected_version, change, comment)


def _item_of(current, item):
    """The agenda item `item` of the locked meeting (a removed one is a stale edit)."""
    row = current.agenda_items.filter(pk=item.pk).first()
    if row is None:
        raise StaleEditError(current)
    return row


@transaction.atomic
def add_agenda_item(meeting, *, acting_user, expected_version, item):
    """Add `item` (a dict as `set_agenda` takes them) at the end of the agenda."""

    def change(current):
        rows = _ordered_items(current)
        _validate_agenda(current, [item], first_number=len(rows) + 1)
        _renumber(rows)
        return _write_item(AgendaItem(meeting=current, position=len(rows)), item)

    return _change_agenda(meeting, acting_user, expected_version, change)


@transaction.atomic
def update_agenda_item(agenda_item, *, acting_user, expected_version, item):
    """Replace the title, times, speakers and presented fiches of one agenda item."""

    def change(current):
        rows = _ordered_items(current)
        row = _item_of(current, agenda_item)
        _validate_agenda(current, [item], first_number=[r.pk for r in rows].index(row.pk) + 1)
        return _write_item(row, item)

    return _change_agenda(agenda_item.meeting, acting_user, expected_version, change)


@transaction.atomic
def move_agenda_item(agenda_item, *, acting_user, expected_version, offset):
    """Move one agenda item up (`offset` -1) or down (+1); at either end it stays."""
    if offset not in (-1, 1):
        raise ValidationError("Un point se déplace d'un rang vers le haut ou vers le bas.")

    def change(current):
        rows = _ordered_items(current)
        row = _item_of(current, agenda_item)
        index = [r.pk for r in rows].index(row.pk)
        target = index + offset
        if 0 <= target < len(rows):
            rows[index], rows[target] = rows[target], rows[index]
        _renumber(rows)
        return row

    return _change_agenda(agenda_item.meeting, acting_user, expected_version, change)


@transaction.atomic
def remove_agenda_item(agenda_item, *, acting_user, expected_version):
    """Remove one agenda item (its presented fiches with it: their feedback links close,
    the feedback already given stays)."""

    def change(current):
        row = _item_of(current, agenda_item)
        row.delete()
        _renumber(_ordered_items(current))
        return row

    return _change_agenda(agenda_item.meeting, acting_user, expected_version, change)


def _follow(meeting, current):
    for name in ("version", "updated_at"):
        setattr(meeting, name, getattr(current, name))
