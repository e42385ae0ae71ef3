"""Excel imports of the apps' records (``registry.Importer``) in the background: the web request
keeps the file and queues ``run_sheet_import``; the worker (``manage.py db_worker``; at once in
the tests) reads the workbook and calls the app's ``handle_row`` on every row through
``spreadsheets.run_import`` — one transaction, all or nothing unless the officer chose to keep
the valid rows; a check (``dry_run``) does all of it and rolls it back, to show what the
import would do and every error before anything is saved. The state moves through
``jobs.transition_job``; the job beats while it runs.

Progress: every ``PROGRESS_EVERY`` rows the count goes where the page sees it
(``jobs.ProgressWriter``)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from danvan.core import registry
from danvan.core.jobs import ProgressWriter, heartbeat, sweep_stale_jobs, transition_job
from danvan.core.models import SheetImport
from danvan.core.spreadsheets import SpreadsheetError, read_rows, run_import

PROGRESS_EVERY = 50
# Uploaded files of finished imports are kept this long (to look into a problem), then removed.
KEEP_FILES_FOR = timedelta(days=30)


def _move(job_id, to_state: str, **values) -> bool:
    return transition_job(job_model=SheetImport, pk=job_id, to_state=to_state, **values)


def _failure(message: str) -> dict:
    return {"errors": [{"row": 0, "column": "", "message": message}]}


def _counting(handle_row, progress):
    done = 0

    def handle(values):
        nonlocal done
        done += 1
        if done % PROGRESS_EVERY == 0:
            progress(done)
        return handle_row(values)

    # ``run_import`` tells the handler's ``FileRows`` (if any) which row it is on.
    if hasattr(handle_row, "file_rows"):
        handle.file_rows = handle_row.file_rows
    return handle


@task()
def run_sheet_import(job_id: str) -> dict:
    """Import the file of a queued ``SheetImport`` with its importer and options."""
    job = SheetImport.objects.select_related("user").get(pk=job_id)
    if not _move(job.pk, SheetImport.State.RUNNING, processed=0):
        return {}  # not queued (any more): it runs once
    importer = registry.importer(job.importer)
    language = job.options.get("language") or translation.get_language()
    with heartbeat(SheetImport, job.pk), translation.override(language):
        try:
            with job.file.open("rb") as handle:
                rows, errors = read_rows(
                    handle.read(),
                    sheet_title=str(importer.sheet_title),
                    columns=importer.columns,
                    max_rows=importer.max_rows,
                )
        except SpreadsheetError as error:
            _move(job.pk, SheetImport.State.FAILED, result=_failure(str(error)))
            return {}
        total = len(rows) + len({error.row for error in errors})
        SheetImport.objects.filter(pk=job.pk).update(total=total)
        progress = ProgressWriter(SheetImport, job.pk)
        dry_run = job.options.get("dry_run", False)
        try:
            with transaction.atomic():
                result = run_import(
                    rows=rows,
                    handle_row=_counting(importer.row_handler(job.user), progress),
                    # A check counts what the valid rows would do, and lists every error.
                    keep_valid=dry_run or job.options.get("keep_valid", False),
                    errors=errors,
                    columns=importer.columns,
                )
                if dry_run:
                    transaction.set_rollback(True)
                    result.committed = False
        except Exception:
            message = _("The import stopped on an unexpected error; nothing was saved.")
            _move(job.pk, SheetImport.State.FAILED, result=_failure(message))
            raise
        finally:
            progress.close()
    summary = {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "committed": result.committed,
        "dry_run": dry_run,
        "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in result.errors],
    }
    _move(job.pk, SheetImport.State.DONE, processed=total, result=summary)
    progress.forget()
    return {key: summary[key] for key in ("created", "updated", "unchanged", "committed")}


def enqueue(job: SheetImport) -> None:
    """Queue a job just uploaded (call it on commit, once its file is written)."""
    sweep_stale_jobs()
    result = run_sheet_import.enqueue(str(job.pk))
    SheetImport.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])


def retry(job: SheetImport) -> bool:
    """Queue an interrupted job again from its kept file; returns whether it was queued."""
    if not job.interrupted or not job.file:
        return False
    moved = _move(
        job.pk,
        SheetImport.State.QUEUED,
        from_states=[SheetImport.State.FAILED],
        finished_at=None,
        processed=0,
        result={},
        task_id="",
    )
    if moved:
        enqueue(job)
    return moved


def remove_old_files(*, now=None) -> int:
    """Delete the uploaded files of imports finished more than ``KEEP_FILES_FOR`` ago (the job
    and its result stay); returns how many files were removed."""
    now = now or timezone.now()
    old = SheetImport.objects.filter(
        status__in=SheetImport.workflow.finished, finished_at__lt=now - KEEP_FILES_FOR
    ).exclude(file="")
    removed = 0
    for job in old:
        job.file.delete(save=False)
        SheetImport.objects.filter(pk=job.pk).update(file="")
        removed += 1
    return removed
