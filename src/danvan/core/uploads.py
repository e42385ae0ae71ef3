"""Checking uploaded files by what they contain.

A file's name and the content type the browser sends are chosen by whoever uploads it, so
neither is trusted: ``sniff`` reads the first bytes (the "magic numbers" of each format) and, for
the zip-based Office formats, the names inside the archive, which is what tells a Word document
(``word/document.xml``) from an Excel workbook (``xl/workbook.xml``).

``check_upload`` is the one call a form's ``clean_<field>`` makes: it refuses empty, oversized
and unexpected files with a message an officer can act on, and returns the kind for the caller
to store. Images are only recognised here; re-encoding them (to drop metadata and anything
hidden after the picture) is a separate step.

The zip-based kinds (Word, Excel) are also checked from the archive's directory, before anything
is unpacked: at most ``MAX_ARCHIVE_MEMBERS`` entries, unpacking to at most
``MAX_UNZIPPED_BYTES`` and to no more than ``MAX_UNZIP_RATIO`` times the file's size (files under
``UNZIPPED_FLOOR`` unpacked are always accepted). A "zip bomb" — half a megabyte that unpacks to
gigabytes — is refused in milliseconds. The sizes the directory declares can be trusted as upper
bounds: Python's ``zipfile`` (which openpyxl uses) never hands out more bytes than an entry
declares, and fails on the checksum if the entry holds more.
"""

import io
import zipfile
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danvan.core.formatting import format_number

# What each kind is called in messages: product names, the same in every language.
KIND_LABELS = {
    "pdf": "PDF",
    "docx": "Word (.docx)",
    "xlsx": "Excel (.xlsx)",
    "jpeg": "JPEG",
    "png": "PNG",
    "webp": "WebP",
}
_MAGIC = {"pdf": b"%PDF-", "png": b"\x89PNG\r\n\x1a\n", "jpeg": b"\xff\xd8\xff"}
_ZIP_KINDS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx"}
_MEGABYTE = 1024 * 1024
MAX_ARCHIVE_MEMBERS = 1_000
MAX_UNZIPPED_BYTES = 256 * _MEGABYTE
UNZIPPED_FLOOR = 16 * _MEGABYTE
MAX_UNZIP_RATIO = 100
_MAX_DIRECTORY_ENTRY = 512  # bytes: 46 of fixed fields, the name and the extra fields


class UploadRejected(ValidationError):  # noqa: N818 - a ValidationError, named for what it says
    """The uploaded file is refused. A ``ValidationError``, so forms show it on the field."""


def sniff(data: bytes) -> str | None:
    """The kind of file ``data`` holds (a key of ``KIND_LABELS``), or None if it is none of them.

    Zip archives are opened to look at their entries; a damaged or foreign zip is None.
    """
    for kind, magic in _MAGIC.items():
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith(b"PK\x03\x04"):
        if not _small_directory(data):
            return None
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, EOFError):
            return None
        for entry, kind in _ZIP_KINDS.items():
            if entry in names:
                return kind
    return None


def _small_directory(data: bytes) -> bool:
    """Whether the zip archive ``data`` declares a central directory small enough for
    ``MAX_ARCHIVE_MEMBERS`` entries. ``zipfile`` reads the whole directory (every entry an
    object) as soon as the archive is opened, whatever number of entries it claims: its size is
    read here from the end record first. False for an archive without one."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or len(data) < end + 22:
        return False
    size = int.from_bytes(data[end + 12 : end + 16], "little")
    return size <= MAX_ARCHIVE_MEMBERS * _MAX_DIRECTORY_ENTRY


def describe_kinds(kinds: Iterable[str]) -> str:
    """``{"pdf", "docx"}`` → ``"PDF, Word (.docx)"``, in the order of ``KIND_LABELS``."""
    wanted = set(kinds)
    return ", ".join(label for kind, label in KIND_LABELS.items() if kind in wanted)


def megabytes(size: int) -> str:
    """A size in bytes as megabytes written the Vietnamese way: ``2,5`` or ``20``."""
    value = size / _MEGABYTE
    return format_number(value, 0 if value == int(value) else 1)


def check_upload(uploaded, *, allowed: set[str], max_bytes: int) -> str:
    """Return the kind of ``uploaded`` (a Django ``UploadedFile`` or any binary file object) if
    it is one of ``allowed`` and holds 1 to ``max_bytes`` bytes; raise ``UploadRejected`` with a
    message saying what is wrong otherwise. The file is rewound, ready to be saved.
    """
    unknown = set(allowed) - KIND_LABELS.keys()
    if unknown:
        raise ValueError(f"Unknown file kinds: {sorted(unknown)}")
    size = _size(uploaded)
    if size is not None and size > max_bytes:
        _refuse_size(size, max_bytes)
    # Read one byte more than allowed: the size a file object declares is not proof.
    data = uploaded.read(max_bytes + 1)
    _rewind(uploaded)
    if not data:
        raise UploadRejected(_("The file is empty."), code="empty")
    if len(data) > max_bytes:
        _refuse_size(len(data), max_bytes)
    kind = sniff(data)
    if data.startswith(b"PK\x03\x04") and not _small_directory(data):
        raise _not_a_document()
    if kind not in allowed:
        raise UploadRejected(
            _("This type of file is not accepted. Accepted types: %(kinds)s.")
            % {"kinds": describe_kinds(allowed)},
            code="type_not_allowed",
        )
    if kind in _ZIP_KINDS.values():
        check_archive(data)
    return kind


def unzipped_budget(size: int) -> int:
    """How many bytes an archive of ``size`` bytes may unpack to."""
    return min(MAX_UNZIPPED_BYTES, max(UNZIPPED_FLOOR, MAX_UNZIP_RATIO * size))


def check_archive(data: bytes) -> list[zipfile.ZipInfo]:
    """The entries of the zip archive ``data`` if its directory is within the limits above;
    ``UploadRejected`` otherwise (also for a damaged archive). Nothing is unpacked."""
    if not _small_directory(data):
        raise _not_a_document()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise _not_a_document() from None
    if len(entries) > MAX_ARCHIVE_MEMBERS:
        raise _not_a_document()
    unzipped = sum(entry.file_size for entry in entries)
    if unzipped > unzipped_budget(len(data)):
        raise UploadRejected(
            _(
                "The file unpacks to %(size)s MB, far more than an ordinary document of its size: "
                "it is refused. Open it, save it again and upload that copy."
            )
            % {"size": megabytes(unzipped)},
            code="zip_bomb",
        )
    return entries


def _not_a_document() -> UploadRejected:
    return UploadRejected(
        _("The file is damaged or is not an ordinary Office document."), code="damaged"
    )


def _refuse_size(size: int, max_bytes: int):
    raise UploadRejected(
        _("The file is too large (%(size)s MB): the limit is %(limit)s MB.")
        % {"size": megabytes(size), "limit": megabytes(max_bytes)},
        code="too_large",
    )


def _size(uploaded) -> int | None:
    """The size the file declares (``UploadedFile.size``) or, failing that, where its end is."""
    size = getattr(uploaded, "size", None)
    if size is None and getattr(uploaded, "seekable", lambda: False)():
        size = uploaded.seek(0, io.SEEK_END)
    _rewind(uploaded)
    return size


def _rewind(uploaded) -> None:
    seek = getattr(uploaded, "seek", None)
    if seek is not None:
        seek(0)
