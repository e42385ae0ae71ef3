"""Files as side effects after commit: the one mechanism every app uses to write and delete
stored files (document attachments, evidence, report files, import uploads).

A row and its file must not part ways. The row is written inside the transaction; the file is
written only when that transaction commits (``transaction.on_commit``), so a transaction that
rolls back — a refused row further down, a failed audit write, a caller's own ``atomic`` block
that raises — leaves no file behind in the storage. A replaced or deleted file is deleted after
the commit too, so a rolled-back replacement keeps the old file the row still points to.

    name = save_after_commit(document.file, "54-kh-hu.pdf", upload)
    document.save(update_fields=["file"])     # the row points at ``name`` from now on

The name is decided at once (from the field's ``upload_to``, with a random suffix unless the
caller's name is unique already), so the row and the audit log can carry it; the content is
kept in a local spool (memory up to ``SPOOL_MAX_MEMORY``, a temporary file beyond) until the
commit. Outside any transaction (autocommit, a task) the write happens at once, as Django's
``on_commit`` runs a callback at once there.

Everything goes through the storage API (``field_file.storage``), so it works the same on the
filesystem and on S3-compatible storage. ``manage.py media sweep`` finds files that no row
references (``unreferenced_files``) — what a crash between commit and write, or an older
version of danvan, left behind.
"""

import logging
import posixpath
import tempfile
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils.crypto import get_random_string

logger = logging.getLogger("danvan.files")

# Content up to this size stays in memory until the commit; larger content goes to a
# temporary file on the local disk (never into the media storage).
SPOOL_MAX_MEMORY = 2 * 1024 * 1024
_SUFFIX_LENGTH = 7
_CHUNK = 64 * 1024
# A sweep's audit event names at most this many files (the count is always there).
MAX_AUDITED_NAMES = 1000


def _with_suffix(name: str, *, max_length: int | None) -> str:
    """``documents/2026/54-kh-hu.pdf`` → ``documents/2026/54-kh-hu_a8Zk3Qp.pdf`` (Django's own
    shape for a name that was taken), the stem shortened to fit ``max_length``."""
    folder, base = posixpath.split(name)
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    suffix = "_" + get_random_string(_SUFFIX_LENGTH)
    tail = suffix + (f".{extension}" if extension else "")
    if max_length:
        room = max_length - len(tail) - (len(folder) + 1 if folder else 0)
        stem = stem[: max(room, 1)]
    return posixpath.join(folder, stem + tail)


def _spool(content) -> File:
    """A copy of ``content`` (bytes, ``str``, a Django ``File`` or any binary file object) that
    lives until the commit, whatever the caller does with the original meanwhile."""
    if isinstance(content, bytes | str):
        return ContentFile(content)
    if isinstance(content, ContentFile):
        return content
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX_MEMORY)  # noqa: SIM115 (closed after the write)
    if hasattr(content, "seek"):
        content.seek(0)
    chunks = (
        content.chunks(_CHUNK)
        if hasattr(content, "chunks")
        else iter(lambda: content.read(_CHUNK), b"")
    )
    for chunk in chunks:
        spool.write(chunk)
    spool.seek(0)
    return File(spool, name=getattr(content, "name", None))


def delete_after_commit(storage: Storage, name: str | None, *, using: str | None = None) -> None:
    """Delete the stored file ``name`` once the current transaction commits (at once outside
    one); nothing happens if it rolls back. A failure to delete is logged, never raised: the
    data is committed by then, and ``manage.py media sweep`` removes what stays behind."""
    if not name:
        return

    def delete() -> None:
        try:
            storage.delete(name)
        except Exception:
            logger.exception("Could not delete the stored file %s after commit", name)
        else:
            logger.info("Deleted the stored file %s after commit", name)

    transaction.on_commit(delete, using=using)


def save_after_commit(
    field_file: FieldFile,
    name: str,
    content,
    *,
    unique: bool = False,
    replace: bool = True,
    using: str | None = None,
) -> str:
    """Point ``field_file`` (``document.file``) at a new stored name now and write ``content``
    there when the transaction commits; return the name. The caller saves the row.

    ``name`` is a file name (``"54-kh-hu.pdf"``): the field's ``upload_to`` puts it in its
    folder, and a random suffix keeps two transactions from choosing the same name — unless
    ``unique`` says the caller's name is unique already (a UUID). With ``replace`` the file the
    field pointed to before is deleted after the commit, once the new one is written.

    Should the storage pick another name at the write (it never should, the name being unique),
    the row is pointed at the name actually written.
    """
    instance, field = field_file.instance, field_file.field
    storage = field_file.storage
    previous = field_file.name or None
    full = field.generate_filename(instance, name)
    if not unique:
        full = _with_suffix(full, max_length=field.max_length)
    spooled = _spool(content)
    # The instance holds this FieldFile (the descriptor keeps it): the row is saved with the
    # new name, and Model.save() writes nothing now since the file counts as committed.
    field_file.name = full
    field_file._committed = True

    def write() -> None:
        try:
            written = storage.save(full, spooled, max_length=field.max_length)
        except Exception:
            logger.exception(
                "Could not write the stored file %s of %s #%s after commit",
                full,
                instance._meta.label,
                instance.pk,
            )
            return
        finally:
            spooled.close()
        if written != full:
            type(instance)._base_manager.filter(pk=instance.pk, **{field.attname: full}).update(
                **{field.attname: written}
            )
            if getattr(instance, field.attname) == full:
                getattr(instance, field.attname).name = written
        if replace and previous and previous != written:
            try:
                storage.delete(previous)
            except Exception:
                logger.exception("Could not delete the replaced file %s after commit", previous)

    # A rolled-back transaction drops the callback unrun: the spool is closed with it.
    weakref.finalize(write, spooled.close)
    transaction.on_commit(write, using=using)
    return full


