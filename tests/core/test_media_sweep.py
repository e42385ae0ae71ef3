"""``manage.py media sweep`` removes the stored files no row references, keeps the others,
and is audited; ``media check`` lists rows whose file is missing. On a real FileSystemStorage."""

import io
import os
import time
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from danvan.core.files import unreferenced_files
from danvan.core.models import AuditEvent
from danvan.core.registry import action_label
from tests.conftest import files_under
from tests.documents.factories import make_document, make_organization, pdf_upload

pytestmark = pytest.mark.django_db

TWO_DAYS = 2 * 24 * 3600


def age(media_dir, name: str, seconds: int) -> None:
    then = time.time() - seconds
    os.utime(media_dir / name, (then, then))


def media(*args) -> str:
    out = io.StringIO()
    call_command("media", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def stored(media_dir):
    """A referenced document file, an old orphan, a fresh orphan and an old file outside the
    folders danvan's file fields write to; all but the fresh one two days old."""
    document = make_document(issuer=make_organization(), file=pdf_upload())
    old = default_storage.save("documents/2025/bo-roi.pdf", ContentFile(b"%PDF-1.4 old"))
    fresh = default_storage.save("evidence/2026/01/vua-ghi.jpg", ContentFile(b"\xff\xd8"))
    foreign = default_storage.save("sao-luu/ghi-chu.txt", ContentFile(b"not ours"))
    for name in (document.file.name, old, foreign):
        age(media_dir, name, TWO_DAYS)
    return {"document": document, "old": old, "fresh": fresh, "foreign": foreign}


def test_a_dry_run_lists_the_old_orphan_and_removes_nothing(media_dir, stored):
    before = files_under(media_dir)
    output = media("sweep", "--dry-run")
    assert output.splitlines()[0] == stored["old"]
    assert "1 tệp không còn dòng nào trỏ tới (chưa xoá)" in output
    assert files_under(media_dir) == before
    assert not AuditEvent.objects.filter(action="core.media.swept").exists()


def test_the_sweep_removes_the_old_orphan_and_keeps_referenced_fresh_and_foreign_files(
    media_dir, stored
):
    output = media("sweep")
    assert "1 tệp đã xoá" in output
    assert files_under(media_dir) == sorted(
        [stored["document"].file.name, stored["fresh"], stored["foreign"]]
    )
    event = AuditEvent.objects.get(action="core.media.swept")
    assert event.changes == {"files": [[stored["old"]], []]}
    assert event.actor is None
    assert str(action_label(event.action)) == "Đã xoá các tệp đính kèm không còn dùng"


def test_older_than_zero_removes_the_fresh_orphan_too(media_dir, stored):
    media("sweep", "--older-than", "0")
    assert files_under(media_dir) == sorted([stored["document"].file.name, stored["foreign"]])


def test_a_negative_age_is_refused(stored):
    with pytest.raises(CommandError, match="--older-than"):
        media("sweep", "--older-than", "-1")


def test_check_lists_a_row_whose_file_is_missing(media_dir, stored):
    name = stored["document"].file.name
    assert "0 tệp bị thiếu" in media("check")
    default_storage.delete(name)
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_status:
        call_command("media", "check", stdout=out)
    assert exit_status.value.code == 1
    assert out.getvalue().splitlines()[0] == f"documents.Document: {name}"


def test_files_are_checked_against_the_rows_in_batches(stored):
    soon = timezone.now() + timedelta(minutes=1)
    found = unreferenced_files(default_storage, older_than=soon, batch_size=1)
    assert [file.name for file in found] == sorted([stored["old"], stored["fresh"]])
