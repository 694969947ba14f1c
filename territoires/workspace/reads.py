"""The reads of "Mon espace": each one a fixed number of queries whatever the size of the
programme (limited lists, counts in SQL), filtered by the user's policy."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, Value
from django.utils import timezone

from territoires.audit.models import AuditEvent
from territoires.funding.models import FundingLine, LineStatus
from territoires.meetings.models import Meeting, MeetingStatus
from territoires.permissions import EDIT_ALL_ROLES
from territoires.plans import workflow
from territoires.plans.models import ActionSheet, Status, Step
from territoires.plans.services import PLAN_TABLE_UNUSED

from .models import Follow

MY_SHEETS_SHOWN = 20
WAITING_SHOWN = 10
CHANGES_PER_PAGE = 20
# A territory's company contacts and their lists: their events are shown to those who
# manage them only (permissions/contacts.py).
CONTACT_TYPES = ("organisations.contact", "organisations.contactlist")
# A request to a financer is to be chased after three months without a decision.
REQUEST_STALE_AFTER = datetime.timedelta(days=90)

# The statuses a validator moves forward ("validate" transitions into Validée): Présentée.
AWAITING_VALIDATION = tuple(
    sorted(
        {
            t.source
            for t in workflow.TRANSITIONS
            if t.permission == "validate" and t.target == Status.VALIDATED
        }
    )
)


def light(prefix=""):
    """The fiche's long texts and search columns, which no list shows, to defer
    (`prefix`: "sheet__" through a relation)."""
    return [prefix + name for name in PLAN_TABLE_UNUSED]


@dataclass(frozen=True)
class Mine:
    """The live fiches the user pilots (through a directory person) or follows, among
    those they may see: `ids`, and why each is theirs."""

    ids: tuple
    piloted: frozenset
    followed: frozenset


def mine(user, policy):
    """The user's fiches, in two queries (those piloted or followed in one UNION, then the
    visible ones among them), read once per page: the lists below use their ids."""
    piloted = (
        ActionSheet.pilots.through.objects.filter(person_id__in=policy.person_ids)
        .annotate(why=Value(1))
        .values_list("actionsheet_id", "why")
        .order_by()
    )
    followed = (
        Follow.objects.filter(user=user)
        .annotate(why=Value(2))
        .values_list("sheet_id", "why")
        .order_by()
    )
    pairs = set(piloted.union(followed, all=True))
    by_pilot = frozenset(pk for pk, why in pairs if why == 1)
    by_follow = frozenset(pk for pk, why in pairs if why == 2)
    if not pairs:
        return Mine((), by_pilot, by_follow)
    visible = policy.visible_sheets(ActionSheet.objects.filter(pk__in=sorted(by_pilot | by_follow)))
    return Mine(tuple(visible.order_by("pk").values_list("pk", flat=True)), by_pilot, by_follow)


def follows(user, sheet):
    """Does the user follow the fiche? (no query for an anonymous visitor)"""
    if not user.is_authenticated:
        return False
    return Follow.objects.filter(user=user, sheet=sheet).exists()


def my_sheets(mine):
    """(the first fiches I pilot or follow, the most recently changed first, their count)."""
    shown = list(
        ActionSheet.objects.filter(pk__in=mine.ids)
        .select_related("territory", "axis")
        .defer(*light())
        .order_by("-updated_at", "-id")[:MY_SHEETS_SHOWN]
    )
    for sheet in shown:
        sheet.is_piloted = sheet.pk in mine.piloted
        sheet.is_followed = sheet.pk in mine.followed
    return shown, len(mine.ids)


def sheets_to_validate(policy, *, territory="", axis=""):
    """The live fiches awaiting the user's validation in their scope, the longest waiting
    first: a queryset. `territory` and `axis` are codes."""
    validated = policy.validating_territory_ids()
    sheets = ActionSheet.objects.alive().filter(status__in=AWAITING_VALIDATION)
    if validated is not None:
        sheets = sheets.filter(territory_id__in=validated)
    if territory:
        sheets = sheets.filter(territory__code=territory)
    if axis:
        sheets = sheets.filter(axis__code=axis)
    return sheets.select_related("territory", "axis").defer(*light()).order_by("updated_at", "id")


def waiting_validation(policy):
    """(the first fiches awaiting the user's validation, their count)."""
    if not policy.can_validate_somewhere():
        return [], 0
    sheets = sheets_to_validate(policy)
    return list(sheets[:WAITING_SHOWN]), sheets.count()


def past_due_steps(mine, today=None):
    """Steps of my fiches whose due date has passed and that are not done, the oldest first."""
    today = today or timezone.localdate()
    return list(
        Step.objects.filter(sheet_id__in=mine.ids, done=False, due_on__lt=today)
        .select_related("sheet__territory")
        .defer(*light("sheet__"))
        .order_by("due_on", "id")[:WAITING_SHOWN]
    )


def lines_to_update(mine, policy, today=None):
    """Financing lines sollicitées for more than three months without a decision, on my
    fiches or with a financer I represent (on fiches whose plan I read)."""
    today = today or timezone.localdate()
    stale = today - REQUEST_STALE_AFTER
    represented = [s.organisation_id for s in policy.scopes if s.organisation_id]
    concerned = Q(sheet_id__in=mine.ids)
    if represented:
        readable = policy.readable_funding_territories()
        on_mine_or_represented = Q(financer_id__in=represented)
        if readable is not None:
            on_mine_or_represented &= Q(sheet__territory_id__in=readable)
        concerned |= on_mine_or_represented
    return list(
        FundingLine.objects.filter(
            concerned,
            Q(requested_on__lt=stale) | Q(requested_on__isnull=True, updated_at__date__lt=stale),
            status=LineStatus.REQUESTED,
            sheet__deleted_at__isnull=True,
        )
        .select_related("sheet__territory", "financer")
        .defer(*light("sheet__"))
        .order_by("requested_on", "id")[:WAITING_SHOWN]
    )


def meetings_to_prepare(user, policy, today=None):
    """Upcoming meetings I organise: planned, from today, of the territories whose meetings
    I manage, or that I created."""
    today = today or timezone.localdate()
    managed = [pk for pk, role in policy.roles.items() if role in EDIT_ALL_ROLES]
    return list(
        Meeting.objects.filter(
            Q(territory_id__in=managed) | Q(created_by=user),
            status=MeetingStatus.PLANNED,
            date__gte=today,
        )
        .select_related("territory")
        .order_by("date", "start_time", "id")[:WAITING_SHOWN]
    )


def my_territory_ids(policy):
    """The territories whose changes I read (None: all of them)."""
    if policy.reads_everything:
        return None
    return frozenset(policy.roles) | policy.scoped_territory_ids


def recent_changes(policy, page=1):
    """(events of a page of my territories' recent changes, is there a next page). Pages
    without a count: the log is the largest table. The events of the company contacts are
    left to those who manage them."""
    territories = my_territory_ids(policy)
    events = AuditEvent.objects.filter(territory__isnull=False)
    if territories is not None:
        if not territories:
            return [], False
        events = events.filter(territory_id__in=territories)
    if not policy.is_national:
        # The events of a deleted fiche are shown to those who manage its bin only.
        trash = [pk for pk in policy.roles if policy.can_manage_trash(pk)]
        hidden = ActionSheet.objects.deleted().exclude(territory_id__in=trash)
        events = events.exclude(object_type="plans.actionsheet", object_id__in=hidden.values("pk"))
        managed = [pk for pk in policy.roles if policy.can_manage_contacts(pk)]
        events = events.exclude(Q(object_type__in=CONTACT_TYPES) & ~Q(territory_id__in=managed))
    start = (page - 1) * CHANGES_PER_PAGE
    rows = list(
        events.select_related("actor", "territory").order_by("-at", "-id")[
            start : start + CHANGES_PER_PAGE + 1
        ]
    )
    return rows[:CHANGES_PER_PAGE], len(rows) > CHANGES_PER_PAGE
