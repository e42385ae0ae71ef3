"""Evidence of initiatives: photos, PDF, Word and Excel files that show the work.

A file is checked by what it contains (``core.uploads.check_upload``), never by its name. Photos
are decoded and drawn again with Pillow: turned upright, flattened to RGB, stripped of every
piece of metadata (EXIF with the GPS position, camera, comments, colour profile), scaled down
and written as JPEG under a generated name, with a small thumbnail beside them. Anything hidden
in or after the picture is gone. PDF, Word and Excel files are stored as they came, under a
generated name with the extension of the kind found.

Evidence of past work is always welcome: an ended or withdrawn initiative takes evidence too.
"""

import io
import re
import unicodedata
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from danvan.core.files import save_after_commit
from danvan.core.formatting import format_number
from danvan.core.permissions import ensure
from danvan.core.services import record_event
from danvan.core.uploads import check_upload, sniff
from danvan.initiatives.enums import EvidenceKind
from danvan.initiatives.models import Evidence, Initiative, Progress

IMAGE_KINDS = frozenset({"jpeg", "png", "webp"})
DOCUMENT_KINDS = frozenset({"pdf", "docx", "xlsx"})
ALLOWED_KINDS = IMAGE_KINDS | DOCUMENT_KINDS
_MEGABYTE = 1024 * 1024
MAX_IMAGE_BYTES = 15 * _MEGABYTE
MAX_DOCUMENT_BYTES = 20 * _MEGABYTE
# More than any phone camera takes by default (a 12-50 megapixel photo), well under what
# would exhaust the server's memory; Pillow's own bomb check stops anything far larger.
MAX_IMAGE_PIXELS = 80_000_000
MAX_SIDE = 2560
THUMBNAIL_SIDE = 320
JPEG_QUALITY = 85
THUMBNAIL_QUALITY = 80
MAX_CAPTION = 300

# The sniffed kind → what is stored: (EvidenceKind, file extension).
_STORED = {
    "jpeg": (EvidenceKind.IMAGE, "jpg"),
    "png": (EvidenceKind.IMAGE, "jpg"),
    "webp": (EvidenceKind.IMAGE, "jpg"),
    "pdf": (EvidenceKind.PDF, "pdf"),
    "docx": (EvidenceKind.DOCX, "docx"),
    "xlsx": (EvidenceKind.XLSX, "xlsx"),
}
_PILLOW_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
# How far a file name is read to tell a photo (15 MB) from a document (20 MB) by its magic.
_HEAD_BYTES = 16
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _refuse(message: str, code: str) -> ValidationError:
    """A refusal of the file, shown on the form's file field."""
    return ValidationError({"file": ValidationError(message, code=code)})


def _check_file(uploaded) -> str:
    """The sniffed kind of ``uploaded`` (a key of ``_STORED``); the size limit is the one of
    what its first bytes say it is, so that a 17 MB photo is told the photo limit."""
    head = uploaded.read(_HEAD_BYTES)
    uploaded.seek(0)
    max_bytes = MAX_IMAGE_BYTES if sniff(head) in IMAGE_KINDS else MAX_DOCUMENT_BYTES
    try:
        return check_upload(uploaded, allowed=set(ALLOWED_KINDS), max_bytes=max_bytes)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from error


def _broken_image() -> ValidationError:
    return _refuse(
        _(
            "The photo cannot be read: the file is damaged or is not really a picture. "
            "Open it on your device, save it again as JPEG or PNG and upload it again."
        ),
        "broken_image",
    )


def _too_many_pixels(pixels: int | None) -> ValidationError:
    if pixels is None:
        message = _(
            "The photo is too large in pixels: the limit is %(limit)s megapixels. "
            "Reduce its size and upload it again."
        ) % {"limit": format_number(MAX_IMAGE_PIXELS / 1_000_000)}
    else:
        message = _(
            "The photo is too large in pixels (%(pixels)s megapixels): the limit is "
            "%(limit)s megapixels. Reduce its size and upload it again."
        ) % {
            "pixels": format_number(pixels / 1_000_000),
            "limit": format_number(MAX_IMAGE_PIXELS / 1_000_000),
        }
    return _refuse(message, "too_many_pixels")


