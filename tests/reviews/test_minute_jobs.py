"""Point 5 of issue 12: the minute PDF is made in the background like the report files; the job
is its author's only (the matrix of the URL walk)."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from danvan.accounts.enums import Role
from danvan.core.jobs import JobStateError, sweep_stale_jobs, transition_job
from danvan.reviews.models import MinuteJob
from tests.factories.organizations import dong_thap, tuyen_quang
from tests.permissions import check_matrix, user_with_role
from tests.reviews.factories import make_committee, make_round

pytestmark = pytest.mark.django_db

NOBODY_ELSE = dict.fromkeys(Role.values, (404, 404))


def _finished(unit) -> MinuteJob:
    committee = make_committee(name=f"Ban Chỉ đạo {unit.name}", unit=unit)
    review_round = make_round(committee=committee, scope_unit=unit)
    job = MinuteJob.objects.create(
        round=review_round, user=user_with_role(Role.STAFF, unit=unit), filename="bien-ban.pdf"
    )
    assert transition_job(job_model=MinuteJob, pk=job.pk, to_state=MinuteJob.State.RUNNING)
    assert transition_job(job_model=MinuteJob, pk=job.pk, to_state=MinuteJob.State.DONE)
    job.refresh_from_db()
    job.file.save("bien-ban.pdf", ContentFile(b"%PDF-1.7 bien ban"))
    return job


@pytest.mark.parametrize("suffix", ["", "tep/"])
def test_matrix_a_minute_job_is_its_authors_only(suffix):
    inside, outside = _finished(tuyen_quang()), _finished(dong_thap())
    check_matrix(
        url_for=lambda job: f"/binh-xet/bien-ban/{job.pk}/{suffix}",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        expect=NOBODY_ELSE,
        superuser=(404, 404),
    )
    client = Client()
    client.force_login(inside.user)
    response = client.get(f"/binh-xet/bien-ban/{inside.pk}/{suffix}")
    assert response.status_code == 200
    if suffix:
        assert b"".join(response.streaming_content) == b"%PDF-1.7 bien ban"


def test_matrix_the_minute_is_queued_by_those_who_read_the_round():
    inside = make_round()
    outside = make_round(
        committee=make_committee(name="Ban Chỉ đạo tỉnh Đồng Tháp", unit=dong_thap()),
        scope_unit=dong_thap(),
    )
    check_matrix(
        url_for=lambda r: f"/binh-xet/{r.pk}/bien-ban/",
        inside=inside,
        outside=outside,
        scope_unit=tuyen_quang(),
        method="post",
        snapshot=lambda r: MinuteJob.objects.filter(round=r).count(),
        expect={"admin": (302, 404), "staff": (302, 404), "viewer": (302, 404)},
        superuser=(302, 302),
    )


def test_the_minute_request_returns_at_once_with_a_job_page():
    review_round = make_round()
    staff = user_with_role(Role.STAFF, unit=review_round.committee.unit)
    client = Client()
    client.force_login(staff)

    response = client.post(f"/binh-xet/{review_round.pk}/bien-ban/")

    job = MinuteJob.objects.get(round=review_round)
    assert response["Location"] == f"/binh-xet/bien-ban/{job.pk}/"
    assert job.user == staff


def _queued() -> MinuteJob:
    review_round = make_round()
    user = user_with_role(Role.STAFF, unit=review_round.committee.unit)
    return MinuteJob.objects.create(round=review_round, user=user)


def test_a_minute_job_moves_only_from_the_allowed_states():
    job = _queued()
    assert transition_job(job_model=MinuteJob, pk=job.pk, to_state="done") is False
    assert MinuteJob.objects.get(pk=job.pk).status == "queued"
    assert transition_job(job_model=MinuteJob, pk=job.pk, to_state="running") is True
    assert transition_job(job_model=MinuteJob, pk=job.pk, to_state="running") is False
    with pytest.raises(JobStateError):
        transition_job(job_model=MinuteJob, pk=job.pk, to_state="done", from_states=["queued"])
    with pytest.raises(JobStateError):
        MinuteJob.objects.filter(pk=job.pk).update(status="done")
    loaded = MinuteJob.objects.get(pk=job.pk)
    assert loaded.heartbeat_at is not None  # entering "running" is a beat
    loaded.status = "done"
    with pytest.raises(JobStateError):
        loaded.save()
    assert transition_job(job_model=MinuteJob, pk=job.pk, to_state="failed") is True
    assert transition_job(job_model=MinuteJob, pk=job.pk, to_state="done") is False
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.finished_at is not None


def test_a_stale_minute_job_is_failed_by_the_sweep():
    stale, alive = _queued(), _queued()
    for job in (stale, alive):
        assert transition_job(job_model=MinuteJob, pk=job.pk, to_state="running")
    MinuteJob.objects.filter(pk=stale.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))

    call_command("jobs", "sweep")

    stale.refresh_from_db()
    alive.refresh_from_db()
    assert (stale.status, stale.error) == (
        "failed",
        "Chưa tạo được tệp: tiến trình xử lý nền đã dừng. Hãy yêu cầu tạo lại.",
    )
    assert stale.finished_at is not None
    assert (alive.status, alive.error) == ("running", "")
    assert sweep_stale_jobs() == 0  # failed once only


def test_the_minute_task_renders_through_the_workflow(django_capture_on_commit_callbacks):
    review_round = make_round()
    staff = user_with_role(Role.STAFF, unit=review_round.committee.unit)
    client = Client()
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):  # the file is written on commit
        client.post(f"/binh-xet/{review_round.pk}/bien-ban/")

    job = MinuteJob.objects.get(round=review_round)
    assert job.status == "done"
    assert job.task_id
    assert job.heartbeat_at is not None
    assert job.finished_at is not None
    assert job.file.read().startswith(b"%PDF")


def test_a_minute_that_is_no_longer_queued_is_not_rendered_again():
    from danvan.reviews.tasks import render_minute_job

    job = _queued()
    assert transition_job(job_model=MinuteJob, pk=job.pk, to_state="failed")
    assert render_minute_job.call(str(job.pk)) == "not queued"
    job.refresh_from_db()
    assert (job.status, job.file.name) == ("failed", "")


@pytest.mark.parametrize("htmx", [False, True])
def test_the_status_page_writes_nothing(htmx):
    job = _queued()
    assert transition_job(job_model=MinuteJob, pk=job.pk, to_state="running")
    old = timezone.now() - timedelta(hours=1)
    MinuteJob.objects.filter(pk=job.pk).update(heartbeat_at=old)  # dead, but a GET does not judge
    client = Client()
    client.force_login(job.user)
    headers = {"HX-Request": "true"} if htmx else {}

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/binh-xet/bien-ban/{job.pk}/", headers=headers)

    assert response.status_code == 200
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    job.refresh_from_db()
    assert (job.status, job.heartbeat_at) == ("running", old)
