"""Running an Excel import of models and exemplars: in the foreground (the command line) and in
the background — ``preview_import_job`` reads an uploaded file and dry-runs its first rows,
``run_import_job`` imports it once confirmed (django-tasks tasks run by ``manage.py db_worker``;
immediately in the tests).

Progress. ``run_batched_import`` holds the whole import in one transaction (all or nothing), so a
progress count written to the job row on the import's own connection stays invisible to the
status page until the end. Every 200 rows the count therefore goes (``core.jobs.ProgressWriter``)

- to the cache (``progress_key``), which the status page reads: shared between the web server
  and the worker when the cache is Redis (``DANVAN_REDIS_URL``), per process otherwise;
- on PostgreSQL, also to the job row through a second, autocommit connection: the import's
  transaction never touches that row after it starts, so the update neither waits nor
  conflicts, and the page sees it at once;
- never on SQLite, where a second connection cannot write while the import's write
  transaction is open (it would wait for the lock, then fail): without a shared cache the bar
  there jumps from "checking" to the result.

The job row itself is only written outside the import's transaction: "running" with the number
of rows before it, the result after it.
"""

import gc
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from datetime import timedelta

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from danvan.core import jobs
from danvan.core.bulk_insert import refresh_statistics
from danvan.core.jobs import heartbeat, sweep_stale_jobs, transition_job
from danvan.core.models import AuditEvent
from danvan.core.spreadsheets import SpreadsheetError, read_rows, run_batched_import
from danvan.initiatives.excel import COLUMNS, MAX_ROWS, SHEET, RowHandler
from danvan.initiatives.models import ImportJob, Initiative, StatusChange

PREVIEW_ROWS = 200
PROGRESS_EVERY = 200


def import_rows(
    rows,
    errors=(),
    *,
    user=None,
    keep_valid: bool = False,
    dry_run: bool = False,
    create_missing: bool = False,
    progress: Callable[[int], None] | None = None,
    outcomes: dict | None = None,
):
    """``run_batched_import`` with a ``RowHandler``. ``progress(n)`` is called every
    ``PROGRESS_EVERY`` rows; ``outcomes`` (if given) receives ``{row: outcome or "error"}``. A
    dry run does everything and rolls it back: the counts say what would happen, ``committed``
    is False."""
    handler = RowHandler(user, create_missing=create_missing)

    def handle_rows(rows):
        for done, (number, outcome) in enumerate(handler.handle_rows(rows), start=1):
            if outcomes is not None:
                outcomes[number] = "error" if isinstance(outcome, ValidationError) else outcome
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done)
            yield number, outcome

    with _collector_paused(), transaction.atomic():
        result = run_batched_import(
            rows=rows,
            handle_rows=handle_rows,
            keep_valid=keep_valid,
            errors=list(errors),
            columns=COLUMNS,
        )
        if dry_run:
            transaction.set_rollback(True)
            result.committed = False
    if result.committed and result.created:
        refresh_statistics(Initiative, Initiative.fields.through, StatusChange, AuditEvent)
    return result


@contextmanager
def _collector_paused():
    """An import makes millions of short-lived objects and hardly any cycles, while what it
    keeps (the rows read, the look-ups) grows: the garbage collector's full passes over all of
    it took a fifth of the time of an import of 100,000 rows. Paused for the import (one at a
    time per process: the web server's workers and the task worker), resumed after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def result_json(result) -> dict:
    """``{"created", "updated", "unchanged", "errors": [{"row", "column", "message"}]}``."""
    return {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in result.errors],
    }


def read_file(source):
    """``(rows, errors)`` of the sheet "Mô hình"; ``SpreadsheetError`` if the file is unusable."""
    return read_rows(source, sheet_title=SHEET, columns=COLUMNS, max_rows=MAX_ROWS)


def preview(rows, errors, *, user, create_missing: bool) -> dict:
    """A dry run of the first ``PREVIEW_ROWS`` rows (keeping the valid ones, so that the counts
    say what they would do), with every error the reading found in the whole file."""
    first = rows[:PREVIEW_ROWS]
    outcomes: dict[int, str] = {}
    result = import_rows(
        first,
        errors,
        user=user,
        keep_valid=True,
        dry_run=True,
        create_missing=create_missing,
        outcomes=outcomes,
    )
    reasons: dict[int, list[str]] = {}
    for error in result.errors:
        reasons.setdefault(error.row, []).append(error.message)
    listed = {n: {"name": str(v["name"]), "place": str(v["place"])} for n, v in first}
    last = first[-1][0] if len(rows) > PREVIEW_ROWS else None
    for number in reasons:  # a row the reading refused is a row of the file too
        if number and number not in listed and (last is None or number <= last):
            listed[number] = {"name": "", "place": ""}
    return {
        **result_json(result),
        "total": len(rows) + len({error.row for error in errors}),
        "checked": len(listed),
        "rows": [
            {
                "row": n,
                **listed[n],
                "outcome": outcomes.get(n, "error"),
                "reason": " ".join(reasons.get(n, [])),
            }
            for n in sorted(listed)
        ],
    }


def progress_key(job_id) -> str:
    return jobs.progress_key(ImportJob, job_id)


class _Progress(jobs.ProgressWriter):
    """Writes the count of rows handled where the status page can see it (module docstring)."""

    def __init__(self, job_id):
        super().__init__(ImportJob, uuid.UUID(str(job_id)))


def _move(job_id, to_state: str, **values) -> bool:
    return transition_job(job_model=ImportJob, pk=job_id, to_state=to_state, **values)


def _finish(job_id, *, status: str, **values) -> None:
    _move(job_id, status, **values)
    cache.delete(progress_key(job_id))


def _read_job(job: ImportJob):
    """The rows of a job's file, or None after marking the job failed with the reason."""
    try:
        with job.file.open("rb") as handle:
            return read_file(handle.read())
    except SpreadsheetError as error:
        failure = {"row": 0, "column": "", "message": str(error)}
        _finish(job.pk, status=ImportJob.State.FAILED, result={"errors": [failure]})
        return None


