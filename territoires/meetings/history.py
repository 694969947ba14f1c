"""A meeting's tracked values as the audit log keeps them: its fields, and its agenda as
rows (one per item, with its speakers and the fiches presented)."""

from territoires.audit import values
from territoires.audit.registry import Column, FieldInfo

MEETING_FIELDS = (
    "kind",
    "title",
    "date",
    "start_time",
    "end_time",
    "venue_name",
    "venue_address",
    "host_organisation",
    "co_organisers",
    "invitation_text",
    "capacity",
    "visibility",
    "status",
)
AGENDA_COLUMNS = (
    Column("title", "Titre"),
    Column("start_time", "Heure"),
    Column("duration_minutes", "Durée en minutes", values.INTEGER),
    Column("speakers", "Intervenants"),
    Column("sheets", "Fiches présentées"),
)
FOLLOW_UP_COLUMNS = (
    Column(
        "kind", "Nature", values.CHOICE, {"decision": "Décision", "next_date": "Prochaine échéance"}
    ),
    Column("text", "Intitulé"),
    Column("owner", "Responsable"),
    Column("due_date", "Échéance", values.DATE),
    Column("status", "État", values.CHOICE, {"open": "À faire", "done": "Fait"}),
)
AUDIT_FIELDS = {
    "agenda": FieldInfo("Ordre du jour", columns=AGENDA_COLUMNS),
    "follow_ups": FieldInfo("Suites de la rencontre", columns=FOLLOW_UP_COLUMNS),
}


def snapshot(meeting, names=MEETING_FIELDS):
    return values.snapshot(meeting, names)


def _hhmm(time):
    return time.strftime("%H:%M") if time else None


def agenda_rows(meeting):
    """The agenda as the log keeps it: speakers and fiches as text, at the time."""
    items = meeting.agenda_items.order_by("position", "id").prefetch_related(
        "speakers", "presented_sheets__sheet", "presented_sheets__presenter"
    )
    rows = []
    for item in items:
        sheets = []
        for presented in item.presented_sheets.all():
            text = presented.sheet.code
            if presented.presenter_id:
                text += f" ({presented.presenter.full_name})"
            sheets.append(text)
        rows.append(
            {
                "title": item.title,
                "start_time": _hhmm(item.start_time),
                "duration_minutes": item.duration_minutes,
                "speakers": ", ".join(p.full_name for p in item.speakers.all()) or None,
                "sheets": ", ".join(sheets) or None,
            }
        )
    return {"agenda": (values.ROWS, rows)}


def follow_up_rows(meeting):
    """The follow-ups as the log keeps them: the owner's name at the time."""
    rows = [
        {
            "kind": f.kind,
            "text": f.text,
            "owner": f.owner.full_name if f.owner_id else None,
            "due_date": f.due_date.isoformat(),
            "status": f.status,
        }
        for f in meeting.follow_ups.select_related("owner").order_by("due_date", "id")
    ]
    return {"follow_ups": (values.ROWS, rows)}
