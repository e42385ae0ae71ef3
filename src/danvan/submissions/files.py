"""The consolidated report as files officials hand in: XLSX (the tables as numbers), DOCX and PDF
in the layout of a Party report — the header block and signature of the receiving level as it is
on the date of issue (``reports.files.issuer``), the title, I. the results (the engine's
narrative and who reported), II. the figures (sent by the units beside the records), III. the
figures entered by the units, the units missing, and the recipients. Always in Vietnamese."""

import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from danvan.core.formatting import format_number
from danvan.core.pdf import render_pdf
from danvan.reports.files.common import date_line
from danvan.reports.files.issuer import issuer_of

FONT = "Times New Roman"
NUMBER = "#,##0"
SIGNED = "+#,##0;-#,##0;0"
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _issuer(consolidation):
    receiver = consolidation.receiver
    return issuer_of(
        unit=receiver.receiver_unit if receiver.receiver_unit_id else None,
        organization=receiver.receiver_organization,
        on=timezone.localdate(),
    )


def _words(consolidation) -> dict:
    """What the three files say the same way."""
    period = consolidation.period
    return {
        "title": _("REPORT"),
        "subtitle": _("%(report)s, %(period)s (consolidated)")
        % {"report": consolidation.template.name, "period": period.label()},
        "scope": consolidation.receiver.receiver_name() if consolidation.receiver else "",
        "summary": consolidation.summary(),
        "note": consolidation.reform_note(),
        "headers": [
            _("Figure"),
            _("Sum of the accepted reports"),
            _("The records"),
            _("Difference"),
        ],
    }


def _number(value) -> str:
    return format_number(value)


# ---- XLSX ---------------------------------------------------------------------------------------


def _xlsx(consolidation) -> bytes:
    words = _words(consolidation)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Consolidated")[:31]
    bold = Font(bold=True)
    sheet.append([words["subtitle"]])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([words["scope"]])
    sheet.append([consolidation.period.dates()])
    sheet.append([words["summary"]])
    if words["note"]:
        sheet.append([words["note"]])
    sheet.append([])
    sheet.append(words["headers"])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for row in consolidation.figures:
        sheet.append([row["label"], row["sent"], row["records"], row["difference"]])
        sheet.cell(sheet.max_row, 2).number_format = NUMBER
        sheet.cell(sheet.max_row, 3).number_format = NUMBER
        sheet.cell(sheet.max_row, 4).number_format = SIGNED
    if consolidation.indicators:
        sheet.append([])
        sheet.append([_("Figures entered by the units"), _("Total"), _("Units that entered it")])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for row in consolidation.indicators:
            sheet.append(
                [
                    row["label"],
                    float(row["total"]) if row["total"] % 1 else int(row["total"]),
                    row["units"],
                ]
            )
            sheet.cell(sheet.max_row, 2).number_format = "#,##0.##"
    sheet.append([])
    sheet.append([_("Reporting unit"), _("Status"), _("Unit of today")])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for item in consolidation.accepted:
        sheet.append([item["name"], str(_("accepted")), item["today"]])
    for row in consolidation.missing:
        sheet.append([row.obligation.reporter_name(), row.standing_label, ""])
    sheet.column_dimensions["A"].width = 60
    for letter in "BCD":
        sheet.column_dimensions[letter].width = 22
    for row in sheet.iter_rows(min_row=1, max_row=5):
        row[0].alignment = Alignment(wrap_text=False)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ---- DOCX ---------------------------------------------------------------------------------------


def _paragraph(container, text="", *, bold=False, italic=False, size=14, align=None):
    paragraph = container.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(0)
    if align is not None:
        paragraph.alignment = align
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        run.font.size = Pt(size)
    return paragraph


def _table(document, headers, rows) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(str(text))
        run.bold = True
        run.font.size = Pt(11)
    for values in rows:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, values, strict=True)):
            cell.text = ""
            paragraph = cell.paragraphs[0]
            if index:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.add_run(str(text)).font.size = Pt(11)


def _docx_header(document, issuing) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.paragraphs[0].alignment = center
    left.paragraphs[0].add_run(issuing.above).font.size = Pt(13)
    _paragraph(left, issuing.body, bold=True, size=13, align=center)
    _paragraph(left, "*", size=13, align=center)
    _paragraph(left, issuing.number(), size=13, align=center)
    motto, second = issuing.motto()
    right.paragraphs[0].alignment = center
    run = right.paragraphs[0].add_run(motto)
    run.bold, run.underline = True, not second
    if second:
        _paragraph(right, second, bold=True, align=center).runs[0].underline = True
    _paragraph(right, date_line(issuing), italic=True, align=center)


def _docx_closing(document, issuing) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    closing = document.add_table(rows=1, cols=2)
    left, right = closing.rows[0].cells
    run = left.paragraphs[0].add_run(_("Recipients:"))
    run.bold, run.italic = True, True
    for line in issuing.recipients:
        _paragraph(left, line, size=11)
    right.paragraphs[0].alignment = center
    first, *rest = issuing.signature
    right.paragraphs[0].add_run(first).bold = True
    for line in rest:
        _paragraph(right, line, bold=True, align=center)


def _docx(consolidation) -> bytes:
    words, issuing = _words(consolidation), _issuer(consolidation)
    document = Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _docx_header(document, issuing)
    _paragraph(document, "")
    _paragraph(document, words["title"], bold=True, size=15, align=center)
    _paragraph(document, words["subtitle"], bold=True, align=center)
    _paragraph(document, f"({words['scope']})", italic=True, align=center)
    _paragraph(document, "-----", align=center)
    _paragraph(document, _("I. RESULTS"), bold=True)
    for text in (consolidation.narrative, words["summary"], words["note"]):
        if text:
            body = _paragraph(document, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            body.paragraph_format.first_line_indent = Cm(1)
    _paragraph(document, _("II. FIGURES"), bold=True)
    _table(
        document,
        words["headers"],
        [
            [r["label"], _number(r["sent"]), _number(r["records"]), _number(r["difference"])]
            for r in consolidation.figures
        ],
    )
    if consolidation.indicators:
        _paragraph(document, "")
        _paragraph(document, _("III. FIGURES ENTERED BY THE UNITS"), bold=True)
        _table(
            document,
            [_("Figure"), _("Total"), _("Units that entered it")],
            [
                [r["label"], _number(r["total"]), _number(r["units"])]
                for r in consolidation.indicators
            ],
        )
    _paragraph(document, "")
    _docx_closing(document, issuing)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---- PDF ----------------------------------------------------------------------------------------


def document_html(consolidation) -> str:
    issuing = _issuer(consolidation)
    return render_to_string(
        "submissions/consolidation_document.html",
        {
            "c": consolidation,
            "words": _words(consolidation),
            "issuer": issuing,
            "motto": issuing.motto(),
            "date_line": date_line(issuing),
        },
    )


def render(consolidation, file_format: str) -> bytes:
    with override("vi"):
        if file_format == "xlsx":
            return _xlsx(consolidation)
        if file_format == "docx":
            return _docx(consolidation)
        return render_pdf(document_html(consolidation))