def _to_srgb(image: Image.Image) -> Image.Image:
    """Colours of a photo with an embedded profile (Display P3 on iPhones, Adobe RGB) moved to
    sRGB, since the profile itself is not kept; the image as it is when that fails."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in {"RGB", "RGBA", "CMYK"}:
        return image
    try:
        converted = ImageCms.profileToProfile(
            image,
            io.BytesIO(profile),
            ImageCms.createProfile("sRGB"),
            outputMode="RGBA" if image.mode == "RGBA" else "RGB",
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image
    return converted or image


def _flatten(image: Image.Image) -> Image.Image:
    """RGB; transparent parts (PNG, WebP) become white rather than black."""
    if image.mode in {"RGBA", "LA", "PA"} or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def _jpeg(image: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=True)
    return buffer.getvalue()


def reencode_image(data: bytes, kind: str) -> tuple[bytes, bytes]:
    """``(photo, thumbnail)`` as JPEG bytes without any metadata; the photo's longer side is
    at most ``MAX_SIDE`` pixels, the thumbnail's ``THUMBNAIL_SIDE``. Raises ``ValidationError``
    (on ``file``) for a picture that cannot be decoded or has too many pixels."""
    try:
        with Image.open(io.BytesIO(data), formats=[_PILLOW_FORMATS[kind]]) as source:
            width, height = source.size
            if width * height > MAX_IMAGE_PIXELS:
                raise _too_many_pixels(width * height)
            # JPEG only: decode at 1/2, 1/4 or 1/8 when that is still above MAX_SIDE.
            source.draft(None, (MAX_SIDE, MAX_SIDE))
            upright = ImageOps.exif_transpose(source) or source
            upright = _flatten(_to_srgb(upright))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        # Pillow's own limits (a warning turned into an error where warnings are errors).
        raise _too_many_pixels(None) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise _broken_image() from error
    # A new image holds the pixels only: no EXIF, GPS, XMP, comments or colour profile.
    clean = Image.new("RGB", upright.size)
    clean.paste(upright)
    clean.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    thumbnail = clean.copy()
    thumbnail.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    return _jpeg(clean, JPEG_QUALITY), _jpeg(thumbnail, THUMBNAIL_QUALITY)


def clean_original_name(name: str | None, *, extension: str) -> str:
    """The name the file was uploaded with, for people to read: without a folder, control
    characters or runs of spaces, in composed Unicode (macOS sends "ô" as "o" + "̂"), at most
    255 characters with its extension kept."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = " ".join(_CONTROL.sub(" ", name).split()).strip(". ")
    if not name:
        return f"minh-chung.{extension}"
    if len(name) > 255:
        stem, dot, suffix = name.rpartition(".")
        if dot and 0 < len(suffix) <= 10:
            name = f"{stem[: 254 - len(suffix)]}.{suffix}"
        else:
            name = name[:255]
    return name


def _clean_caption(caption: str | None) -> str:
    caption = " ".join((caption or "").split())
    if len(caption) > MAX_CAPTION:
        raise ValidationError(
            {
                "caption": ValidationError(
                    _("The caption is too long: at most %(limit)s characters.")
                    % {"limit": MAX_CAPTION},
                    code="max_length",
                )
            }
        )
    return caption


def _acting(user):
    return user if getattr(user, "is_authenticated", False) else None


@transaction.atomic
def add_evidence(
    *,
    initiative: Initiative,
    uploaded,
    caption: str = "",
    progress: Progress | None = None,
    acting_user,
) -> Evidence:
    """Attach a file to ``initiative`` (and optionally to one of its progress updates).

    ``uploaded`` is a Django ``UploadedFile`` or any binary file object with a ``name``. Photos
    (JPEG, PNG, WebP, up to ``MAX_IMAGE_BYTES``) are re-encoded as described above; PDF, Word
    and Excel files (up to ``MAX_DOCUMENT_BYTES``) are stored as they are. A refused file raises
    ``ValidationError`` keyed by ``file`` and writes nothing. The acting user must be allowed
    to change the initiative (else ``OutOfScope``).
    """
    ensure(acting_user, "initiatives.change_initiative", initiative)
    if uploaded is None:
        raise _refuse(_("Choose a file to upload."), "required")
    caption = _clean_caption(caption)
    if progress is not None and progress.initiative_id != initiative.pk:
        raise ValidationError(
            {"progress": _("The progress update belongs to another model or exemplar.")}
        )
    sniffed = _check_file(uploaded)
    kind, extension = _STORED[sniffed]
    limit = MAX_IMAGE_BYTES if sniffed in IMAGE_KINDS else MAX_DOCUMENT_BYTES
    data = uploaded.read(limit + 1)
    thumbnail = b""
    if kind == EvidenceKind.IMAGE:
        data, thumbnail = reencode_image(data, sniffed)
    stem = uuid.uuid4().hex
    evidence = Evidence(
        initiative=initiative,
        progress=progress,
        kind=kind,
        original_name=clean_original_name(getattr(uploaded, "name", ""), extension=extension),
        size=len(data),
        caption=caption,
        uploaded_by=_acting(acting_user),
    )
    # Written when the transaction commits (core.files): a rolled-back upload leaves no file.
    save_after_commit(evidence.file, f"{stem}.{extension}", data, unique=True, replace=False)
    if thumbnail:
        save_after_commit(evidence.thumbnail, f"{stem}.jpg", thumbnail, unique=True, replace=False)
    evidence.save()
    record_event(
        action="initiatives.initiative.evidence_added",
        acting_user=acting_user,
        obj=initiative,
        message=caption or evidence.original_name,
    )
    return evidence
