"""Run by ``test_import_worker_killed.py`` in subprocesses, on a copy of the test database
(``DANVAN_DATABASE_URL`` or ``DANVAN_VAR_DIR``): one step per call, results printed as JSON.

    start    the officer, the owner organisation and a confirmed import of ROWS rows, queued
    worker   ``db_worker`` that pauses inside the import's transaction after a few rows (and
             prints PAUSED): the test kills it there with SIGKILL
    sweep    the sweep now and after the stale window; then "Run again"
    report   the job and how many models exist
"""

import json
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

ROWS = 40
PAUSE_AFTER = 10


def setup_django() -> None:
    root = Path(__file__).resolve().parents[2]
    sys.path[:0] = [str(root / "src"), str(root)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def start() -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    from danvan.core.files import save_after_commit
    from danvan.core.jobs import transition_job
    from danvan.initiatives import services, tasks
    from danvan.initiatives.models import ImportJob
    from tests.factories.organizations import make_organization, unit
    from tests.initiatives.test_excel import GOOD_VALUES, OWNER, commune, row, xlsx
    from tests.permissions import user_with_role

    services.seed_catalogues()
    user = user_with_role("staff", unit=unit("25"))
    make_organization(name=OWNER, kind="mass_org", unit=commune("08335"))
    rows = [row(**{**GOOD_VALUES, "name": f"Mô hình số {n}"}) for n in range(ROWS)]
    upload = SimpleUploadedFile("mo-hinh.xlsx", xlsx(rows))
    with transaction.atomic():
        job = ImportJob(user=user, original_name="mo-hinh.xlsx", options={"dry_run": False})
        save_after_commit(job.file, f"{job.pk}.xlsx", upload, unique=True)
        job.save()
    transition_job(job_model=ImportJob, pk=job.pk, to_state="pending", preview={"checked": 1})
    tasks.enqueue(ImportJob.objects.get(pk=job.pk))
    return {"job": str(job.pk)}


def worker() -> None:
    from django.core.management import call_command

    from danvan.initiatives import tasks

    tasks.PROGRESS_EVERY = PAUSE_AFTER
    counted = tasks._Progress.__call__

    def pause(self, processed):
        counted(self, processed)
        print("PAUSED", flush=True)
        time.sleep(600)

    tasks._Progress.__call__ = pause
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def sweep(job_id: str) -> dict:
    from django.utils import timezone

    from danvan.core.jobs import stale_after, sweep_stale_jobs
    from danvan.initiatives import tasks
    from danvan.initiatives.models import ImportJob

    now = timezone.now()
    swept_now = sweep_stale_jobs(now=now)
    status_now = ImportJob.objects.get(pk=job_id).status
    swept_later = sweep_stale_jobs(now=now + stale_after() + timedelta(seconds=1))
    failed = report(job_id)
    retried = tasks.retry(ImportJob.objects.get(pk=job_id))
    return {
        "swept_now": swept_now,
        "status_now": status_now,
        "swept_later": swept_later,
        "failed": failed,
        "retried": retried,
    }


def report(job_id: str) -> dict:
    from danvan.initiatives.models import ImportJob, Initiative

    job = ImportJob.objects.get(pk=job_id)
    return {
        "status": job.status,
        "result": job.result,
        "interrupted": job.interrupted,
        "initiatives": Initiative.objects.count(),
    }


if __name__ == "__main__":
    setup_django()
    step, *args = sys.argv[1:]
    if step == "worker":
        worker()
    else:
        print(json.dumps({"start": start, "sweep": sweep, "report": report}[step](*args)))
