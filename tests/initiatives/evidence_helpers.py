"""Files, initiatives and addresses shared by the tests of evidence (test_evidence_upload,
test_evidence_views; their fixtures are in conftest.py)."""

import io
import struct
import zlib

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook
from PIL import ExifTags, Image, ImageCms

from danvan.initiatives import evidence as evidence_service
from danvan.initiatives.enums import Kind, Subject
from danvan.initiatives.services import register_initiative, seed_catalogues
from danvan.territory.models import AdministrativeUnit
from tests.commit import committed
from tests.factories.organizations import make_organization

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
READERS_IN = dict.fromkeys(("admin", "staff", "unit_editor", "reviewer", "viewer"), (200, 404))


def add_evidence(**kwargs):
    """``initiatives.evidence.add_evidence`` with its transaction committed, since the files
    are written on commit (``danvan.core.files``)."""
    with committed():
        return evidence_service.add_evidence(**kwargs)


# ---- files -----------------------------------------------------------------------------------


def jpeg_with_gps(size=(3000, 2000), *, orientation=6) -> bytes:
    """A camera photo: EXIF with the maker, the orientation and a GPS position, a comment and
    a colour profile."""
    image = Image.new("RGB", size, (180, 40, 40))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TestCam"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (22.0, 8.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (105.0, 50.0, 12.0)
    buffer = io.BytesIO()
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image.save(buffer, "JPEG", exif=exif, comment=b"Khuoi Tau, Phuc Loc", icc_profile=profile)
    return buffer.getvalue()


def picture(fmt: str, size=(400, 300)) -> bytes:
    """A PNG or WebP, transparent in its left half."""
    image = Image.new("RGBA", size, (20, 120, 60, 255))
    image.paste((0, 0, 0, 0), (0, 0, size[0] // 2, size[1]))
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kết quả"
    sheet.append(["Chỉ tiêu", "Số lượng"])
    sheet.append(["Ngày công", 1250])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares ``width`` × ``height`` pixels in a few bytes (a decompression bomb
    needs no more than that to make a decoder allocate gigabytes)."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(tag + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        PNG_SIGNATURE
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_image(field_file) -> Image.Image:
    with default_storage.open(field_file.name, "rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


def stored_bytes(field_file) -> bytes:
    with default_storage.open(field_file.name, "rb") as handle:
        return handle.read()


def body(response) -> bytes:
    return b"".join(response.streaming_content)


# ---- initiatives and users -------------------------------------------------------------------


def province(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(era="current", level="province", code=code)


def make_initiative(unit: AdministrativeUnit, name: str):
    seed_catalogues()
    return register_initiative(
        data={
            "name": name,
            "kind": Kind.MODEL,
            "subject": Subject.COLLECTIVE,
            "owner_organization": make_organization(unit=unit),
            "place": unit,
            "year": 2023,
        },
        acting_user=None,
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def refusal(excinfo, field: str = "file") -> ValidationError:
    return excinfo.value.error_dict[field][0]


def file_url(evidence) -> str:
    return f"/mo-hinh/{evidence.initiative_id}/minh-chung/{evidence.pk}/"


def thumbnail_url(evidence) -> str:
    return f"/mo-hinh/{evidence.initiative_id}/minh-chung/{evidence.pk}/anh-nho/"


def add_url(initiative) -> str:
    return f"/mo-hinh/{initiative.pk}/minh-chung/"
