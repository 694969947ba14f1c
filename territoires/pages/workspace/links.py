"""Where each of "Derniers changements" leads: the object its event is about (the fiche, the
fiche's financing plan, the meeting, the contact, the territory, its directory or members),
linked only when the user may see it (`permissions`), and named only then: an event about
a fiche now out of the user's sight says "une fiche que vous ne pouvez pas consulter",
never its title. Three queries at most per page (the fiches, the meetings, the contacts
still there: an erased one is not linked), whatever the number of events."""

from django.urls import reverse

from territoires.meetings.models import Meeting
from territoires.organisations.models import Contact
from territoires.plans.models import ActionSheet

SHEET = "plans.actionsheet"
# Events about a part of a fiche: the key of `data` that names the fiche ({"id": …} or an id)
# and whether they lead to its financing plan rather than to the fiche.
ON_A_SHEET = {
    "funding.fundingline": True,
    "funding.fundingplan": True,
    "funding.dismissedsuggestion": True,
    "meetings.sheetfeedback": False,
}
MEETING = "meetings.meeting"
ON_A_MEETING = ("meetings.registration", "meetings.invitation")
CONTACT = "organisations.contact"
CONTACT_LIST = "organisations.contactlist"
DIRECTORY = (
    "organisations.person",
    "organisations.governancerole",
    "organisations.partnership",
    "organisations.organisation",
)
MEMBERSHIP = "accounts.membership"
TERRITORY = "referential.territory"

HIDDEN_SHEET = "une fiche que vous ne pouvez pas consulter"
HIDDEN_MEETING = "une rencontre que vous ne pouvez pas consulter"
HIDDEN_CONTACT = "un contact réservé aux éditeurs du territoire"
HIDDEN_REGISTRATION = "une inscription"
HIDDEN = (HIDDEN_SHEET, HIDDEN_MEETING, HIDDEN_CONTACT, HIDDEN_REGISTRATION)


def _id(value):
    """The id of a fiche or meeting named in an event's data ({"id": 3, …} or 3)."""
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _sheet_id(event):
    if event.object_type == SHEET:
        return event.object_id
    if event.object_type in ON_A_SHEET:
        return _id((event.data or {}).get("sheet"))
    return None


def _meeting_id(event):
    if event.object_type == MEETING:
        return event.object_id
    if event.object_type in ON_A_MEETING:
        return _id((event.data or {}).get("meeting"))
    return None


def _sheets(events):
    ids = {pk for pk in map(_sheet_id, events) if pk is not None}
    if not ids:
        return {}
    rows = (
        ActionSheet.objects.filter(pk__in=sorted(ids))
        .select_related("territory")
        .only("code", "visibility", "deleted_at", "territory_id", "territory__code")
        .order_by("pk")
    )
    return {sheet.pk: sheet for sheet in rows}


def _meetings(events):
    ids = {pk for pk in map(_meeting_id, events) if pk is not None}
    if not ids:
        return {}
    rows = (
        Meeting.objects.filter(pk__in=sorted(ids))
        .select_related("territory")
        .only("visibility", "territory_id", "territory__code")
        .order_by("pk")
    )
    return {meeting.pk: meeting for meeting in rows}


def _contacts(events, policy):
    """The ids of the contacts named by the events that still exist, among those the user
    manages."""
    ids = {
        e.object_id
        for e in events
        if e.object_type == CONTACT and policy.can_manage_contacts(e.territory_id)
    }
    if not ids:
        return frozenset()
    return frozenset(
        Contact.objects.filter(pk__in=sorted(ids)).order_by("pk").values_list("pk", flat=True)
    )


def _sheet_target(event, sheet, policy):
    if sheet is None or not policy.can_view_sheet(sheet):
        return None, HIDDEN_SHEET
    args = [sheet.territory.code, sheet.code]
    if ON_A_SHEET.get(event.object_type) and policy.can_view_funding(sheet):
        return reverse("funding:sheet", args=args), event.object_label
    return reverse("plans:sheet_detail", args=args), event.object_label


def _meeting_target(event, meeting, policy):
    if meeting is None or not policy.can_view_meeting(meeting):
        return None, HIDDEN_MEETING
    if event.object_type != MEETING and not policy.can_see_registrations(meeting):
        return None, HIDDEN_REGISTRATION
    return reverse("meetings:detail", args=[meeting.territory.code, meeting.pk]), (
        event.object_label
    )


def _territory_target(event, policy, contacts):
    territory = event.territory
    code = territory.code
    if event.object_type in (CONTACT, CONTACT_LIST):
        if not policy.can_manage_contacts(territory.pk):
            return None, HIDDEN_CONTACT
        if event.object_type == CONTACT_LIST:
            return reverse("contacts:index", args=[code]), event.object_label
        if event.object_id in contacts:
            return reverse("contacts:detail", args=[code, event.object_id]), event.object_label
        return None, event.object_label  # erased since: its name was taken out of the log
    if event.object_type in DIRECTORY:
        return reverse("directory:index", args=[code]), event.object_label
    if event.object_type == MEMBERSHIP:
        if policy.can_manage_members(territory.pk):
            return reverse("accounts:territory_members", args=[code]), event.object_label
        return None, event.object_label
    if event.object_type == TERRITORY:
        return reverse("territories:detail", args=[code]), event.object_label
    return None, event.object_label


def attach(changes, policy):
    """Give each rendered event of the recent changes (`audit.render.describe`, with its
    `territory` read) its `url` (None: no link), the `object_text` to show, and `hidden`:
    the object is out of the user's sight, its changes and comment are not shown either."""
    events = [change.event for change in changes]
    sheets = _sheets(events)
    meetings = _meetings(events)
    contacts = _contacts(events, policy)
    for change in changes:
        event = change.event
        sheet_id, meeting_id = _sheet_id(event), _meeting_id(event)
        if event.object_type == SHEET or event.object_type in ON_A_SHEET:
            url, text = _sheet_target(event, sheets.get(sheet_id), policy)
        elif event.object_type == MEETING or event.object_type in ON_A_MEETING:
            url, text = _meeting_target(event, meetings.get(meeting_id), policy)
        else:
            url, text = _territory_target(event, policy, contacts)
        change.url, change.object_text, change.hidden = url, text, text in HIDDEN
    return changes
