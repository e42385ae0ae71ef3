"""Background jobs (imports, report files) as workflows.

A job model inherits ``Job`` and declares its ``workflow``: which state may follow which, the
states in which a worker holds the job (``working``: it beats), the finished ones, and the state
a job whose worker died ends in. Then:

- ``transition_job`` is the only way to change a job's state: one conditional
  ``UPDATE … WHERE status IN (allowed)``, returning whether the job moved. ``Job.objects.update``
  refuses ``status`` and ``save()`` refuses a changed one, so nothing else can assign it.
- ``heartbeat`` runs beside the job's work and says "still alive" every few seconds. On
  PostgreSQL it writes ``heartbeat_at`` from its own autocommit connection (the import's
  transaction never touches the job row, so nothing waits). On SQLite a second connection cannot
  write while an import holds the write lock, so it touches a small file instead (SQLite means
  one machine: the sweeper sees the same directory).
- ``sweep_stale_jobs`` fails the jobs in a working state whose last beat is older than
  ``DANVAN_JOB_STALE_AFTER`` seconds (5 minutes by default): their worker died, their
  transaction was rolled back, nothing of them was saved, and the owner may retry. It runs from
  ``manage.py jobs sweep`` (cron), when a worker starts a task and when a job is enqueued —
  never on a GET.
"""

import threading
import uuid
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DEFAULT_STALE_AFTER = 300  # seconds without a beat before a working job counts as dead
DEFAULT_BEAT_EVERY = 15  # seconds between beats


class JobStateError(Exception):
    """A state was assigned outside ``transition_job``, or a transition the table forbids."""


@dataclass(frozen=True)
class JobWorkflow:
    transitions: Mapping[str, frozenset[str]]  # state -> the states that may follow it
    working: frozenset[str]  # a worker holds the job: it beats while in these
    finished: frozenset[str]
    interrupted: str  # where a job whose worker died goes
    # Waiting for the task in ``task_id`` to move it on: a task a worker took long ago without
    # the job moving or beating since died before its first beat.
    waiting: frozenset[str] = frozenset()

    def sources(self, to_state: str) -> frozenset[str]:
        """The states from which ``to_state`` may be reached."""
        return frozenset(s for s, targets in self.transitions.items() if to_state in targets)


class JobQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if "status" in kwargs:
            raise JobStateError("A job's state changes only through transition_job().")
        return super().update(**kwargs)


class Job(models.Model):
    """Fields and guards every background job shares. Subclasses define ``status`` (a
    ``TextChoices`` field), ``created_at`` and ``workflow``, and may override
    ``interrupted_values``."""

    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()
    workflow: JobWorkflow

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Integrity guard, not a business rule: a loaded job keeps the state it was read with.
        loaded = getattr(self, "_loaded_status", None)
        if not self._state.adding and loaded is not None and self.status != loaded:
            raise JobStateError("A job's state changes only through transition_job().")
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_status = instance.__dict__.get("status")
        return instance

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._loaded_status = self.__dict__.get("status")

    @classmethod
    def interrupted_values(cls, job) -> dict:
        """What to store on a job whose worker died (the message in the site's language)."""
        return {}


class QueueState(models.TextChoices):
    """The states of a job handed to a worker: queued → running → done, or failed."""

    QUEUED = "queued", gettext_lazy("queued")
    RUNNING = "running", gettext_lazy("running")
    DONE = "done", gettext_lazy("done")
    FAILED = "failed", gettext_lazy("failed")


def queue_workflow(*, retry: bool = False) -> JobWorkflow:
    """queued → running → done; a broken input, an error or a dead worker → failed. With
    ``retry`` a failed job may be queued again (its input was kept)."""
    return JobWorkflow(
        transitions={
            QueueState.QUEUED: frozenset({QueueState.RUNNING, QueueState.FAILED}),
            QueueState.RUNNING: frozenset({QueueState.DONE, QueueState.FAILED}),
            QueueState.DONE: frozenset(),
            QueueState.FAILED: frozenset({QueueState.QUEUED}) if retry else frozenset(),
        },
        working=frozenset({QueueState.RUNNING}),
        finished=frozenset({QueueState.DONE, QueueState.FAILED}),
        interrupted=QueueState.FAILED,
        waiting=frozenset({QueueState.QUEUED}),
    )


