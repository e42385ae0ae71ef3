"""The worker is killed (SIGKILL) in the middle of an import: nothing is saved, the sweep fails
the job once its heartbeat is older than the stale window (not before), and "Run again"
completes it with a new worker.

The worker runs in subprocesses on a copy of the test database (schema and administrative
units): a file copy on SQLite, ``pg_dump`` into a new database on PostgreSQL. The test's own
database is not touched."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

SCRIPT = Path(__file__).with_name("killed_worker_script.py")
ROOT = Path(__file__).resolve().parents[2]


pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def sqlite_copy(django_db_setup, django_db_blocker, tmp_path_factory):
    """The SQLite test database as committed, in a file (session-scoped: it is made before
    any test's transaction, which would hold the in-memory database's lock)."""
    with django_db_blocker.unblock():
        if connection.vendor != "sqlite":
            return None
        path = tmp_path_factory.mktemp("committed") / "danvan.sqlite3"
        target = sqlite3.connect(path)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        return path


@pytest.fixture
def database_copy(sqlite_copy, db, tmp_path):
    """The environment of a subprocess working on a copy of the test database as committed
    (the schema and the units; nothing of this test's transaction)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DANVAN_VAR_DIR": str(tmp_path),
        "DANVAN_JOB_STALE_AFTER": "60",
        "DANVAN_JOB_HEARTBEAT_EVERY": "1",
    }
    env.pop("DANVAN_DATABASE_URL", None)
    if sqlite_copy is not None:
        shutil.copyfile(sqlite_copy, tmp_path / "danvan.sqlite3")
        yield env
        return
    settings = connection.settings_dict
    copy = f"{settings['NAME']}_killed_{uuid.uuid4().hex[:8]}"
    user = settings["USER"] or ""
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    address = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    url = f"postgres://{user}{password}@{address}"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{copy}"')
    try:
        dump = subprocess.run(  # noqa: S603
            ["pg_dump", "--no-owner", f"{url}/{settings['NAME']}"],  # noqa: S607
            capture_output=True,
            check=True,
        )
        subprocess.run(  # noqa: S603
            ["psql", "--quiet", "--set", "ON_ERROR_STOP=1", f"{url}/{copy}"],  # noqa: S607
            input=dump.stdout,
            capture_output=True,
            check=True,
        )
        env["DANVAN_DATABASE_URL"] = f"{url}/{copy}"
        yield env
    finally:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')


def step(env, *args) -> dict:
    done = subprocess.run(  # noqa: S603
        [sys.executable, str(SCRIPT), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_killed_worker_saves_nothing_is_failed_after_the_window_and_runs_again(database_copy):
    env = database_copy
    job = step(env, "start")["job"]

    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, str(SCRIPT), "worker"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert worker.stdout.readline().strip() == "PAUSED"  # inside the import's transaction
        running = step(env, "report", job)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
        worker.stdout.close()
    assert running["status"] == "running"

    swept = step(env, "sweep", job)
    # Within the window the job still counts as alive; past it, it is failed, and nothing of
    # it was saved.
    assert (swept["swept_now"], swept["status_now"]) == (0, "running")
    assert swept["swept_later"] == 1
    failed = swept["failed"]
    assert (failed["status"], failed["interrupted"], failed["initiatives"]) == ("failed", True, 0)
    assert "không có gì được lưu" in failed["result"]["errors"][0]["message"]
    assert swept["retried"] is True

    subprocess.run(  # noqa: S603
        [sys.executable, "src/manage.py", "db_worker", "--batch", "--no-startup-delay"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        timeout=120,
        check=True,
    )
    done = step(env, "report", job)
    assert (done["status"], done["result"]["created"], done["initiatives"]) == ("done", 40, 40)
    assert done["result"]["committed"] is True
