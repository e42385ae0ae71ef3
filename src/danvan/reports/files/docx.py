"""The report as a Word document in the layout of a Party report (Hướng dẫn 36-HD/VPTW on the
format of Party documents): the header block (the Party organisation and the issuing body on
the left, "ĐẢNG CỘNG SẢN VIỆT NAM" and the place and date on the right), the title, the
narrative, the tables of figures, and the recipients. Times New Roman 14, A4, margins 2–3 cm."""

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from danvan.core.formatting import format_number, format_percent
from danvan.reports.figures import Report
from danvan.reports.files import common
from danvan.reports.files.issuer import Issuer

FONT = "Times New Roman"


def _paragraph(
    container, text="", *, bold=False, italic=False, size=14, align=None, underline=False
):
    paragraph = container.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(0)
    if align is not None:
        paragraph.alignment = align
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        run.font.size = Pt(size)
    return paragraph


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _header_block(document, issuing: Issuer) -> None:
    party, body = issuing.above, issuing.body
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.paragraphs[0].text = ""
    center = WD_ALIGN_PARAGRAPH.CENTER
    first = left.paragraphs[0]
    first.alignment = center
    first.add_run(party).font.size = Pt(13)
    _paragraph(left, body, bold=True, size=13, align=center)
    _paragraph(left, "*", size=13, align=center)
    _paragraph(left, issuing.number(), size=13, align=center)
    motto, words = issuing.motto()
    top = right.paragraphs[0]
    top.alignment = center
    run = top.add_run(motto)
    run.bold, run.underline = True, not words
    run.font.size = Pt(13 if words else 14)
    if words:  # the State's motto: its second line is underlined
        _paragraph(right, words, bold=True, underline=True, align=center)
    _paragraph(right, "")
    _paragraph(right, common.date_line(issuing), italic=True, align=center)


def _cell(cell, text, *, bold=False, align=WD_ALIGN_PARAGRAPH.RIGHT, size=11):
    cell.text = ""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)


def _figures_table(document, report: Report) -> None:
    labels = common.dimension_headers(report)
    first, *others = common.main_measures(report) or [None]
    headers = [*labels]
    if first is not None:
        headers += [
            common.measure_label(first),
            report.period.comparison_label().capitalize(),
            pgettext("report", "Change"),
            pgettext("report", "Change (%)"),
            *[common.measure_label(m) for m in others],
        ]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=10)
    for row in common.table_rows(report):
        bold = row.kind != "row"
        values = []
        if first is not None:
            figure = row.figures[first]
            values = [
                format_number(figure.value),
                format_number(figure.previous),
                f"{figure.change:+d}".replace("+0", "0") if figure.change else "0",
                format_percent(figure.percent) if figure.percent is not None else "—",
                *[format_number(row.figures[m].value) for m in others],
            ]
        cells = table.add_row().cells
        for cell, text in zip(cells, common.row_labels(report, row), strict=False):
            _cell(cell, text, bold=bold, align=WD_ALIGN_PARAGRAPH.LEFT)
        for cell, text in zip(cells[len(labels) :], values, strict=True):
            _cell(cell, text, bold=bold)


def _breakdown_table(document, report: Report, header: str, codes: list[str]) -> None:
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    headers = [
        header,
        pgettext("report", "This period"),
        report.period.comparison_label().capitalize(),
    ]
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for measure in codes:
        figure = report.total.figures[measure]
        cells = table.add_row().cells
        _cell(cells[0], common.measure_label(measure), align=WD_ALIGN_PARAGRAPH.LEFT)
        _cell(cells[1], format_number(figure.value))
        _cell(cells[2], format_number(figure.previous))


def render(report: Report) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)

    issuing = common.issuer(report)
    _header_block(document, issuing)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, "")
    _paragraph(document, common.title(), bold=True, size=15, align=center)
    _paragraph(document, common.subtitle(report), bold=True, align=center)
    _paragraph(document, f"({report.scope_text or report.scope_label})", italic=True, align=center)
    _paragraph(document, "-----", align=center)

    _paragraph(document, _("I. RESULTS"), bold=True)
    body = _paragraph(document, report.narrative, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    body.paragraph_format.first_line_indent = Cm(1)
    body.paragraph_format.space_after = Pt(6)
    _paragraph(document, _("II. FIGURES"), bold=True)
    for line in common.header_lines(report)[:3]:
        _paragraph(document, line, italic=True, size=12)
    _figures_table(document, report)
    for breakdown, codes in common.breakdowns(report):
        _paragraph(document, "")
        _paragraph(document, str(breakdown.title), bold=True, size=12)
        _breakdown_table(document, report, str(breakdown.header), codes)

    _paragraph(document, "")
    closing = document.add_table(rows=1, cols=2)
    _no_borders(closing)
    left, right = closing.rows[0].cells
    recipients = left.paragraphs[0].add_run(_("Recipients:"))
    recipients.bold, recipients.italic = True, True
    recipients.font.size = Pt(12)
    for line in issuing.recipients:
        _paragraph(left, line, size=11)
    right.paragraphs[0].alignment = center
    first, *rest = issuing.signature
    right.paragraphs[0].add_run(first).bold = True
    for line in rest:
        _paragraph(right, line, bold=True, align=center)
    _paragraph(right, _("(signed and sealed)"), italic=True, size=12, align=center)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
