"""Browser imports as workflows: states moved by one function, a heartbeat judged by the sweep
(never by a page view), "Run again", the upload written on commit, old uploads removed."""

import ast
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from danvan.accounts.enums import Role
from danvan.core.jobs import JobStateError, transition_job
from danvan.initiatives.models import ImportJob
from danvan.reports.models import ReportJob
from tests.factories.organizations import unit
from tests.permissions import user_with_role

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src" / "danvan"


@pytest.fixture
def staff():
    return user_with_role(Role.STAFF, unit=unit("25"))


def job_in(user, status: str, *, beat_minutes_ago: float = 0) -> ImportJob:
    job = ImportJob.objects.create(user=user, original_name="mo-hinh.xlsx", status=status)
    job.file.save(f"{job.pk}.xlsx", ContentFile(b"PK\x03\x04"), save=True)
    beat = timezone.now() - timedelta(minutes=beat_minutes_ago)
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=beat)
    job.refresh_from_db()
    return job


def status_url(job) -> str:
    return reverse("initiatives:initiative-import-status", args=[job.pk])


def test_a_job_without_a_heartbeat_for_minutes_is_failed_by_the_sweep_saying_nothing_was_saved(
    staff,
):
    dead = job_in(staff, "running", beat_minutes_ago=6)
    alive = job_in(staff, "running", beat_minutes_ago=1)
    waiting = ImportJob.objects.create(user=staff, original_name="b.xlsx")  # no worker yet
    call_command("jobs", "sweep")
    assert dict(ImportJob.objects.values_list("pk", "status")) == {
        dead.pk: "failed",
        alive.pk: "running",
        waiting.pk: "checking",
    }
    client = Client()
    client.force_login(staff)
    text = client.get(status_url(dead)).content.decode()
    assert "Việc nhập bị gián đoạn" in text
    assert "không có gì được lưu" in text
    assert 'name="retry"' in text
    assert 'hx-trigger="every 2s"' not in text


def test_a_status_page_view_writes_nothing_even_for_a_dead_job(staff):
    dead = job_in(staff, "running", beat_minutes_ago=60 * 7)
    client = Client()
    client.force_login(staff)
    client.get(status_url(dead))  # the session and the like, before counting
    with CaptureQueriesContext(connection) as queries:
        page = client.get(status_url(dead))
        client.get(status_url(dead), HTTP_HX_REQUEST="true")
    writes = [q["sql"] for q in queries if re.match(r"\s*(INSERT|UPDATE|DELETE)", q["sql"], re.I)]
    assert writes == []
    assert ImportJob.objects.get(pk=dead.pk).status == "running"
    assert 'hx-trigger="every 2s"' in page.content.decode()


def test_run_again_imports_an_interrupted_job_from_its_kept_file(staff):
    dead = job_in(staff, "running", beat_minutes_ago=10)
    call_command("jobs", "sweep")
    client = Client()
    client.force_login(staff)
    response = client.post(status_url(dead), {"retry": ""})
    assert response.url == status_url(dead)
    dead.refresh_from_db()
    # Never confirmed (no preview): the file is read again. Its content is no workbook, so the
    # reading fails, with its own reason this time (not "interrupted": no second retry offered).
    assert dead.status == "failed"
    assert dead.interrupted is False
    assert dead.result["errors"][0]["row"] == 0


def test_run_again_is_refused_for_a_job_that_was_not_interrupted(staff):
    done = job_in(staff, "done")
    client = Client()
    client.force_login(staff)
    client.post(status_url(done), {"retry": ""})
    assert ImportJob.objects.get(pk=done.pk).status == "done"


