"""A document's file is written when its transaction commits, and the file it replaces is
deleted then (danvan.core.files), on a real FileSystemStorage."""

from datetime import date

import pytest

from danvan.core.models import AuditEvent
from danvan.documents import services
from tests.commit import committed, rolled_back
from tests.conftest import files_under
from tests.documents.factories import (
    PDF_BYTES,
    docx_upload,
    make_document,
    make_organization,
    pdf_upload,
)

pytestmark = pytest.mark.django_db


class RefusedError(Exception):
    pass


def test_a_document_whose_audit_write_fails_leaves_no_file(media_dir, monkeypatch):
    issuer = make_organization()

    def fail_on_attach(**kwargs):
        if kwargs["action"] == "documents.document.file_attached":
            raise RefusedError
        return AuditEvent.objects.none()

    monkeypatch.setattr(services, "record_event", fail_on_attach)
    with pytest.raises(RefusedError), committed():
        make_document(issuer=issuer, file=pdf_upload())
    assert files_under(media_dir) == []


def test_a_document_registered_in_a_transaction_that_rolls_back_leaves_no_file(media_dir):
    issuer = make_organization()
    data = {"kind": "", "number": "7-KH/HU", "issued_on": date(2021, 9, 10), "issuer": issuer}
    with rolled_back():  # a later step of the caller fails
        services.create_document(
            data={**data, "title": "Kế hoạch", "summary": ""}, file=pdf_upload(), acting_user=None
        )
    assert files_under(media_dir) == []


def test_a_committed_document_has_its_file(media_dir):
    document = make_document(issuer=make_organization(), number="54-KH/HU", file=pdf_upload())
    assert files_under(media_dir) == [document.file.name]
    assert (media_dir / document.file.name).read_bytes() == PDF_BYTES


def test_a_replaced_file_is_deleted_after_commit(media_dir):
    document = make_document(issuer=make_organization(), file=pdf_upload())
    first = document.file.name
    with committed():
        updated = services.update_document(
            document=document, data={}, version=1, file=docx_upload(), acting_user=None
        )
    assert updated.file.name != first
    assert files_under(media_dir) == [updated.file.name]
    document.refresh_from_db()
    assert document.file.name == updated.file.name


def test_a_replacement_that_rolls_back_keeps_the_old_file_and_writes_no_new_one(media_dir):
    document = make_document(issuer=make_organization(), file=pdf_upload())
    first = document.file.name
    with rolled_back():  # a later step of the caller fails
        services.update_document(
            document=document, data={}, version=1, file=docx_upload(), acting_user=None
        )
    document.refresh_from_db()
    assert document.file.name == first
    assert files_under(media_dir) == [first]
