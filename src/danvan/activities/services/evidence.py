"""Photos and files of an activity, checked and stored as the initiatives' evidence: by what
the file contains (``core.uploads.check_upload``), photos drawn again without any metadata and
with a thumbnail (``initiatives.evidence.reencode_image``), written when the transaction commits
under a generated name. Who may change the activity may add them."""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.activities.models import Activity, ActivityEvidence
from danvan.core.files import save_after_commit
from danvan.core.permissions import ensure
from danvan.core.services import record_event
from danvan.core.uploads import check_upload, sniff
from danvan.initiatives.enums import EvidenceKind
from danvan.initiatives.evidence import (
    ALLOWED_KINDS,
    IMAGE_KINDS,
    MAX_CAPTION,
    MAX_DOCUMENT_BYTES,
    MAX_IMAGE_BYTES,
    clean_original_name,
    reencode_image,
)

STORED = {
    "jpeg": (EvidenceKind.IMAGE, "jpg"),
    "png": (EvidenceKind.IMAGE, "jpg"),
    "webp": (EvidenceKind.IMAGE, "jpg"),
    "pdf": (EvidenceKind.PDF, "pdf"),
    "docx": (EvidenceKind.DOCX, "docx"),
    "xlsx": (EvidenceKind.XLSX, "xlsx"),
}


def _check(uploaded) -> str:
    head = uploaded.read(16)
    uploaded.seek(0)
    limit = MAX_IMAGE_BYTES if sniff(head) in IMAGE_KINDS else MAX_DOCUMENT_BYTES
    try:
        return check_upload(uploaded, allowed=set(ALLOWED_KINDS), max_bytes=limit)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from error


@transaction.atomic
def add_activity_evidence(
    *, activity: Activity, uploaded, caption: str = "", acting_user
) -> ActivityEvidence:
    """Attach a photo (JPEG, PNG, WebP) or a PDF, Word or Excel file to ``activity``. A
    refused file raises ``ValidationError`` on ``file`` and writes nothing."""
    ensure(acting_user, "activities.change_activity", activity)
    if uploaded is None:
        raise ValidationError({"file": _("Choose a file to upload.")})
    caption = " ".join((caption or "").split())
    if len(caption) > MAX_CAPTION:
        raise ValidationError(
            {
                "caption": _("The caption is too long: at most %(limit)s characters.")
                % {"limit": MAX_CAPTION}
            }
        )
    sniffed = _check(uploaded)
    kind, extension = STORED[sniffed]
    limit = MAX_IMAGE_BYTES if sniffed in IMAGE_KINDS else MAX_DOCUMENT_BYTES
    data = uploaded.read(limit + 1)
    thumbnail = b""
    if kind == EvidenceKind.IMAGE:
        data, thumbnail = reencode_image(data, sniffed)
    stem = uuid.uuid4().hex
    evidence = ActivityEvidence(
        activity=activity,
        kind=kind,
        original_name=clean_original_name(getattr(uploaded, "name", ""), extension=extension),
        size=len(data),
        caption=caption,
        uploaded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    save_after_commit(evidence.file, f"{stem}.{extension}", data, unique=True, replace=False)
    if thumbnail:
        save_after_commit(evidence.thumbnail, f"{stem}.jpg", thumbnail, unique=True, replace=False)
    evidence.save()
    record_event(
        action="activities.activity.evidence_added",
        acting_user=acting_user,
        obj=activity,
        message=caption or evidence.original_name,
    )
    return evidence
