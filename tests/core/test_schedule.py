"""Scheduled work on the task worker (``core.schedule``) and the worker's heartbeat in
``/healthz``."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from danvan.core import health, registry, schedule
from danvan.core.models import ScheduledRun

pytestmark = pytest.mark.django_db

EVERY = registry.Scheduled(
    key="sweep", label="sweep", command=("jobs", "sweep"), every=timedelta(minutes=2)
)
DAILY = registry.Scheduled(
    key="media", label="media", command=("media", "sweep", "--dry-run"), daily_at=time(2, 0)
)
BROKEN = registry.Scheduled(
    key="broken", label="broken", command=("schedule", "run", "nope"), every=timedelta(hours=1)
)
# 14:00 in Hà Nội (UTC+7)
AFTERNOON = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)


@pytest.fixture
def only(monkeypatch):
    def use(*items):
        monkeypatch.setattr(registry, "_scheduled", {item.key: item for item in items})

    return use


def _tick(now, capture):
    with capture(execute=True):
        return schedule.enqueue_due(now)


def test_each_slot_runs_once_however_many_workers_tick(only, django_capture_on_commit_callbacks):
    only(EVERY, DAILY)
    first = _tick(AFTERNOON, django_capture_on_commit_callbacks)
    assert sorted(run.key for run in first) == ["media", "sweep"]
    # a second worker ticking in the same minute finds the slots taken
    assert _tick(AFTERNOON + timedelta(seconds=30), django_capture_on_commit_callbacks) == []
    runs = {run.key: run for run in ScheduledRun.objects.all()}
    assert runs["sweep"].succeeded is True
    assert runs["media"].succeeded is True
    assert "chưa xoá" in runs["media"].output  # the dry run's own words
    assert runs["media"].slot == "2026-12-07"

    # two minutes later the frequent one runs again, the daily one waits for tomorrow
    later = _tick(AFTERNOON + timedelta(minutes=2), django_capture_on_commit_callbacks)
    assert [run.key for run in later] == ["sweep"]
    # tomorrow 01:00 local: not yet; 02:00: the daily one runs
    one_am = datetime(2026, 12, 7, 18, 0, tzinfo=UTC)
    assert [r.key for r in _tick(one_am, django_capture_on_commit_callbacks)] == ["sweep"]
    two_am = datetime(2026, 12, 7, 19, 0, tzinfo=UTC)
    assert sorted(r.key for r in _tick(two_am, django_capture_on_commit_callbacks)) == [
        "media",
        "sweep",
    ]
    assert ScheduledRun.objects.filter(key="media").count() == 2


def test_a_failing_command_is_recorded_as_failed_and_the_others_still_run(
    only, django_capture_on_commit_callbacks
):
    only(BROKEN, EVERY)
    _tick(AFTERNOON, django_capture_on_commit_callbacks)
    broken = ScheduledRun.objects.get(key="broken")
    assert broken.succeeded is False
    assert "Không có việc định kỳ 'nope'" in broken.output
    assert ScheduledRun.objects.get(key="sweep").succeeded is True


def test_the_installation_schedules_its_maintenance():
    keys = {item.key: item for item in registry.scheduled()}
    assert keys["jobs-sweep"].command == ("jobs", "sweep")
    assert keys["media-sweep"].daily_at == time(2, 0)
    assert keys["reviews-remind"].command == ("reviews", "remind")
    assert keys["initiatives-clean-imports"].command == ("initiatives", "clean-imports")


def test_schedule_list_and_run_on_the_command_line(capsys):
    call_command("schedule", "list")
    listed = capsys.readouterr().out
    assert "jobs-sweep" in listed
    assert "mỗi 2 phút" in listed
    assert "hằng ngày lúc 02:00" in listed
    call_command("schedule", "run", "jobs-sweep")
    run = ScheduledRun.objects.get(key="jobs-sweep")
    assert run.succeeded is True
    assert run.slot.startswith("manual-")
    call_command("schedule", "list")
    assert "✓" in capsys.readouterr().out


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def test_one_tick_waits_on_the_database_queue(database_queue):
    assert schedule.ensure_next_tick() is True
    assert schedule.ensure_next_tick() is False  # a second worker finds it waiting
    waiting = DBTaskResult.objects.get(status="READY", task_path=schedule.tick.module_path)
    assert timedelta(seconds=55) < waiting.run_after - timezone.now() <= timedelta(seconds=60)


def test_the_immediate_backend_of_the_tests_never_ticks_itself():
    assert schedule.ensure_next_tick() is False
    assert not DBTaskResult.objects.exists()


def _finished_tick(minutes_ago):
    result = schedule.tick.using(run_after=timezone.now()).enqueue()
    DBTaskResult.objects.filter(id=result.id).update(
        status="SUCCESSFUL", finished_at=timezone.now() - timedelta(minutes=minutes_ago)
    )


def test_healthz_reads_the_workers_heartbeat(client, database_queue):
    response = client.get("/healthz?worker=1")
    assert response.status_code == 503
    assert "worker: chưa chạy / never ran" in response.text

    _finished_tick(minutes_ago=10)
    late = client.get("/healthz")
    assert late.status_code == 200  # pages still work: a balancer keeps this server
    assert "worker: trễ / late" in late.text
    assert client.get("/healthz?worker=1").status_code == 503

    _finished_tick(minutes_ago=1)
    fine = client.get("/healthz?worker=1")
    assert fine.status_code == 200
    assert fine.text.splitlines() == [
        "ok",
        "database: ok",
        "cache: ok",
        "storage: ok",
        "worker: ok",
    ]


def test_healthz_says_what_failed_with_503(client, monkeypatch):
    def broken():
        raise ConnectionError("gone")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.text.startswith("fail\n")
    assert "database: lỗi / error: ConnectionError" in response.text
    assert response["Cache-Control"] == "no-store"
