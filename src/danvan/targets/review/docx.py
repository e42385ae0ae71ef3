"""The review document as Word, in the layout of a Party report (Hướng dẫn 36-HD/VPTW): the
header block (the Party committee and the issuing body on the left, "ĐẢNG CỘNG SẢN VIỆT NAM" and
the place and date on the right), the title, the sentences, the targets table, the
recommendations and their state. Times New Roman 14, A4, margins 2–3 cm."""

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from danvan.targets.review.content import ReviewContent

FONT = "Times New Roman"
CENTER = WD_ALIGN_PARAGRAPH.CENTER


def header_lines(content: ReviewContent) -> dict:
    owner = content.programme.owner
    day = content.as_of
    return {
        "above": (owner.parent.name if owner.parent_id else "").upper(),
        "body": owner.name.upper(),
        "motto": _("COMMUNIST PARTY OF VIETNAM"),
        "date_line": _("%(place)s, on %(day)s/%(month)s/%(year)s")
        % {
            "place": content.programme.unit.name,
            "day": f"{day.day:02d}",
            "month": f"{day.month:02d}",
            "year": day.year,
        },
    }


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


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _cell(cell, text, *, bold=False, align=WD_ALIGN_PARAGRAPH.LEFT, size=11):
    cell.text = ""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    run = paragraph.add_run(str(text))
    run.bold = bold
    run.font.size = Pt(size)


def _table(document, headers, rows) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell(cell, text, bold=True, align=CENTER, size=10)
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            _cell(cell, text)


def target_headers() -> list[str]:
    return [
        _("No."),
        _("Target"),
        _("Unit of measure"),
        _("Target value"),
        _("Figure"),
        _("Share of the target"),
        _("Standing"),
    ]


def target_cells(row) -> list[str]:
    return [
        row.number,
        row.name,
        row.unit_of_measure,
        row.goal,
        row.value,
        row.percent,
        str(row.standing.label).capitalize(),
    ]


def recommendation_headers() -> list[str]:
    return [_("No."), _("Recommendation"), _("Addressed to"), _("Due"), _("State")]


def render(content: ReviewContent) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)

    head = header_lines(content)
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.paragraphs[0].alignment = CENTER
    left.paragraphs[0].add_run(head["above"]).font.size = Pt(13)
    _paragraph(left, head["body"], bold=True, size=13, align=CENTER)
    _paragraph(left, "*", size=13, align=CENTER)
    right.paragraphs[0].alignment = CENTER
    motto = right.paragraphs[0].add_run(head["motto"])
    motto.bold, motto.underline = True, True
    _paragraph(right, "")
    _paragraph(right, head["date_line"], italic=True, align=CENTER)

    _paragraph(document, "")
    _paragraph(document, content.heading, bold=True, size=15, align=CENTER)
    _paragraph(document, content.title, bold=True, align=CENTER)
    _paragraph(document, "-----", align=CENTER)
    _paragraph(document, _("I. RESULTS"), bold=True)
    for sentence in content.sentences:
        body = _paragraph(document, sentence, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        body.paragraph_format.first_line_indent = Cm(1)
        body.paragraph_format.space_after = Pt(6)
    _paragraph(document, _("II. TARGETS"), bold=True)
    _table(document, target_headers(), [target_cells(row) for row in content.rows])
    _paragraph(document, "")
    _paragraph(document, _("III. RECOMMENDATIONS AND THEIR FOLLOW-UP"), bold=True)
    if content.recommendations:
        _table(
            document,
            recommendation_headers(),
            [
                [str(n), r.title, r.addressed_to, r.due, r.state]
                for n, r in enumerate(content.recommendations, start=1)
            ],
        )
    else:
        _paragraph(document, _("No recommendation recorded yet."), italic=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
