"""The receiving level's consolidated report: on screen, and as XLSX, DOCX and PDF."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from danvan.submissions import files
from danvan.submissions.consolidation import consolidate
from danvan.submissions.views.reports import chosen_level, level_context


def consolidation(request: HttpRequest, pk: int) -> HttpResponse:
    level = chosen_level(request, pk)
    result = consolidate(
        level.obligations, template=level.template, period=level.period, today=level.today
    )
    file_format = request.GET.get("format", "")
    if file_format in files.CONTENT_TYPES and result.receiver is not None:
        content = files.render(result, file_format)
        response = HttpResponse(content, content_type=files.CONTENT_TYPES[file_format])
        name = f"tong-hop-{level.template.pk}-{level.period.end:%Y-%m}.{file_format}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(
        request,
        "submissions/consolidation.html",
        {**level_context(level), "c": result, "formats": list(files.CONTENT_TYPES)},
    )
