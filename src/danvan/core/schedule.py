"""Scheduled work without cron: the task worker that ``make run`` starts runs it.

Apps register commands with ``registry.register_scheduled`` (every few minutes, or daily at a
local time). A **tick** task runs every ``TICK_EVERY`` seconds on the worker: it enqueues the
commands whose slot has come (``enqueue_due``) and queues the next tick (``ensure_next_tick``).
``manage.py setup`` queues the first tick, and every task start checks that one is waiting.

Several workers, on several machines, share the queue: a slot runs once because its
``ScheduledRun`` row has a unique key — whoever inserts it enqueues the run, the others find it.
A slot missed while no worker ran (the machine was off at 02:00) runs at the next tick.
The last tick that finished is the worker's heartbeat that ``/healthz`` reads.

Cron stays an option on larger sites: ``manage.py schedule list`` prints every command with its
schedule, ``manage.py schedule run KEY`` runs one now.
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task, task_backends

from danvan.core import registry
from danvan.core.models import ScheduledRun

TICK_EVERY = 60  # seconds
OUTPUT_LIMIT = 20_000  # characters of a command's output kept on its run


def slot_of(item: registry.Scheduled, now: datetime) -> str | None:
    """The slot ``now`` falls in, or None when a daily command's time has not come today."""
    if item.every is not None:
        seconds = int(item.every.total_seconds())
        return f"i{int(now.timestamp()) // seconds}"
    local = timezone.localtime(now)
    if local.time() < item.daily_at:
        return None
    return local.date().isoformat()


def enqueue_due(now: datetime | None = None) -> list[ScheduledRun]:
    """Insert a run for each command whose slot has come and enqueue it; a slot already
    inserted (by this worker or another) is left alone."""
    now = now or timezone.now()
    started = []
    for item in registry.scheduled():
        slot = slot_of(item, now)
        if slot is None:
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(key=item.key, slot=slot)
        except IntegrityError:
            continue
        transaction.on_commit(lambda pk=run.pk: run_scheduled.enqueue(pk))
        started.append(run)
    return started


def run_now(item: registry.Scheduled, run: ScheduledRun | None = None) -> ScheduledRun:
    """Run the command, keeping its output and whether it succeeded on the run's row."""
    if run is None:
        run = ScheduledRun.objects.create(
            key=item.key, slot=f"manual-{timezone.now():%Y%m%d%H%M%S%f}"
        )
    ScheduledRun.objects.filter(pk=run.pk).update(started_at=timezone.now())
    out = io.StringIO()
    succeeded = True
    try:
        call_command(*item.command, stdout=out, stderr=out)
    except Exception as error:  # noqa: BLE001 — a failing command must not stop the others
        succeeded = False
        out.write(f"\n{type(error).__name__}: {error}")
    ScheduledRun.objects.filter(pk=run.pk).update(
        finished_at=timezone.now(), succeeded=succeeded, output=out.getvalue()[-OUTPUT_LIMIT:]
    )
    run.refresh_from_db()
    return run


@task()
def run_scheduled(run_id: int) -> bool:
    run = ScheduledRun.objects.filter(pk=run_id, started_at__isnull=True).first()
    items = {item.key: item for item in registry.scheduled()}
    if run is None or run.key not in items:
        return False
    return bool(run_now(items[run.key], run).succeeded)


def queued_in_database() -> bool:
    """Whether tasks go through django-tasks-db's queue (a worker process picks them up)."""
    return type(task_backends["default"]).__module__.startswith("django_tasks_db")


def _waiting_ticks():
    from django_tasks_db.models import DBTaskResult

    # READY whatever its time: a tick queued for the next minute is waiting too
    return DBTaskResult.objects.filter(status="READY", task_path=tick.module_path)


def ensure_next_tick(*, delay: int = TICK_EVERY) -> bool:
    """Queue the next tick unless one is waiting. Only with the database queue: with the
    immediate backend of the tests a tick would run itself forever."""
    if not queued_in_database() or _waiting_ticks().exists():
        return False
    tick.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue()
    return True


@task()
def tick() -> int:
    started = enqueue_due()
    ensure_next_tick()
    return len(started)


def last_tick() -> datetime | None:
    """When a worker last finished a tick (its heartbeat), or None."""
    if not queued_in_database():
        return None
    from django_tasks_db.models import DBTaskResult

    return (
        DBTaskResult.objects.successful()
        .filter(task_path=tick.module_path)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
