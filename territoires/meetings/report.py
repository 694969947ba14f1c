"""The compte rendu of a meeting: attendance, the fiches presented with their presenter,
the synthesis of the companies' feedback, the oublis and what became of them. The same
content feeds the page and the PDF (WeasyPrint); the agenda's fiches are those the reader
may see."""

from django.template import loader

from territoires.core.text import fold

from . import feedback, services
from .models import RegistrationStatus, SheetFeedback


def report(meeting, policy):
    """Everything the compte rendu shows, in a fixed number of queries."""
    agenda = services.agenda(meeting)
    summaries = feedback.synthesis(meeting)
    presented = [
        (item, p)
        for item in agenda
        for p in item.presented_sheets.all()
        if policy.can_view_sheet(p.sheet)
    ]
    present = sorted(
        meeting.registrations.filter(status=RegistrationStatus.ATTENDED)
        .select_related("organisation")
        .order_by("last_name", "first_name", "id"),
        key=lambda r: (fold(r.last_name), fold(r.first_name), r.pk),
    )
    registered = meeting.registrations.exclude(status=RegistrationStatus.CANCELLED).count()
    oublis = list(
        SheetFeedback.objects.filter(meeting=meeting)
        .exclude(forgotten_topic="")
        .select_related("sheet", "topic_sheet")
        .order_by("created_at", "id")
    )
    return {
        "meeting": meeting,
        "co_organisers": list(meeting.co_organisers.order_by("name")),
        "agenda": agenda,
        "present": present,
        "registered": registered,
        "rows": [(p, summaries.get(p.sheet_id)) for _, p in presented],
        "oublis": [o for o in oublis if policy.can_view_sheet(o.sheet)],
    }


def report_pdf(context):
    from weasyprint import HTML  # heavy: loaded when a PDF is drawn

    return HTML(string=loader.render_to_string("meetings/report_pdf.html", context)).write_pdf()
