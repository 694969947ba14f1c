"""The bilan as a document: the charts of the page and the PDF (WeasyPrint), and a DOCX
(python-docx) with the same content."""

import io

from django.template import loader
from django.utils.formats import number_format

from . import charts


def money_text(value):
    return f"{number_format(value, decimal_pos=0, force_grouping=True)} €"


def bilan_charts(bilan):
    """The SVG charts of the bilan: actions by region (national bilan) and by axis, money
    committed by axis (full version)."""
    drawn = {"regions": None, "money": None}
    if bilan.region is None and bilan.by_region:
        drawn["regions"] = charts.bars(
            "Actions par région",
            ((row.label, row.actions, str(row.actions)) for row in bilan.by_region),
        )
    drawn["axes"] = charts.bars(
        "Actions par axe", ((row.label, row.actions, str(row.actions)) for row in bilan.by_axis)
    )
    if not bilan.public:
        drawn["money"] = charts.bars(
            "Montants engagés par axe",
            ((row.label, row.committed, money_text(row.committed)) for row in bilan.by_axis),
        )
    return drawn


def bilan_pdf(bilan):
    from weasyprint import HTML  # heavy: loaded when a PDF is drawn

    context = {"bilan": bilan, "charts": bilan_charts(bilan)}
    return HTML(string=loader.render_to_string("steering/bilan_pdf.html", context)).write_pdf()


def _table(doc, caption, header, rows):
    doc.add_paragraph(caption, style="Caption")
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = str(text)


def _columns(bilan, first):
    header = [first, "Actions"]
    if not bilan.public:
        header += ["Actions avec engagement", "Engagé"]
    return header


def _cells(bilan, row):
    cells = [row.label, row.actions]
    if not bilan.public:
        cells += [row.funded_actions, money_text(row.committed)]
    return cells


def bilan_docx(bilan):
    """The bilan as a Word document (bytes)."""
    from docx import Document

    doc = Document()
    doc.core_properties.title = bilan.title
    doc.add_heading(bilan.title, level=1)
    if bilan.public:
        doc.add_paragraph("Version publique : fiches publiées seulement, sans les financements.")
    doc.add_paragraph(bilan.headline)
    doc.add_paragraph(bilan.precise)
    if bilan.by_region:
        doc.add_heading("Par région", level=2)
        _table(
            doc,
            "Territoires et actions par région",
            ["Région", "Territoires", "Plan validé", "Signés"] + _columns(bilan, "")[1:],
            (
                [row.label, row.territories, row.validated_territories, row.signed_territories]
                + _cells(bilan, row)[1:]
                for row in bilan.by_region
            ),
        )
    doc.add_heading("Par axe", level=2)
    axes = (_cells(bilan, row) for row in bilan.by_axis)
    _table(doc, "Actions par axe", _columns(bilan, "Axe"), axes)
    doc.add_heading("Par statut", level=2)
    _table(
        doc,
        "Fiches par statut",
        ["Statut", "Fiches"],
        ([row.label, row.actions] for row in bilan.by_status),
    )
    if not bilan.public:
        doc.add_heading("Engagements financiers par financeur", level=2)
        _table(
            doc,
            "Engagements par financeur",
            ["Financeur", "Actions avec engagement", "Demandé", "Engagé", "Versé"],
            (
                [
                    row.label,
                    row.funded_actions,
                    money_text(row.requested),
                    money_text(row.committed),
                    money_text(row.paid),
                ]
                for row in bilan.by_financer
            ),
        )
    if bilan.progress:
        doc.add_heading("Objectifs du programme", level=2)
        for item in bilan.progress:
            reached = money_text(item.reached) if item.is_money else number_format(item.reached)
            goal = (
                money_text(item.target.value)
                if item.is_money
                else number_format(item.target.value, decimal_pos=0)
            )
            percent = f" ({item.percent} %)" if item.percent is not None else ""
            doc.add_paragraph(
                f"{item.target.label} (échéance {item.target.due_on:%d/%m/%Y}) : "
                f"{reached} sur {goal}{percent}",
                style="List Bullet",
            )
    doc.add_heading("Territoires ayant signé", level=2)
    for item in bilan.signed:
        since = f", depuis le {item.signed_on:%d/%m/%Y}" if item.signed_on else ""
        doc.add_paragraph(
            f"{item.code} {item.name} ({item.region}) — {item.stage}{since}", style="List Bullet"
        )
    if not bilan.signed:
        doc.add_paragraph("Aucun territoire n'avait signé à cette date.")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