class FileJob(Job):
    """A file (a report, a minute) made in the background for the user who asked for it; only
    that user sees it. Subclasses add the ``file`` field (their own folder) and what was asked."""

    State = QueueState
    workflow = queue_workflow()

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=8, choices=QueueState.choices, default=QueueState.QUEUED)
    filename = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    @classmethod
    def interrupted_values(cls, job) -> dict:
        return {"error": _("The file was not made: the worker stopped. Ask for it again.")}


def transition_job(
    *,
    job_model: type[Job],
    pk,
    to_state: str,
    from_states: Iterable[str] | None = None,
    where: Q | None = None,
    **values,
) -> bool:
    """Move the job ``pk`` to ``to_state`` if it is in one of ``from_states`` (by default every
    state the workflow allows before ``to_state``), setting ``values`` with it, in one
    conditional UPDATE; ``where`` narrows it further. Entering a working state sets the
    heartbeat (pass ``heartbeat_at=None`` for a job no worker holds yet), entering a finished
    one ``finished_at``. Returns whether the job moved."""
    workflow = job_model.workflow
    allowed = workflow.sources(to_state)
    sources = allowed if from_states is None else frozenset(from_states)
    if not sources or not sources <= allowed:
        raise JobStateError(f"{job_model.__name__}: {sorted(sources)} → {to_state} is not allowed")
    now = timezone.now()
    if to_state in workflow.working:
        values.setdefault("heartbeat_at", now)
    if to_state in workflow.finished:
        values.setdefault("finished_at", now)
    jobs = job_model.objects.filter(pk=pk, status__in=sources)
    if where is not None:
        jobs = jobs.filter(where)
    return bool(models.QuerySet.update(jobs, status=to_state, **values))


def interrupted_result() -> dict:
    """The result of an import whose worker died: one error for the whole file, and the flag
    that offers to run it again."""
    message = _(
        "The import was interrupted (the worker running it stopped); nothing was saved. "
        "Press “Run again” to import the same file again."
    )
    return {"errors": [{"row": 0, "column": "", "message": message}], "interrupted": True}


# Liveness


def stale_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "DANVAN_JOB_STALE_AFTER", DEFAULT_STALE_AFTER))


def _pulse_path(job_model, pk) -> Path:
    directory = Path(getattr(settings, "DANVAN_JOB_PULSE_DIR", settings.VAR_DIR / "jobs"))
    return directory / f"{job_model._meta.label_lower}-{pk}"


def _beats_in_database() -> bool:
    return connection.vendor == "postgresql"


def beat(job_model: type[Job], pk, *, to_database: bool = True) -> None:
    """Say the job is alive now. ``to_database`` False (the timer's beats on SQLite, where an
    import may hold the write lock): the pulse file only."""
    if to_database or _beats_in_database():
        job_model.objects.filter(pk=pk).update(heartbeat_at=timezone.now())
    if not _beats_in_database():
        path = _pulse_path(job_model, pk)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()


def last_beat(job) -> datetime | None:
    """The later of the job's ``heartbeat_at`` and its pulse file (SQLite)."""
    latest = job.heartbeat_at
    path = _pulse_path(type(job), job.pk)
    try:
        touched = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    except OSError:
        return latest
    return touched if latest is None or touched > latest else latest


class _Beater(threading.Thread):
    def __init__(self, job_model, pk, every: float):
        super().__init__(name=f"heartbeat-{pk}", daemon=True)
        self.job_model, self.pk, self.every = job_model, pk, every
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.every):
                beat(self.job_model, self.pk, to_database=False)
        finally:
            connections.close_all()  # this thread's own connections only


@contextmanager
def heartbeat(job_model: type[Job], pk, *, every: float | None = None):
    """Beat now (on the caller's connection: call it outside a transaction), then every
    ``every`` seconds (``DANVAN_JOB_HEARTBEAT_EVERY``, 15) while the block runs, from a thread
    that dies with the process: a killed worker stops beating."""
    every = every or getattr(settings, "DANVAN_JOB_HEARTBEAT_EVERY", DEFAULT_BEAT_EVERY)
    beat(job_model, pk)
    beater = _Beater(job_model, pk, every)
    beater.start()
    try:
        yield
    finally:
        beater.stopped.set()
        beater.join()
        _pulse_path(job_model, pk).unlink(missing_ok=True)


def progress_key(job_model: type[Job], pk) -> str:
    return f"{job_model._meta.label_lower}:{pk}:processed"


