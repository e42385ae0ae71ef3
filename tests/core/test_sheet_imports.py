"""Imports of organisations, people and documents run in the background (``core.tasks``): the
request only checks and keeps the file; the job's page polls while it waits, shows the result
table when done, offers "Run again" after its worker died, and never writes on a GET."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from danvan.accounts.enums import Role
from danvan.core.models import SheetImport
from danvan.organizations.models import Organization
from tests.factories.organizations import make_organization, tuyen_quang
from tests.organizations.test_excel import GOOD_ROWS, ORG_HEADERS, xlsx
from tests.permissions import user_with_role

pytestmark = pytest.mark.django_db

URL = "/to-chuc/excel/nhap/"


@pytest.fixture
def staff():
    make_organization(name="Tỉnh ủy Tuyên Quang", kind="party_committee", unit=tuyen_quang())
    return user_with_role(Role.STAFF, unit=tuyen_quang())


@pytest.fixture
def client(staff):
    client = Client()
    client.force_login(staff)
    return client


def status_url(job) -> str:
    return reverse("core:import-status", args=[job.pk])


def test_the_request_keeps_the_file_and_reads_no_workbook(client):
    upload = xlsx("Tổ chức", ORG_HEADERS, GOOD_ROWS)
    with (
        mock.patch("danvan.core.spreadsheets.reading.load_workbook") as load,
        TestCase.captureOnCommitCallbacks(execute=False) as callbacks,
    ):
        response = client.post(URL, {"file": upload})
    job = SheetImport.objects.get()
    assert response.url == status_url(job)
    assert load.call_count == 0
    assert (job.status, job.importer) == ("queued", "organizations.organization")
    # Written on commit only: a rolled-back request leaves no file.
    assert not job.file.storage.exists(job.file.name)
    assert len(callbacks) == 2
    page = client.get(status_url(job)).content.decode()
    assert "Đang chờ đến lượt" in page
    assert 'hx-trigger="every 2s"' in page
    assert not Organization.objects.filter(name="Ban Dân vận Huyện ủy Lâm Bình").exists()


def test_the_job_imports_in_the_background_and_its_page_shows_the_result(client):
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(URL, {"file": xlsx("Tổ chức", ORG_HEADERS, GOOD_ROWS)})
    job = SheetImport.objects.get()
    assert (job.status, job.result["created"], job.result["committed"]) == ("done", 2, True)
    assert job.file.storage.exists(job.file.name)
    page = client.get(response.url).content.decode()
    assert "2 thêm mới, 0 cập nhật, 0 không đổi." in page
    assert 'hx-trigger="every 2s"' not in page


def test_a_file_that_is_no_workbook_is_refused_in_the_request(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("danh-sach.xlsx", b"not a workbook at all")
    page = client.post(URL, {"file": fake}).content.decode()
    assert not SheetImport.objects.exists()
    assert 'class="errorlist' in page


def test_a_dead_job_is_failed_by_the_sweep_and_runs_again_from_its_file(client, staff):
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(URL, {"file": xlsx("Tổ chức", ORG_HEADERS, GOOD_ROWS)})
    job = SheetImport.objects.get()
    # As if the worker had died while it ran: back to running, its last beat long ago.
    SheetImport.objects.filter(pk=job.pk).delete()
    Organization.objects.filter(name="Ban Dân vận Huyện ủy Lâm Bình").delete()
    dead = SheetImport.objects.create(
        user=staff,
        importer=job.importer,
        original_name="danh-sach.xlsx",
        status="running",
        file=job.file.name,
        heartbeat_at=timezone.now() - timedelta(minutes=10),
    )
    with CaptureQueriesContext(connection) as queries:
        client.get(status_url(dead))
    assert not [q for q in queries if re.match(r"\s*(INSERT|UPDATE|DELETE)", q["sql"], re.I)]
    call_command("jobs", "sweep")
    dead.refresh_from_db()
    assert (dead.status, dead.interrupted) == ("failed", True)
    page = client.get(status_url(dead)).content.decode()
    assert "không có gì được lưu" in page
    assert 'name="retry"' in page
    client.post(status_url(dead), {"retry": ""})
    dead.refresh_from_db()
    assert (dead.status, dead.result["committed"]) == ("done", True)
    assert Organization.objects.filter(name="Ban Dân vận Huyện ủy Lâm Bình").exists()


def test_another_users_job_is_not_found(staff):
    job = SheetImport.objects.create(user=staff, importer="organizations.organization")
    other = Client()
    other.force_login(user_with_role(Role.STAFF, unit=tuyen_quang()))
    assert other.get(status_url(job)).status_code == 404
    assert other.post(status_url(job), {"retry": ""}).status_code == 404


def test_clean_imports_removes_old_uploads_of_sheet_imports_too(staff):
    from django.core.files.base import ContentFile

    old = SheetImport.objects.create(user=staff, importer="x", status="done")
    old.file.save("a.xlsx", ContentFile(b"PK"), save=True)
    name = old.file.name
    SheetImport.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=40))
    call_command("initiatives", "clean-imports")
    old.refresh_from_db()
    assert old.file.name == ""
    assert not old.file.storage.exists(name)


def test_a_rolled_back_request_leaves_neither_job_nor_file(client):
    from django.core.files.storage import default_storage
    from django.db import transaction

    def failing_request() -> str:
        with transaction.atomic():
            client.post(URL, {"file": xlsx("Tổ chức", ORG_HEADERS, GOOD_ROWS)})
            names.append(SheetImport.objects.get().file.name)
            raise RuntimeError("the request fails after the job's row was written")

    names: list[str] = []
    with (
        TestCase.captureOnCommitCallbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        failing_request()
    name = names[0]
    assert callbacks == []
    assert not SheetImport.objects.exists()
    assert name.endswith(".xlsx")
    assert not default_storage.exists(name)


def test_a_worker_starting_a_task_fails_the_dead_jobs_first(staff):
    from danvan.core.tasks import run_sheet_import

    dead = SheetImport.objects.create(
        user=staff,
        importer="organizations.organization",
        status="running",
        heartbeat_at=timezone.now() - timedelta(minutes=10),
    )
    finished = SheetImport.objects.create(user=staff, importer="x", status="done")
    run_sheet_import.enqueue(str(finished.pk))  # any task: it finds its job done and stops
    dead.refresh_from_db()
    assert (dead.status, dead.interrupted) == ("failed", True)


def test_matrix_an_import_is_its_owners_only():
    """Every other account — a superuser too — finds no import of someone else (404), and a
    "Run again" sent to another's interrupted import changes nothing."""
    from danvan.core.jobs import interrupted_result
    from tests.factories.organizations import dong_thap
    from tests.permissions import check_matrix

    def interrupted(province) -> SheetImport:
        return SheetImport.objects.create(
            user=user_with_role(Role.STAFF, unit=province),
            importer="organizations.organization",
            original_name="danh-sach.xlsx",
            file="imports/khong-co.xlsx",
            status="failed",
            result=interrupted_result(),
        )

    inside, outside = interrupted(tuyen_quang()), interrupted(dong_thap())
    for method in ("get", "post"):
        check_matrix(
            url_for=status_url,
            inside=inside,
            outside=outside,
            scope_unit=tuyen_quang(),
            method=method,
            data={"retry": "1"},
            snapshot=lambda job: list(SheetImport.objects.filter(pk=job.pk).values("status")),
            expect=dict.fromkeys(Role.values, (404, 404)),
            superuser=(404, 404),
        )


