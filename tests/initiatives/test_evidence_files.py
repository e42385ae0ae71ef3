"""Evidence files are written when the transaction commits (danvan.core.files): a rolled-back
upload leaves nothing in the storage, on a real FileSystemStorage."""

import pytest

from danvan.initiatives import evidence as evidence_service
from tests.commit import rolled_back
from tests.conftest import files_under
from tests.initiatives.evidence_helpers import PDF_BYTES, add_evidence, jpeg_with_gps, upload

pytestmark = pytest.mark.django_db


class RefusedError(Exception):
    pass


def test_evidence_added_in_a_transaction_that_rolls_back_leaves_no_file(
    media_dir, initiative, staff
):
    with rolled_back():  # a later step of the caller fails
        evidence_service.add_evidence(
            initiative=initiative,
            uploaded=upload("hien-dat.jpg", jpeg_with_gps((800, 600))),
            acting_user=staff,
        )
    assert files_under(media_dir) == []


def test_evidence_whose_audit_write_fails_leaves_no_file(media_dir, initiative, staff, monkeypatch):
    def refuse(**kwargs):
        raise RefusedError

    monkeypatch.setattr(evidence_service, "record_event", refuse)
    with pytest.raises(RefusedError):
        add_evidence(
            initiative=initiative, uploaded=upload("bien-ban.pdf", PDF_BYTES), acting_user=staff
        )
    assert files_under(media_dir) == []


def test_committed_evidence_has_its_photo_and_thumbnail(media_dir, initiative, staff):
    evidence = add_evidence(
        initiative=initiative,
        uploaded=upload("hien-dat.jpg", jpeg_with_gps((800, 600))),
        acting_user=staff,
    )
    assert files_under(media_dir) == sorted([evidence.file.name, evidence.thumbnail.name])
    assert (media_dir / evidence.file.name).read_bytes()[:2] == b"\xff\xd8"