@task()
def preview_import_job(job_id: str) -> dict:
    """Read an uploaded file and dry-run its first rows (``preview``), for the officer to
    confirm. In the background: reading 100,000 rows takes longer than a web request may."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if job.status != ImportJob.State.CHECKING:
        return {}
    with (
        heartbeat(ImportJob, job.pk),
        translation.override(job.options.get("language") or translation.get_language()),
    ):
        read = _read_job(job)
        if read is None:
            return {}
        summary = preview(
            *read, user=job.user, create_missing=job.options.get("create_organizations", False)
        )
    _move(job.pk, ImportJob.State.PENDING, preview=summary, total=summary["total"])
    return {key: summary[key] for key in ("created", "updated", "unchanged", "total")}


@task()
def run_import_job(job_id: str) -> dict:
    """Import the file of a confirmed ``ImportJob`` with the options it was confirmed with."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    options = job.options
    if not _move(job.pk, ImportJob.State.RUNNING, processed=0):
        return {}  # not queued (any more): it runs once
    with (
        heartbeat(ImportJob, job.pk),
        translation.override(options.get("language") or translation.get_language()),
    ):
        read = _read_job(job)
        if read is None:
            return {}
        rows, errors = read
        total = len(rows) + len({error.row for error in errors})
        ImportJob.objects.filter(pk=job.pk).update(total=total)
        progress = _Progress(job.pk)
        try:
            result = import_rows(
                rows,
                errors,
                user=job.user,
                keep_valid=options.get("keep_valid", False),
                dry_run=options.get("dry_run", False),
                create_missing=options.get("create_organizations", False),
                progress=progress,
            )
        except Exception:
            message = _("The import stopped on an unexpected error; nothing was saved.")
            failure = {"row": 0, "column": "", "message": message}
            _finish(job.pk, status=ImportJob.State.FAILED, result={"errors": [failure]})
            raise
        finally:
            progress.close()
    summary = {**result_json(result), "committed": result.committed}
    _finish(job.pk, status=ImportJob.State.DONE, processed=total, result=summary)
    return summary


def start_preview(job: ImportJob) -> None:
    """Queue the reading and dry run of a job just uploaded (call it on commit)."""
    sweep_stale_jobs()
    result = preview_import_job.enqueue(str(job.pk))
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])


def enqueue(job: ImportJob) -> None:
    """Queue a confirmed job (a pending one only: a second confirmation does nothing)."""
    sweep_stale_jobs()
    queued = _move(
        job.pk,
        ImportJob.State.QUEUED,
        from_states=[ImportJob.State.PENDING],
        options={**job.options, "language": translation.get_language()},
        task_id="",  # the preview's task is done: it must not count for this one
    )
    if queued:
        result = run_import_job.enqueue(str(job.pk))
        ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])


def retry(job: ImportJob) -> bool:
    """Run an interrupted job again from its kept file: the import itself if it had been
    confirmed, else the reading. Returns whether it was queued."""
    if not job.interrupted or not job.file:
        return False
    confirmed = bool(job.preview)
    moved = _move(
        job.pk,
        ImportJob.State.QUEUED if confirmed else ImportJob.State.CHECKING,
        from_states=[ImportJob.State.FAILED],
        heartbeat_at=None,
        finished_at=None,
        processed=0,
        result={},
        task_id="",
    )
    if moved:
        task = run_import_job if confirmed else preview_import_job
        result = task.enqueue(str(job.pk))
        ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    return moved


# Uploaded files of finished imports are kept this long (to look into a problem), then removed.
KEEP_FILES_FOR = timedelta(days=30)


def remove_old_files(*, now=None) -> int:
    """Delete the uploaded files of imports finished more than ``KEEP_FILES_FOR`` ago (the job
    and its result stay); returns how many files were removed."""
    now = now or timezone.now()
    old = ImportJob.objects.filter(
        status__in=[ImportJob.State.DONE, ImportJob.State.FAILED],
        finished_at__lt=now - KEEP_FILES_FOR,
    ).exclude(file="")
    removed = 0
    for job in old:
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="")
        removed += 1
    return removed
