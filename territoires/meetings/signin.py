"""The sign-in sheet (feuille d'émargement) of a meeting as a PDF, drawn by WeasyPrint
from an HTML template: the registrants sorted by name with their organisation, a blank
signature column, then blank lines for the people who come without registering."""

from django.template import loader

from territoires.core.text import fold

from .models import SEATED, Registration

BLANK_LINES = 10


def sign_in_rows(meeting):
    """Who signs: the registrants holding a seat (and those already checked in), sorted
    by last then first name, case and accents aside."""
    rows = list(
        Registration.objects.filter(meeting=meeting, status__in=SEATED)
        .select_related("organisation")
        .order_by("last_name", "first_name", "id")
    )
    return sorted(rows, key=lambda r: (fold(r.last_name), fold(r.first_name), r.pk))


def sign_in_sheet_pdf(meeting, *, blank_lines=BLANK_LINES):
    """The PDF (bytes)."""
    from weasyprint import HTML  # heavy: loaded when a sheet is drawn

    html = loader.render_to_string(
        "meetings/sign_in_sheet.html",
        {
            "meeting": meeting,
            "rows": sign_in_rows(meeting),
            "blank_lines": range(blank_lines),
            "co_organisers": list(meeting.co_organisers.order_by("name")),
        },
    )
    return HTML(string=html).write_pdf()
