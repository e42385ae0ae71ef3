"""The minute (biên bản) of a dialogue, as PDF (``core.pdf.render_pdf``) and as DOCX."""

import io

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from danvan.core.formatting import format_date
from danvan.core.pdf import render_pdf
from danvan.dialogues.views.dialogues import dialogue_context, dialogue_or_404

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _filename(dialogue, extension: str) -> str:
    place = slugify(dialogue.place.name_folded)
    return f"bien-ban-doi-thoai-{dialogue.held_on:%Y%m%d}-{place}.{extension}"


def minute_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = dialogue_or_404(request, pk)
    context = dialogue_context(request, dialogue) | {"today": timezone.localdate()}
    content = render_pdf(render_to_string("dialogues/minute.html", context, request=request))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(dialogue, "pdf")}"'
    return response


def minute_docx(request: HttpRequest, pk: int) -> HttpResponse:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    dialogue = dialogue_or_404(request, pk)
    context = dialogue_context(request, dialogue)
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    head = document.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    head.add_run(_("SOCIALIST REPUBLIC OF VIET NAM")).bold = True
    head.add_run("\n" + _("Independence – Freedom – Happiness")).bold = True
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(_("MINUTE OF THE DIALOGUE")).bold = True
    document.add_paragraph(str(dialogue))
    facts = [
        (_("Held on"), format_date(dialogue.held_on)),
        (_("Place"), dialogue.hamlet.full_name if dialogue.hamlet else dialogue.place.full_name),
        (_("Venue"), dialogue.venue or "—"),
        (_("Chaired by"), f"{dialogue.chair_name}, {dialogue.chair_position}"),
        (_("Units and organisations present"), dialogue.present or "—"),
        (
            _("Attendance"),
            "; ".join(f"{row.get_group_display()}: {row.count}" for row in context["attendance"])
            or "—",
        ),
        (_("Topics"), dialogue.topics or "—"),
    ]
    for label, value in facts:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    document.add_paragraph().add_run(_("Opinions raised and answers")).bold = True
    for opinion in context["opinions"]:
        who = opinion.get_group_display()
        if context["show_names"] and opinion.speaker_name:
            who = f"{opinion.speaker_name} ({who})"
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{opinion.number}. {who} — {opinion.get_field_display()}: ").bold = True
        paragraph.add_run(opinion.content)
        if opinion.answer:
            document.add_paragraph(_("Answer: %(answer)s") % {"answer": opinion.answer})
        if opinion.followup_id:
            document.add_paragraph(
                _("Commitment: %(title)s — %(assignee)s, by %(day)s")
                % {
                    "title": opinion.followup.title,
                    "assignee": opinion.followup.assignee,
                    "day": format_date(opinion.followup.due_date),
                }
            )
    signatures = document.add_table(rows=1, cols=2)
    signatures.cell(0, 0).text = _("SECRETARY")
    signatures.cell(0, 1).text = _("CHAIR")
    buffer = io.BytesIO()
    document.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(dialogue, "docx")}"'
    return response