def test_states_move_only_from_the_allowed_states():
    job = ImportJob.objects.create(user=user_with_role(Role.STAFF, unit=unit("25")))
    assert transition_job(job_model=ImportJob, pk=job.pk, to_state="running") is False
    assert ImportJob.objects.get(pk=job.pk).status == "checking"
    assert transition_job(job_model=ImportJob, pk=job.pk, to_state="pending") is True
    assert transition_job(job_model=ImportJob, pk=job.pk, to_state="pending") is False
    with pytest.raises(JobStateError):
        transition_job(job_model=ImportJob, pk=job.pk, to_state="done", from_states=["pending"])
    with pytest.raises(JobStateError):
        ImportJob.objects.filter(pk=job.pk).update(status="done")
    loaded = ImportJob.objects.get(pk=job.pk)
    loaded.status = "done"
    with pytest.raises(JobStateError):
        loaded.save()
    assert ImportJob.objects.get(pk=job.pk).status == "pending"
    loaded.refresh_from_db()
    loaded.original_name = "khac.xlsx"
    loaded.save()  # other fields may be saved with the state as it is
    assert ImportJob.objects.get(pk=job.pk).original_name == "khac.xlsx"


def test_a_report_file_job_is_a_workflow_too(staff):
    job = ReportJob.objects.create(user=staff, file_format="pdf")
    with pytest.raises(JobStateError):
        ReportJob.objects.filter(pk=job.pk).update(status="done")
    assert transition_job(job_model=ReportJob, pk=job.pk, to_state="running") is True
    ReportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    call_command("jobs", "sweep")
    job.refresh_from_db()
    assert (job.status, job.error) == (
        "failed",
        "Chưa tạo được tệp: tiến trình xử lý nền đã dừng. Hãy yêu cầu tạo lại.",
    )


def _passthrough_updaters(tree: ast.Module) -> set[str]:
    """Functions of a module that hand their keyword arguments to ``update(**…)``: a
    ``status=`` given to them assigns a state as surely as one given to ``update()``."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for call in ast.walk(node):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Attribute)
                    and call.func.attr == "update"
                    and any(k.arg is None for k in call.keywords)
                ):
                    names.add(node.name)
    return names


def test_no_code_assigns_a_job_state_but_the_transition_function():
    """``status=`` given to ``update()`` (or to a helper passing its keywords to it) or
    ``.status =`` on a job, outside core/jobs.py — in every app: initiatives, reports, reviews."""
    offenders, scanned = [], set()
    pattern = re.compile(r"\.update\([^)]*\bstatus=|\b(job|report_job|minute_job)\.status\s*=[^=]")
    for path in SRC.rglob("*.py"):
        if path.name == "jobs.py" and path.parent.name == "core":
            continue
        text = path.read_text()
        if "Job" not in text:
            continue
        scanned.add(path.relative_to(SRC).as_posix())
        offenders += [f"{path}:{m.group(0)}" for m in pattern.finditer(text)]
        tree = ast.parse(text)
        updaters = _passthrough_updaters(tree)
        offenders += [
            f"{path}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in updaters
            and any(k.arg == "status" for k in node.keywords)
        ]
    assert {"initiatives/tasks.py", "reports/tasks.py", "reviews/tasks.py"} <= scanned
    assert offenders == []


def test_an_upload_is_written_only_when_the_request_commits(staff):
    from tests.initiatives.test_excel import GOOD, xlsx

    client = Client()
    client.force_login(staff)
    upload = SimpleUploadedFile("mo-hinh.xlsx", xlsx([GOOD]))
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        client.post(reverse("initiatives:initiative-import"), {"file": upload})
    job = ImportJob.objects.get()
    # Not committed yet: the row names the file, the storage does not hold it. A rollback
    # drops the callbacks and leaves nothing behind.
    assert job.file.name == f"imports/{timezone.now():%Y/%m}/{job.pk}.xlsx"
    assert not job.file.storage.exists(job.file.name)
    assert len(callbacks) == 2
    callbacks[0]()  # the commit: the file is written
    assert job.file.storage.exists(job.file.name)


def test_clean_imports_removes_old_uploads_and_keeps_recent_ones(staff):
    old = job_in(staff, "done")
    recent = job_in(staff, "done")
    ImportJob.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=40))
    ImportJob.objects.filter(pk=recent.pk).update(finished_at=timezone.now())
    old.refresh_from_db()
    old_name = old.file.name
    call_command("initiatives", "clean-imports")
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.file.name == ""
    assert not old.file.storage.exists(old_name)
    assert recent.file.storage.exists(recent.file.name)
    assert (old.status, recent.status) == ("done", "done")
