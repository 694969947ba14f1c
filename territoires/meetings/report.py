"""The compte rendu of a meeting: attendance, the fiches presented with their presenter,
the synthesis of the companies' feedback, the oublis and what became of them, the
decisions and next dates with their owner and due date (`followups.py`). The same
content feeds the page and the PDF (WeasyPrint); the agenda's fiches are those the reader
may see."""

from django.template import loader

from territoires.core.text import fold

from . import feedback, followups, services
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
        "follow_ups": followups.follow_ups(meeting),
    }


def report_pdf(context):
    from weasyprint import HTML  # heavy: loaded when a PDF is drawn

    return HTML(string=loader.render_to_string("meetings/report_pdf.html", context)).write_pdf()


def _docx_follow_ups(doc, follow_ups):
    doc.add_heading("Décisions et prochaines échéances", level=2)
    if not follow_ups:
        doc.add_paragraph("Aucune décision ni échéance enregistrée.")
        return
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    headers = ("Nature", "Intitulé", "Responsable", "Échéance", "État")
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    for f in follow_ups:
        cells = table.add_row().cells
        cells[0].text = f.get_kind_display()
        cells[1].text = f.text + (" (exemple)" if f.is_example else "")
        cells[2].text = f.owner.full_name if f.owner_id else "—"
        cells[3].text = f"{f.due_date:%d/%m/%Y}"
        cells[4].text = f.get_status_display()


def report_docx(context):
    """The compte rendu as a Word document (bytes), with the same content as the page."""
    import io

    from docx import Document

    meeting = context["meeting"]
    doc = Document()
    doc.core_properties.title = f"Compte rendu — {meeting.title}"
    doc.add_heading(f"Compte rendu — {meeting.title}", level=1)
    place = ", ".join(p for p in (meeting.venue_name, meeting.venue_address) if p)
    doc.add_paragraph(
        f"{meeting.get_kind_display()} du {meeting.date:%d/%m/%Y}, de "
        f"{meeting.start_time:%H:%M} à {meeting.end_time:%H:%M}" + (f" — {place}" if place else "")
    )
    doc.add_heading("Participation", level=2)
    present = context["present"]
    doc.add_paragraph(f"{len(present)} présent(s) pour {context['registered']} inscrit(s).")
    for r in present:
        label = f"{r.last_name.upper()} {r.first_name}"
        if r.organisation_label:
            label += f" — {r.organisation_label}"
        doc.add_paragraph(label, style="List Bullet")
    doc.add_heading("Ordre du jour", level=2)
    for item in context["agenda"]:
        speakers = ", ".join(p.full_name for p in item.speakers.all())
        start = f"{item.start_time:%H:%M} : " if item.start_time else ""
        text = f"{start}{item.title}" + (f" ({speakers})" if speakers else "")
        doc.add_paragraph(text, style="List Number")
    doc.add_heading("Fiches présentées et avis des entreprises", level=2)
    rows = context["rows"]
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ("Fiche", "Avis", "Prêtes à s'engager", "Besoins"), strict=True
    ):
        cell.text = text
    for presented, summary in rows:
        cells = table.add_row().cells
        cells[0].text = f"{presented.sheet.code} {presented.sheet.title}"
        if summary:
            cells[1].text = "\n".join(f"{label} : {n}" for label, n in summary["interest_rows"])
            cells[2].text = "\n".join(f.organisation_name for f in summary["committed"]) or "—"
            cells[3].text = "\n".join(f"{label} : {n}" for label, n in summary["need_rows"]) or "—"
        else:
            cells[1].text, cells[2].text, cells[3].text = "Aucun avis", "—", "—"
    doc.add_heading("Oublis signalés", level=2)
    for o in context["oublis"] or []:
        follow = o.get_topic_status_display().lower()
        if o.topic_sheet_id:
            follow += f", fiche {o.topic_sheet.code}"
        doc.add_paragraph(
            f"« {o.forgotten_topic} » — {o.organisation_name} (avis sur {o.sheet.code}) : {follow}",
            style="List Bullet",
        )
    if not context["oublis"]:
        doc.add_paragraph("Aucun oubli signalé.")
    _docx_follow_ups(doc, context["follow_ups"])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
