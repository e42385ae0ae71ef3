"""The Excel round trip of models and exemplars in the browser: the template, the export of the
filtered list, and the import — upload, a preview (the whole file read and its first rows
dry-run in the background, with every error), confirmation, the import as a background task, and
one status page per job that htmx polls every 2 s while something runs."""

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from danvan.core.files import save_after_commit
from danvan.core.spreadsheet_views import export_response, export_title_lines, template_response
from danvan.core.spreadsheets import (
    MAX_FILE_BYTES,
    SpreadsheetError,
    check_workbook,
)
from danvan.core.uploads import check_upload
from danvan.initiatives import excel, queries, tasks
from danvan.initiatives.forms import InitiativeFilterForm
from danvan.initiatives.models import ImportJob

STATUS_URL = "initiatives:initiative-import-status"


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel file (.xlsx)"))
    keep_valid = forms.BooleanField(
        label=gettext_lazy("Keep the valid rows even if some rows have errors"),
        required=False,
        help_text=gettext_lazy("Otherwise nothing is saved while any row has an error."),
    )
    create_organizations = forms.BooleanField(
        label=gettext_lazy("Add the organisations, people and hamlets that are not found"),
        required=False,
        help_text=gettext_lazy(
            "They are added at the row's place. Otherwise an unknown name is an error that "
            "shows the closest names."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload, allowed={"xlsx"}, max_bytes=MAX_FILE_BYTES)
        try:  # the bounds the background reading applies, told now rather than after the wait
            check_workbook(upload.read(), max_rows=excel.MAX_ROWS, columns=len(excel.COLUMNS))
        except SpreadsheetError as error:
            raise forms.ValidationError(str(error)) from None
        finally:
            upload.seek(0)
        return upload


def _require_import(request: HttpRequest) -> None:
    if not request.user.has_perm("initiatives.add_initiative"):
        raise PermissionDenied


def initiative_template(request: HttpRequest) -> HttpResponse:
    return template_response(
        sheet_title=excel.SHEET, columns=excel.COLUMNS, filename=_("initiatives-template")
    )


def initiative_export(request: HttpRequest) -> HttpResponse:
    """The list as filtered on the list page (the same query string, read by its form)."""
    filters = InitiativeFilterForm(request.GET, user=request.user)
    initiatives = filters.filter(queries.initiatives_visible_to(request.user))
    if status := filters.values()["status"]:
        initiatives = initiatives.filter(status=status)
    return export_response(
        sheet_title=excel.SHEET,
        columns=excel.export_columns(),
        rows=excel.export_rows(initiatives.order_by(*filters.ordering())),
        title_lines=export_title_lines(request.user, _("Register of models and exemplars")),
        filename=_("initiatives"),
    )


def initiative_import(request: HttpRequest) -> HttpResponse:
    """Upload: check the file's type and size, keep it, and read it in the background (a large
    file takes longer to read than a request may last); its page shows the preview."""
    _require_import(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        options = {
            "keep_valid": form.cleaned_data["keep_valid"],
            "create_organizations": form.cleaned_data["create_organizations"],
            "dry_run": False,
            "language": get_language(),
        }
        with transaction.atomic():
            job = ImportJob(user=request.user, original_name=upload.name[:255], options=options)
            # The file is written when the row is committed, then the reading is queued.
            save_after_commit(job.file, f"{job.pk}.xlsx", upload, unique=True)
            job.save()
            transaction.on_commit(lambda: tasks.start_preview(job))
        return redirect(STATUS_URL, task_id=job.pk)
    recent = ImportJob.objects.filter(user=request.user)[:10]
    return render(
        request,
        "initiatives/import.html",
        {"form": form, "recent": recent, "max_megabytes": MAX_FILE_BYTES // (1024 * 1024)},
    )


def _would_save(job: ImportJob, more_rows: int) -> bool:
    """Whether confirming could save anything: not when a row has an error and the officer
    chose all or nothing, nor when every row read is already up to date."""
    preview = job.preview or {}
    if preview.get("errors") and not job.options.get("keep_valid"):
        return False
    return bool(preview.get("created") or preview.get("updated") or more_rows)


def initiative_import_status(request: HttpRequest, task_id) -> HttpResponse:
    """A job of the user's own (anyone else's answers 404): its preview and the confirmation
    while pending, a progress bar while it runs, then the result (and "Run again" when its
    worker died). A GET only reads: stale jobs are failed by ``core.jobs.sweep_stale_jobs``."""
    _require_import(request)
    job = get_object_or_404(ImportJob, pk=task_id, user=request.user)
    if request.method == "POST":
        if "retry" in request.POST:
            tasks.retry(job)
            return redirect(STATUS_URL, task_id=job.pk)
        if job.status == ImportJob.State.PENDING and "cancel" in request.POST:
            job.file.delete(save=False)
            job.delete()
            messages.info(request, _("The import was cancelled; nothing was saved."))
            return redirect("initiatives:initiative-import")
        if job.status == ImportJob.State.PENDING:
            tasks.enqueue(job)
        return redirect(STATUS_URL, task_id=job.pk)
    processed = job.processed
    running = job.status in {
        ImportJob.State.CHECKING,
        ImportJob.State.QUEUED,
        ImportJob.State.RUNNING,
    }
    if running:
        processed = max(processed, cache.get(tasks.progress_key(job.pk)) or 0)
    context = {
        "job": job,
        "running": running,
        "processed": min(processed, job.total),
        "result": job.result,
        "preview": job.preview,
        "more_rows": max(job.total - job.preview.get("checked", 0), 0),
    }
    context["can_import"] = _would_save(job, context["more_rows"])
    if request.htmx:
        return render(request, "initiatives/import_status.html#status", context)
    return render(request, "initiatives/import_status.html", context)
