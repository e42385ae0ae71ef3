"""Housekeeping of browser imports: jobs that lost their worker, and old uploaded files."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from danvan.accounts.enums import Role
from danvan.initiatives.models import ImportJob
from tests.factories.organizations import unit
from tests.permissions import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return user_with_role(Role.STAFF, unit=unit("25"))


def job_created(user, *, hours_ago: float, status: str) -> ImportJob:
    job = ImportJob.objects.create(user=user, original_name="mo-hinh.xlsx", status=status)
    created = timezone.now() - timedelta(hours=hours_ago)
    ImportJob.objects.filter(pk=job.pk).update(created_at=created)
    return job


def test_a_job_that_lost_its_worker_tells_the_officer_nothing_was_saved(staff):
    stale = job_created(staff, hours_ago=7, status="running")
    fresh = job_created(staff, hours_ago=1, status="running")
    client = Client()
    client.force_login(staff)
    page = client.get(reverse("initiatives:initiative-import-status", args=[stale.pk]))
    text = page.content.decode()
    assert "Việc nhập bị gián đoạn" in text
    assert "không có gì được lưu" in text
    assert 'hx-trigger="every 2s"' not in text
    assert dict(ImportJob.objects.values_list("pk", "status")) == {
        stale.pk: "failed",
        fresh.pk: "running",
    }


def test_clean_imports_removes_old_uploads_and_keeps_recent_ones(staff):
    old = job_created(staff, hours_ago=24 * 40, status="done")
    recent = job_created(staff, hours_ago=2, status="done")
    for job in (old, recent):
        job.file.save("mo-hinh.xlsx", ContentFile(b"PK\x03\x04"), save=True)
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
