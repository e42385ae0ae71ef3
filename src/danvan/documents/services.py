"""Writes on documents. Every one validates, is atomic and is audited; an uploaded file is
checked by what it contains before anything is written."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.files import save_after_commit
from danvan.core.formatting import format_number
from danvan.core.permissions import ensure, ensure_choice
from danvan.core.services import diff, record_event, snapshot
from danvan.core.uploads import check_upload
from danvan.documents.enums import DocumentKind, guess_kind
from danvan.documents.models import FILE_EXTENSIONS, Document, number_key
from danvan.organizations.models import Organization

DOCUMENT_FIELDS = ("kind", "number", "issued_on", "issuer", "title", "summary", "public")
ALLOWED_FILE_KINDS = {"pdf", "docx", "jpeg", "png"}
MAX_FILE_BYTES = 20 * 1024 * 1024


def normalize_number(number: str | None) -> str:
    """``"  54-KH/HU "`` → ``"54-KH/HU"``; runs of spaces become one."""
    return " ".join((number or "").split())


def _raw(document: Document) -> dict:
    """The stored values (ids, codes): what decides whether anything changed, since the audit
    snapshot shows names, and two organisations may bear the same name."""
    return {
        key: getattr(document, Document._meta.get_field(key).attname) for key in DOCUMENT_FIELDS
    }


def _clean(data: dict) -> dict:
    """The document's fields from ``data``, normalised and checked (uniqueness apart)."""
    cleaned = {key: data.get(key) for key in DOCUMENT_FIELDS}
    cleaned["number"] = normalize_number(cleaned["number"])
    cleaned["title"] = " ".join((cleaned["title"] or "").split())
    cleaned["summary"] = (cleaned["summary"] or "").strip()
    cleaned["public"] = bool(cleaned["public"])
    if cleaned["issuer"] is None:
        raise ValidationError({"issuer": _("Choose the organisation that issued the document.")})
    if not cleaned["title"]:
        raise ValidationError({"title": _("Enter the title of the document.")})
    issued_on = cleaned["issued_on"]
    if issued_on is None:
        raise ValidationError({"issued_on": _("Enter the date the document was issued.")})
    if issued_on > timezone.localdate():
        raise ValidationError({"issued_on": _("The date of issue cannot be in the future.")})
    if not cleaned["kind"]:
        cleaned["kind"] = guess_kind(cleaned["number"])
        if cleaned["kind"] is None:
            raise ValidationError(
                {"kind": _("Choose the kind of document: it cannot be told from the number.")}
            )
    elif cleaned["kind"] not in DocumentKind.values:
        raise ValidationError({"kind": _("Choose a kind of document from the list.")})
    return cleaned


def _check_issuer(acting_user, issuer) -> None:
    """The issuer must be an organisation the acting user registers documents for — never a
    body above the user's scope (finding 3 of issue 11)."""
    ensure_choice(
        acting_user,
        "documents.issue_document",
        issuer,
        field="issuer",
        message=_("Choose an issuing organisation inside your own scope."),
    )


def _check_unique(cleaned: dict, *, exclude_pk: int | None = None) -> None:
    """One issuer does not issue two documents with the same number in the same year."""
    key = number_key(cleaned["number"])
    if not key:
        return
    # Lock the issuer: two editors registering the same number wait for each other here.
    list(Organization.objects.select_for_update().filter(pk=cleaned["issuer"].pk).values("pk"))
    year = cleaned["issued_on"].year
    same = Document.objects.filter(
        issuer=cleaned["issuer"], number_key=key, issued_on__year=year
    ).exclude(pk=exclude_pk)
    if same.exists():
        raise ValidationError(
            {
                "number": _(
                    "%(issuer)s already has a document numbered %(number)s issued in %(year)s."
                )
                % {"issuer": cleaned["issuer"], "number": cleaned["number"], "year": year}
            }
        )


def _check_file(file) -> str:
    """The checked kind of the uploaded file ("pdf", "docx", "jpeg", "png"); the refusal is
    shown on the form's file field."""
    try:
        return check_upload(file, allowed=ALLOWED_FILE_KINDS, max_bytes=MAX_FILE_BYTES)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from error