# ---- what the rows reference, what the storage holds --------------------------------------------


@dataclass(frozen=True)
class StoredFile:
    name: str
    modified: datetime | None


def file_fields() -> list[tuple[type[models.Model], models.FileField]]:
    """Every ``FileField`` (``ImageField`` included) of every installed model, concrete
    fields of concrete models only (a proxy or an inherited field is its concrete model's)."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or model._meta.abstract:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField) and field.model is model:
                found.append((model, field))
    return found


def _fields_of(storage: Storage) -> list[tuple[type[models.Model], models.FileField]]:
    return [(model, field) for model, field in file_fields() if field.storage is storage]


def _referenced_among(fields, names: list[str]) -> set[str]:
    """Those of ``names`` that a row stores in one of ``fields``: one query per field for a
    batch of names, so a sweep of millions of files never holds every name in memory."""
    found: set[str] = set()
    for model, field in fields:
        rows = model._base_manager.filter(**{f"{field.attname}__in": names})
        found.update(rows.values_list(field.attname, flat=True))
    return found


def storage_roots(storage: Storage) -> set[str]:
    """The top folders the file fields write into (``documents``, ``evidence``…): only these
    are swept, so nothing else that shares the storage (a static site, backups) is touched.
    A callable ``upload_to`` names its folder in a ``media_root`` attribute (else the whole
    storage is swept)."""
    roots = set()
    for _model, field in file_fields():
        if field.storage is not storage:
            continue
        upload_to = (
            field.upload_to
            if isinstance(field.upload_to, str)
            else getattr(field.upload_to, "media_root", "")
        )
        top = upload_to.strip("/").split("/", 1)[0]
        roots.add(top if top and "%" not in top else "")
    return roots


def walk(storage: Storage, folder: str = "") -> Iterator[StoredFile]:
    """Every file under ``folder`` of ``storage``, through the storage API (``listdir``), so
    the same walk lists a local folder and an S3 bucket. On django-storages' S3 storage the
    bucket's own listing is read instead: it carries each object's time, which ``listdir``
    drops (one request per 1,000 objects rather than one per object)."""
    if getattr(storage, "bucket", None) is not None and hasattr(storage, "location"):
        yield from _walk_bucket(storage, folder)
        return
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for file_name in files:
        name = posixpath.join(folder, file_name) if folder else file_name
        try:
            modified = storage.get_modified_time(name)
        except (NotImplementedError, OSError):
            modified = None
        yield StoredFile(name=name, modified=modified)
    for directory in directories:
        yield from walk(storage, posixpath.join(folder, directory) if folder else directory)


def _walk_bucket(storage, folder: str) -> Iterator[StoredFile]:
    location = (storage.location or "").strip("/")
    head = f"{location}/" if location else ""
    prefix = head + (f"{folder.strip('/')}/" if folder else "")
    for item in storage.bucket.objects.filter(Prefix=prefix):
        if item.key.endswith("/"):  # a "folder" placeholder some tools create
            continue
        yield StoredFile(name=item.key[len(head) :], modified=item.last_modified)


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def unreferenced_files(
    storage: Storage, *, older_than: datetime | None = None, batch_size: int = 500
) -> list[StoredFile]:
    """The files under the file fields' folders that no row references, sorted by name; with
    ``older_than``, only those last modified before it (a file being written after a commit
    that has just happened is younger than any sensible limit). The rows are asked about the
    files in batches, after the files were listed: a row committed meanwhile is seen."""
    fields = _fields_of(storage)
    roots = storage_roots(storage)
    folders = [""] if "" in roots else sorted(roots)
    candidates = (
        stored
        for folder in folders
        for stored in walk(storage, folder)
        if older_than is None or (stored.modified is not None and stored.modified < older_than)
    )
    orphans = []
    for batch in _batches(candidates, batch_size):
        referenced = _referenced_among(fields, [stored.name for stored in batch])
        orphans.extend(stored for stored in batch if stored.name not in referenced)
    return sorted(orphans, key=lambda stored: stored.name)


def referenced_but_missing(storage: Storage) -> list[tuple[str, str]]:
    """``(model label, name)`` of every referenced name that the storage does not hold."""
    missing = []
    for model, field in _fields_of(storage):
        rows = model._base_manager.exclude(**{field.attname: ""}).values_list(
            field.attname, flat=True
        )
        missing.extend(
            (model._meta.label, name) for name in rows.iterator() if not storage.exists(name)
        )
    return missing


def sweep_media(
    *, storage: Storage, older_than: datetime | None, dry_run: bool = False, acting_user=None
) -> list[StoredFile]:
    """Remove the files that no row references (see ``unreferenced_files``) and return them;
    with ``dry_run`` only list them. A sweep that removed anything is one audit event
    (``core.media.swept``) naming the files, and each removal is logged."""
    from danvan.core.services import record_event

    orphans = unreferenced_files(storage, older_than=older_than)
    if dry_run or not orphans:
        return orphans
    removed = []
    for stored in orphans:
        try:
            storage.delete(stored.name)
        except Exception:
            logger.exception("Could not remove the unreferenced file %s", stored.name)
            continue
        logger.info("Removed the unreferenced file %s", stored.name)
        removed.append(stored)
    if removed:
        names = [stored.name for stored in removed]
        record_event(
            action="core.media.swept",
            acting_user=acting_user,
            changes={"files": [names[:MAX_AUDITED_NAMES], []]},
            message=f"{len(names)} files",
        )
    return removed
