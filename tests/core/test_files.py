"""``danvan.core.files``: names decided at once, content written on commit, the replaced file
deleted after it — on a real FileSystemStorage."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.core import files
from danvan.reports.models import ReportJob
from tests.commit import committed, rolled_back
from tests.conftest import files_under
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def job():
    return ReportJob.objects.create(user=UserFactory(), file_format="xlsx", title="Báo cáo")


def test_the_name_is_decided_at_once_and_the_file_written_on_commit(media_dir, job):
    with committed():
        name = files.save_after_commit(job.file, "bao-cao.xlsx", b"PK\x03\x04")
        job.save()
        assert job.file.name == name
        assert files_under(media_dir) == []  # not before the commit
    assert name.startswith("reports/")
    assert name.endswith(".xlsx")
    assert files_under(media_dir) == [name]
    job.refresh_from_db()
    assert job.file.name == name


def test_two_saves_of_the_same_name_get_two_names():
    first = ReportJob(user_id=1, file_format="pdf")
    second = ReportJob(user_id=1, file_format="pdf")
    with rolled_back():
        one = files.save_after_commit(first.file, "bao-cao.pdf", b"%PDF")
        two = files.save_after_commit(second.file, "bao-cao.pdf", b"%PDF")
    assert one != two


def test_a_long_name_is_cut_to_the_field_length():
    job = ReportJob(user_id=1, file_format="pdf")
    with rolled_back():
        name = files.save_after_commit(job.file, "a" * 400 + ".pdf", b"%PDF")
    assert len(name) <= ReportJob._meta.get_field("file").max_length
    assert name.endswith(".pdf")


def test_a_name_the_storage_changes_at_the_write_is_the_one_the_row_keeps(
    media_dir, job, monkeypatch
):
    storage = storages["default"]  # the instance default_storage stands for
    real_save = storage.save

    def save_elsewhere(name, content, max_length=None):
        return real_save(name.replace(".xlsx", "-khac.xlsx"), content, max_length=max_length)

    monkeypatch.setattr(storage, "save", save_elsewhere)
    with committed():
        name = files.save_after_commit(job.file, "bao-cao.xlsx", b"PK")
        job.save()
    job.refresh_from_db()
    assert job.file.name == name.replace(".xlsx", "-khac.xlsx")
    assert files_under(media_dir) == [job.file.name]


def test_a_large_upload_is_spooled_and_written_whole(media_dir, job):
    data = bytes(range(256)) * (files.SPOOL_MAX_MEMORY // 256 + 10)
    upload = SimpleUploadedFile("lon.xlsx", data)
    with committed():
        name = files.save_after_commit(job.file, "lon.xlsx", upload)
        job.save()
        upload.close()  # the caller is done with its upload before the commit
    assert (media_dir / name).read_bytes() == data


def test_delete_after_commit_deletes_on_commit_and_not_on_rollback(media_dir):
    name = default_storage.save("reports/2026/12/cu.xlsx", ContentFile(b"PK"))
    with rolled_back():
        files.delete_after_commit(default_storage, name)
    assert files_under(media_dir) == [name]
    with committed():
        files.delete_after_commit(default_storage, name)
    assert files_under(media_dir) == []


def test_a_write_that_fails_after_commit_is_logged(media_dir, job, monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(storages["default"], "save", refuse)
    with committed():
        name = files.save_after_commit(job.file, "bao-cao.xlsx", b"PK")
        job.save()
    assert files_under(media_dir) == []
    assert f"Could not write the stored file {name}" in caplog.text