def test_a_job_whose_worker_died_before_its_first_step_is_failed_too(staff):
    """The worker took the task (django-tasks-db marks it running) and died before the job
    moved or beat: the job would wait for its turn for ever. A task taken within the window,
    or not taken yet, leaves its job waiting."""
    from django_tasks_db.models import DBTaskResult

    def queued_with_task(status: str, minutes_ago: float) -> SheetImport:
        started = timezone.now() - timedelta(minutes=minutes_ago)
        task = DBTaskResult.objects.create(
            status=status,
            args_kwargs={"args": [], "kwargs": {}},
            task_path="danvan.core.tasks.run_sheet_import",
            backend_name="default",
            run_after=started,
            started_at=started if status == "RUNNING" else None,
            exception_class_path="",
            traceback="",
        )
        return SheetImport.objects.create(
            user=staff, importer="organizations.organization", task_id=str(task.id)
        )

    lost = queued_with_task("RUNNING", minutes_ago=10)
    taken_now = queued_with_task("RUNNING", minutes_ago=1)
    not_taken = queued_with_task("READY", minutes_ago=60)
    call_command("jobs", "sweep")
    assert dict(SheetImport.objects.values_list("pk", "status")) == {
        lost.pk: "failed",
        taken_now.pk: "queued",
        not_taken.pk: "queued",
    }
    assert SheetImport.objects.get(pk=lost.pk).interrupted is True
