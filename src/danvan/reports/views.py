"""The report builder (htmx: the result follows the form), the files rendered in the
background with their status page, and the download."""

import hashlib

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from danvan.accounts.queries import reader_signature
from danvan.core import fresh, measures
from danvan.core.views import render_panels
from danvan.reports import charts
from danvan.reports.files import CONTENT_TYPES
from danvan.reports.files.common import measure_label
from danvan.reports.forms import ReportForm, initial_params
from danvan.reports.models import ReportJob
from danvan.reports.queries import build_report
from danvan.reports.tasks import start_job

FORMATS = ("xlsx", "docx", "pdf")


def _drill_url(query: QueryDict, unit_id: int) -> str:
    """The same report one level down: the unit's row becomes the scope."""
    params = query.copy()
    params["scope"] = str(unit_id)
    params.pop("scope__search", None)
    params["by"] = measures.UNIT
    return f"{reverse('reports:builder')}?{params.urlencode()}"


def builder(request: HttpRequest) -> HttpResponse:
    query = request.GET if "preset" in request.GET else QueryDict(mutable=True)
    if not query:
        query = QueryDict(mutable=True)
        query.update(initial_params(request.user))
    form = ReportForm(query, user=request.user)
    context = {"form": form, "query": query.urlencode(), "formats": FORMATS}
    if form.is_valid():
        counted = _counted_report(request, form, query)
        report = counted.value
        context["counted_at"] = counted.counted_at
        rows = []
        for row in report.rows_with_subtotals():
            unit_key = next((k for k in row.keys if k.dimension == measures.UNIT), None)
            drill = _drill_url(query, unit_key.unit_id) if unit_key and unit_key.unit_id else ""
            rows.append(
                {
                    "row": row,
                    "drill": drill,
                    "cells": [row.figures[m] for m in report.measures],
                    "pad": range(len(report.by) - len(row.keys)),
                }
            )
        context |= {
            "report": report,
            "rows": rows,
            "headers": [measures.get_dimension(code).label for code in report.by],
            "total_cells": [report.total.figures[m] for m in report.measures],
            "chart": charts.bar_chart(report),
            "map": _with_drill(charts.map_points(report), query),
            "columns": _columns(report),
        }
    # htmx swaps the result only; a history restore (the back button) needs the whole page.
    partial = request.htmx and not request.htmx.history_restore_request
    template = "reports/builder.html#result" if partial else "reports/builder.html"
    response = render(request, template, context)
    # The same URL answers a fragment or a page: the browser must not reuse one for the other.
    patch_vary_headers(response, ["HX-Request"])
    return response


def _counted_report(request: HttpRequest, form: ReportForm, query: QueryDict) -> fresh.Counted:
    """The report the form asks for, kept for a short while like the home page's figures
    (``core.fresh``: at once after the user's own writes; the page says when it was counted).
    The files are always counted afresh, in the background."""
    spec = form.spec()
    signature = (
        reader_signature(request.user),
        sorted(query.lists()),
        timezone.localdate(),
        get_language(),
    )
    digest = hashlib.sha256(repr(signature).encode()).hexdigest()[:32]
    return fresh.counted(
        f"danvan:report:{digest}", request.user, lambda: build_report(spec, user=request.user)
    )


def _with_drill(drawing: dict | None, query: QueryDict) -> dict | None:
    for point in (drawing or {}).get("points", []):
        point["drill"] = _drill_url(query, point["unit_id"]) if point["unit_id"] else ""
    return drawing


def _columns(report):
    return [(measure, measure_label(measure)) for measure in report.measures]


@require_POST
def export(request: HttpRequest) -> HttpResponse:
    file_format = request.POST.get("format")
    query = request.POST.get("query", "")
    form = ReportForm(QueryDict(query), user=request.user)
    if file_format not in FORMATS or not form.is_valid():
        return redirect(f"{reverse('reports:builder')}?{query}")
    period = form.period()
    scope = form.cleaned_data.get("scope") or form.cleaned_data.get("organization") or ""
    title = f"{scope} {period.dates()}".strip()
    job = start_job(user=request.user, query=query, file_format=file_format, title=title)
    return redirect("reports:job", pk=job.pk)


def _own_job(request, pk) -> ReportJob:
    return get_object_or_404(ReportJob, pk=pk, user=request.user)


def job(request: HttpRequest, pk) -> HttpResponse:
    report_job = _own_job(request, pk)
    running = report_job.status in {ReportJob.State.QUEUED, ReportJob.State.RUNNING}
    context = {"job": report_job, "running": running}
    if not request.htmx:
        context["panels"] = render_panels(request, report_job)
    template = "reports/job.html#status" if request.htmx else "reports/job.html"
    return render(request, template, context)


def download(request: HttpRequest, pk) -> FileResponse:
    report_job = _own_job(request, pk)
    if report_job.status != ReportJob.State.DONE or not report_job.file:
        raise Http404
    try:
        handle = report_job.file.open("rb")
    except FileNotFoundError as error:  # removed from the storage meanwhile
        raise Http404 from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=report_job.filename,
        content_type=CONTENT_TYPES[report_job.file_format],
    )
