"""View helpers for the Excel round trip: download a template, download a list, upload a file.

Apps declare their ``Column``s and a ``handle_row`` that calls their own service, register a
``registry.Importer`` in ``ready()``, and these helpers do the HTTP part the same way everywhere
(file names, the upload form, the job's page with its progress and error table). The import
itself runs in the background (``core.tasks.run_sheet_import``)."""

from collections.abc import Iterable, Mapping, Sequence

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from danvan.core import registry, tasks
from danvan.core.files import save_after_commit
from danvan.core.folding import fold
from danvan.core.formatting import format_date
from danvan.core.jobs import processed_so_far
from danvan.core.models import SheetImport
from danvan.core.spreadsheets import (
    MAX_FILE_BYTES,
    Column,
    SpreadsheetError,
    build_template,
    check_workbook,
    export_rows,
)
from danvan.core.uploads import check_upload

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
    keep_valid = forms.BooleanField(
        label=_("Keep the valid rows even if some rows have errors"),
        required=False,
        help_text=_("Otherwise nothing is saved while any row has an error."),
    )
    check_only = forms.BooleanField(
        label=_("Only check the file: save nothing"),
        required=False,
        help_text=_(
            "Every row is checked as the import would, and every error listed; upload the "
            "file again to import it."
        ),
    )

    def __init__(self, *args, importer: registry.Importer, **kwargs):
        super().__init__(*args, **kwargs)
        self.importer = importer

    def clean_file(self):
        # Quick and bounded: the content, the size and the zip directory's budgets of rows and
        # cells (the worker's reading applies the same), told now rather than after the wait.
        upload = self.cleaned_data["file"]
        check_upload(upload, allowed={"xlsx"}, max_bytes=MAX_FILE_BYTES)
        columns = len(self.importer.columns)
        try:
            check_workbook(upload.read(), max_rows=self.importer.max_rows, columns=columns)
        except SpreadsheetError as error:
            raise forms.ValidationError(str(error)) from None
        finally:
            upload.seek(0)
        return upload


def export_title_lines(user, what: str) -> list[str]:
    """The lines above an export's header: what it is, when and by whom it was exported."""
    return [
        what,
        gettext("Exported on %(day)s by %(user)s")
        % {"day": format_date(timezone.localdate()), "user": user.get_full_name()},
    ]


def _attachment(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    filename = slugify(fold(name)) or "danvan"
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def template_response(
    *, sheet_title: str, columns: Sequence[Column], filename: str
) -> HttpResponse:
    return _attachment(build_template(sheet_title=sheet_title, columns=columns), filename)


def export_response(
    *,
    sheet_title: str,
    columns: Sequence[Column],
    rows: Iterable[Mapping],
    title_lines: Sequence[str],
    filename: str,
) -> HttpResponse:
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    content = export_rows(
        sheet_title=sheet_title, columns=columns, rows=rows, title_lines=title_lines
    )
    return _attachment(content, f"{filename}-{stamp}")


def import_page(request: HttpRequest, *, importer: str) -> HttpResponse:
    """The upload form of a registered ``registry.Importer``. On POST the file is checked
    (type, size), kept — written when the job's row commits — and imported in the background;
    the officer goes to the job's page. No workbook is read in the request."""
    spec = _importer_for(request, importer)
    form = ImportForm(request.POST or None, request.FILES or None, importer=spec)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        options = {
            "keep_valid": form.cleaned_data["keep_valid"],
            "dry_run": form.cleaned_data["check_only"],
            "language": get_language(),
        }
        with transaction.atomic():
            job = SheetImport(
                user=request.user,
                importer=spec.key,
                original_name=upload.name[:255],
                options=options,
            )
            save_after_commit(job.file, f"{job.pk}.xlsx", upload, unique=True)
            job.save()
            transaction.on_commit(lambda: tasks.enqueue(job))
        return redirect("core:import-status", pk=job.pk)
    recent = SheetImport.objects.filter(user=request.user, importer=spec.key)[:10]
    context = {
        "form": form,
        "heading": spec.heading,
        "template_url": reverse(spec.template_url_name),
        "back_url": reverse(spec.back_url_name),
        "sheet_title": spec.sheet_title,
        "recent": recent,
    }
    return render(request, "core/import.html", context)


def _importer_for(request: HttpRequest, key: str) -> registry.Importer:
    spec = registry.importer(key)
    if not request.user.has_perm(spec.permission):
        raise PermissionDenied
    return spec


def import_status(request: HttpRequest, pk) -> HttpResponse:
    """A job of the user's own (anyone else's answers 404): a progress bar polled by htmx while
    it waits or runs, then the result and its errors; "Run again" when its worker died. A GET
    only reads (dead jobs are failed by ``jobs.sweep_stale_jobs``)."""
    job = get_object_or_404(SheetImport, pk=pk, user=request.user)
    spec = _importer_for(request, job.importer)
    if request.method == "POST":
        if "retry" in request.POST:
            tasks.retry(job)
        return redirect("core:import-status", pk=job.pk)
    running = job.status not in SheetImport.workflow.finished
    context = {
        "job": job,
        "running": running,
        "processed": processed_so_far(job) if running else job.processed,
        "result": job.result,
        "heading": spec.heading,
        "import_url": reverse(spec.import_url_name),
        "back_url": reverse(spec.back_url_name),
    }
    template = "core/import_status.html#status" if request.htmx else "core/import_status.html"
    return render(request, template, context)
