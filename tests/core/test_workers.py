"""Two task workers on one queue never run one task twice (django-tasks-db's claim: a row lock
on PostgreSQL, SQLite's IMMEDIATE transactions on one file), and every task runs."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

from tests.core.test_settings import SRC, run_manage
from tests.core.throwaway_db import Database

TASKS = 30
ENQUEUE = f"""
from danvan.core.models import ScheduledRun
from danvan.core.schedule import run_scheduled
for i in range({TASKS}):
    run = ScheduledRun.objects.create(key="jobs-sweep", slot=f"race-{{i}}")
    run_scheduled.enqueue(run.pk)
"""
INSPECT = """
import json
from django_tasks_db.models import DBTaskResult
from danvan.core.models import ScheduledRun
print(json.dumps({
    "tasks": [[r.status, r.worker_ids] for r in DBTaskResult.objects.all()],
    "runs": [[r.succeeded, r.output] for r in ScheduledRun.objects.all()],
}))
"""


def test_two_workers_share_a_queue_and_run_each_task_once(tmp_path):
    database = Database(tmp_path, "workers")
    try:
        env = database.env(tmp_path / "media")
        migrated = run_manage("migrate", "-v", "0", env_extra=env, tmp_path=tmp_path)
        assert migrated.returncode == 0, migrated.stderr
        queued = run_manage("shell", "-c", ENQUEUE, env_extra=env, tmp_path=tmp_path)
        assert queued.returncode == 0, queued.stderr

        worker_env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("DANVAN_")},
            "DANVAN_VAR_DIR": str(tmp_path),
            **env,
        }
        worker_env.pop("DJANGO_SETTINGS_MODULE", None)
        command = [sys.executable, "manage.py", "db_worker", "--batch", "--queue-name", "*"]
        workers = [
            subprocess.Popen(  # noqa: S603
                [*command, "--worker-id", f"worker-{n}"],
                cwd=SRC,
                env=worker_env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for n in (1, 2)
        ]
        logs = [worker.communicate(timeout=240)[0] for worker in workers]
        assert [worker.returncode for worker in workers] == [0, 0], logs

        inspected = run_manage("shell", "-c", INSPECT, env_extra=env, tmp_path=tmp_path)
        state = json.loads(inspected.stdout.strip().splitlines()[-1])
    finally:
        database.drop()
    assert len(state["tasks"]) == TASKS
    assert all(status == "SUCCESSFUL" for status, _ in state["tasks"])
    # each task claimed by exactly one worker, once
    assert all(len(worker_ids) == 1 for _, worker_ids in state["tasks"])
    assert len(state["runs"]) == TASKS
    assert all(succeeded for succeeded, _ in state["runs"])


ROWS = 10_000
QUEUE_IMPORT = f"""
import io
from django.core.files.base import ContentFile
from openpyxl import Workbook
from danvan.accounts.models import User
from danvan.core import registry, tasks
from danvan.core.models import SheetImport

spec = registry.importer("organizations.organization")
book = Workbook()
sheet = book.active
sheet.title = str(spec.sheet_title)
sheet.append([str(column.header) for column in spec.columns])
for i in range({ROWS}):
    row = []
    for column in spec.columns:
        if column.key == "name":
            row.append(f"Ban Dân vận thử tải {{i:05d}}")
        elif column.key in ("id", "parent"):
            row.append(None)
        else:
            row.append(column.example)
    sheet.append(row)
buffer = io.BytesIO()
book.save(buffer)
admin = User.objects.create_superuser(username="quantri", password="x")
job = SheetImport(user=admin, importer=spec.key, original_name="to-chuc.xlsx",
                  options={{"keep_valid": False, "language": "vi"}})
job.file.save(f"{{job.pk}}.xlsx", ContentFile(buffer.getvalue()), save=False)
job.save()
tasks.enqueue(job)
print(job.pk)
"""
STATE = """
import json
from danvan.core.models import SheetImport
from danvan.organizations.models import Organization
job = SheetImport.objects.get()
saved = Organization.objects.filter(name__startswith="Ban Dân vận thử tải").count()
print(json.dumps({"status": job.status, "interrupted": job.interrupted, "result": job.result,
                  "saved": saved}))
"""
RETRY = """
from danvan.core import tasks
from danvan.core.models import SheetImport
print(tasks.retry(SheetImport.objects.get()))
"""


def _status(database) -> str | None:
    query = "SELECT status FROM core_sheetimport"
    if database.pg is None:
        with sqlite3.connect(database.path) as conn:
            row = conn.execute(query).fetchone()
    else:
        import psycopg

        with psycopg.connect(dbname=database.dbname, **database.pg) as conn:
            row = conn.execute(query).fetchone()
    return row[0] if row else None


def _shell(script, env, tmp_path):
    done = run_manage("shell", "-c", script, env_extra=env, tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_a_worker_killed_mid_import_leaves_nothing_and_the_job_can_run_again(tmp_path):
    database = Database(tmp_path, "killed")
    try:
        env = {**database.env(tmp_path / "media"), "DANVAN_JOB_STALE_AFTER": "2"}
        set_up = run_manage("setup", "--no-demo", env_extra=env, tmp_path=tmp_path)
        assert set_up.returncode == 0, set_up.stderr
        _shell(QUEUE_IMPORT, env, tmp_path)
        worker_env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("DANVAN_")},
            "DANVAN_VAR_DIR": str(tmp_path),
            **env,
        }
        worker_env.pop("DJANGO_SETTINGS_MODULE", None)
        command = [sys.executable, "manage.py", "db_worker", "--batch", "--queue-name", "*"]
        worker = subprocess.Popen(  # noqa: S603
            command, cwd=SRC, env=worker_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.time() + 120
        while _status(database) != "running" and time.time() < deadline:
            time.sleep(0.2)
        time.sleep(3)  # well into the rows
        assert _status(database) == "running"
        worker.send_signal(signal.SIGKILL)
        worker.wait()

        killed = json.loads(_shell(STATE, env, tmp_path))
        assert killed["status"] == "running"  # nobody said otherwise yet
        assert killed["saved"] == 0  # one transaction: nothing partial

        time.sleep(3)  # past DANVAN_JOB_STALE_AFTER without a beat
        swept = run_manage("jobs", "sweep", env_extra=env, tmp_path=tmp_path)
        assert swept.returncode == 0, swept.stderr
        failed = json.loads(_shell(STATE, env, tmp_path))
        assert failed["status"] == "failed"
        assert failed["interrupted"] is True
        assert failed["saved"] == 0
        assert "không có gì được lưu" in json.dumps(failed["result"], ensure_ascii=False).lower()

        assert _shell(RETRY, env, tmp_path) == "True"
        again = subprocess.run(  # noqa: S603
            command,
            cwd=SRC,
            env=worker_env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert again.returncode == 0, again.stdout[-2000:]
        done = json.loads(_shell(STATE, env, tmp_path))
    finally:
        database.drop()
    assert done["status"] == "done"
    assert done["saved"] == ROWS
    assert done["result"]["created"] == ROWS