class ProgressWriter:
    """Writes the count of rows an import has handled where its status page sees it, while
    the import's own transaction (all or nothing) hides its writes until the end:

    - to the cache (``progress_key``), shared between the web server and the worker when it is
      Redis, per process otherwise;
    - on PostgreSQL, also to the job row (``processed``, and ``heartbeat_at``: a count is a
      beat) through a second, autocommit connection — the import's transaction never touches
      that row, so the update neither waits nor conflicts;
    - never to the row on SQLite, where a second connection cannot write while the import
      holds the write lock."""

    def __init__(self, job_model: type[Job], pk):
        self.job_model, self.pk = job_model, pk
        self.side = None
        # Not inside a caller's transaction: it might hold the job row, and the update would
        # wait for it forever.
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)
        table = job_model._meta.db_table
        self.sql = f"UPDATE {table} SET processed = %s, heartbeat_at = %s WHERE id = %s"  # noqa: S608

    def __call__(self, processed: int) -> None:
        cache.set(progress_key(self.job_model, self.pk), processed, 24 * 3600)
        if self.side is not None:
            with self.side.cursor() as cursor:
                cursor.execute(self.sql, [processed, timezone.now(), self.pk])

    def close(self) -> None:
        if self.side is not None:
            self.side.close()

    def forget(self) -> None:
        """Once the job's row holds the final count (finished)."""
        cache.delete(progress_key(self.job_model, self.pk))


def processed_so_far(job: Job) -> int:
    """The rows handled, as the status page shows them (the row's count or the cache's)."""
    cached = cache.get(progress_key(type(job), job.pk)) or 0
    return min(max(job.processed, cached), job.total)


def job_models() -> list[type[Job]]:
    return [model for model in apps.get_models() if issubclass(model, Job)]


def stale_jobs(job_model: type[Job], *, now=None) -> list[Job]:
    """The jobs of ``job_model`` in a working state whose last beat is older than the window
    (a job that no worker has started yet has no beat, and waits for one), and those waiting
    for a task that a worker took before the window without the job moving or beating since
    (``lost_before_start``)."""
    cutoff = (now or timezone.now()) - stale_after()
    candidates = job_model.objects.filter(
        status__in=job_model.workflow.working, heartbeat_at__lt=cutoff
    )
    stale = [job for job in candidates if last_beat(job) < cutoff]
    return stale + lost_before_start(job_model, cutoff=cutoff)


def lost_before_start(job_model: type[Job], *, cutoff) -> list[Job]:
    """Jobs in a ``waiting`` state whose django-tasks-db task was claimed by a worker before
    ``cutoff`` (or finished then) while the job neither moved nor beat since: the worker died
    between taking the task and the job's first step. Only with the database task backend."""
    if not job_model.workflow.waiting or not apps.is_installed("django_tasks_db"):
        return []
    from django_tasks_db.models import DBTaskResult

    waiting = {
        job.task_id: job
        for job in job_model.objects.filter(status__in=job_model.workflow.waiting).exclude(
            task_id=""
        )
    }
    if not waiting:
        return []
    taken = DBTaskResult.objects.filter(
        Q(status="RUNNING", started_at__lt=cutoff)
        | Q(status__in=["FAILED", "SUCCESSFUL"], finished_at__lt=cutoff),
        id__in=[key for key in waiting if _is_uuid(key)],
    ).values_list("id", flat=True)
    lost = [waiting[str(key)] for key in taken]
    return [job for job in lost if (last_beat(job) or cutoff) <= cutoff]


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def sweep_stale_jobs(*, now=None) -> int:
    """Fail every job whose worker died (see the module's docstring); returns how many."""
    now = now or timezone.now()
    cutoff = now - stale_after()
    failed = 0
    with translation.override(settings.LANGUAGE_CODE):
        for job_model in job_models():
            for job in stale_jobs(job_model, now=now):
                failed += transition_job(
                    job_model=job_model,
                    pk=job.pk,
                    to_state=job_model.workflow.interrupted,
                    from_states=[job.status],
                    where=Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True),
                    finished_at=now,
                    **job_model.interrupted_values(job),
                )
                _pulse_path(job_model, job.pk).unlink(missing_ok=True)
    return failed


def sweep_on_task_start(**kwargs) -> None:
    """``task_started`` receiver: a worker starting a task first fails the dead jobs."""
    sweep_stale_jobs()