def _stored_name(document: Document, file_kind: str) -> str:
    """The name the file is stored under, from the number and the checked kind, never from
    the name it was uploaded with (a random suffix keeps names apart, see ``core.files``)."""
    stem = re.sub(r"[^a-z0-9]+", "-", number_key(document.number)).strip("-") or "van-ban"
    return f"{stem}.{FILE_EXTENSIONS[file_kind]}"


def _attach(document: Document, file, file_kind: str, *, acting_user) -> None:
    """The file is written when the transaction commits, and the file it replaces deleted
    then: a rolled-back upload leaves no file, a rolled-back replacement keeps the old one."""
    previous = document.file.name or None
    save_after_commit(document.file, _stored_name(document, file_kind), file)
    document.file_kind = file_kind
    document.save(update_fields=["file", "file_kind"])
    size = getattr(file, "size", None)
    record_event(
        action="documents.document.file_attached",
        acting_user=acting_user,
        obj=document,
        changes={"file": [previous, document.file.name]},
        message=" · ".join(
            part
            for part in (
                getattr(file, "name", "") or "",
                f"{format_number(size)} B" if size is not None else "",
            )
            if part
        ),
    )


@transaction.atomic
def create_document(*, data: dict, file=None, acting_user) -> Document:
    """Register a document: ``data`` holds kind (guessed from the number when empty), number,
    issued_on, issuer, title and summary; ``file`` an optional upload (PDF, Word, JPEG, PNG).
    The issuer must be one the acting user registers documents for."""
    ensure(acting_user, "documents.add_document")
    cleaned = _clean(data)
    _check_issuer(acting_user, cleaned["issuer"])
    file_kind = _check_file(file) if file else ""
    _check_unique(cleaned)
    document = Document(**cleaned)
    document.refresh_search()
    document.save()
    record_event(
        action="documents.document.created",
        acting_user=acting_user,
        obj=document,
        changes=diff({}, snapshot(document, DOCUMENT_FIELDS)),
    )
    if file:
        _attach(document, file, file_kind, acting_user=acting_user)
    return document


@transaction.atomic
def update_document(
    *, document: Document, data: dict, version: int, file=None, acting_user
) -> Document:
    """Change a document's fields and, with ``file``, replace its file. ``version`` is the one
    the editor started from: a stale edit is refused and nothing is written."""
    locked = (
        Document.objects.select_for_update(of=("self",))
        .select_related("issuer")
        .get(pk=document.pk)
    )
    ensure(acting_user, "documents.change_document", locked)
    if locked.version != version:
        raise ValidationError(
            _(
                "Someone else changed this record while you were editing it. "
                "Reload the page to see their change, then edit again."
            ),
            code="stale",
        )
    current = {key: getattr(locked, key) for key in DOCUMENT_FIELDS}
    cleaned = _clean({**current, **{key: data[key] for key in DOCUMENT_FIELDS if key in data}})
    if cleaned["issuer"].pk != locked.issuer_id:
        _check_issuer(acting_user, cleaned["issuer"])
    file_kind = _check_file(file) if file else ""
    _check_unique(cleaned, exclude_pk=locked.pk)
    before, raw_before = snapshot(locked, DOCUMENT_FIELDS), _raw(locked)
    for key, value in cleaned.items():
        setattr(locked, key, value)
    after, raw_after = snapshot(locked, DOCUMENT_FIELDS), _raw(locked)
    changes = {}
    for key in DOCUMENT_FIELDS:
        if raw_before[key] == raw_after[key]:
            continue
        if before[key] == after[key]:  # another issuer of the same name: tell them apart
            before[key] = f"{before[key]} (#{raw_before[key]})"
            after[key] = f"{after[key]} (#{raw_after[key]})"
        changes[key] = [before[key], after[key]]
    if changes or file:
        locked.refresh_search()
        locked.version += 1
        locked.save()
    if changes:
        record_event(
            action="documents.document.updated",
            acting_user=acting_user,
            obj=locked,
            changes=changes,
        )
    if file:
        _attach(locked, file, file_kind, acting_user=acting_user)
    return locked
