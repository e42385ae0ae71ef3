"""Two task workers on one queue never run one task twice (django-tasks-db's claim: a row lock
on PostgreSQL, SQLite's IMMEDIATE transactions on one file), and every task runs."""

import json
import os
import subprocess
import sys

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
