"""Certificates (a PDF page per honour, from the kind's title and wording: the national motto,
space for the emblem, the decision's number and day, the signer) and a decision's list of
honoured people as a Word document."""

import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from danvan.core.formatting import format_date
from danvan.core.pdf import render_pdf, render_pdf_in_parts

PAGES_PER_PART = 20  # a part is rendered, then the job's progress moves


def _about(honour) -> str:
    if honour.person_id:
        person = honour.person
        bits = []
        if person.ethnicity:
            bits.append(_("%(group)s ethnic group") % {"group": person.ethnicity})
        bits.append(person.unit.full_name)
        return ", ".join(bits)
    if honour.initiative_id:
        return honour.initiative.place.full_name if honour.initiative.place_id else ""
    return honour.place.full_name if honour.place_id else ""


def long_date(day) -> str:
    """ "ngày 15 tháng 10 năm 2018"."""
    return _("day %(day)s month %(month)s year %(year)s") % {
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}",
        "year": day.year,
    }


def certificate_item(honour) -> dict:
    kind = honour.kind
    place = kind.conferred_by.unit.name if kind.conferred_by.unit_id else _("Hà Nội")
    return {
        "issuer": kind.conferred_by.name,
        "title": kind.certificate_title or kind.name,
        "text": kind.certificate_text,
        "name": honour.recipient_name,
        "about": _about(honour),
        "number": honour.decision_number,
        "day": format_date(honour.decided_on),
        "dated": f"{place}, {long_date(honour.decided_on)}",
        "signer": honour.signer,
        "code": f"{honour.decided_on.year}-{honour.pk:06d}",
    }


def _html(honours) -> str:
    return render_to_string(
        "honors/certificate.html", {"items": [certificate_item(h) for h in honours]}
    )


def certificate_pdf(honour) -> bytes:
    return render_pdf(_html([honour]))


def certificates_pdf(honours, *, progress=None) -> bytes:
    """Every certificate of ``honours`` in one PDF, rendered in parts of
    ``PAGES_PER_PART``; ``progress(done)`` gets the number of certificates made so far."""
    honours = list(honours)
    parts = [honours[i : i + PAGES_PER_PART] for i in range(0, len(honours), PAGES_PER_PART)]

    def advance(done_parts: int) -> None:
        if progress is not None:
            progress(min(done_parts * PAGES_PER_PART, len(honours)))

    return render_pdf_in_parts((_html(part) for part in parts), progress=advance)


def decision_docx(proposal, honours) -> bytes:
    """The list attached to the decision (danh sách kèm theo quyết định) as DOCX."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(_("LIST OF THOSE HONOURED").upper())
    run.bold = True
    line = document.add_paragraph()
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number = proposal.decision_number or (proposal.decision.number if proposal.decision else "")
    line.add_run(
        _("(Attached to decision No. %(number)s of %(day)s)")
        % {"number": number, "day": format_date(proposal.decided_on)}
    ).italic = True
    document.add_paragraph(proposal.kind.name).alignment = WD_ALIGN_PARAGRAPH.CENTER
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells,
        [_("No."), _("Recipient"), _("Ethnic group"), _("Place")],
        strict=True,
    ):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for index, honour in enumerate(honours, start=1):
        cells = table.add_row().cells
        cells[0].text = str(index)
        cells[1].text = honour.recipient_name
        cells[2].text = honour.person.ethnicity if honour.person_id else ""
        cells[3].text = honour.place.full_name if honour.place_id else ""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
