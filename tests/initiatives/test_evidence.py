"""Evidence of initiatives: photos re-encoded without metadata, documents stored as they are,
refusals that write nothing, files served only inside the initiative's scope."""

import io
import re
import struct
import unicodedata
import zlib
from datetime import date

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook
from PIL import ExifTags, Image, ImageCms

from danvan.accounts.models import User
from danvan.core.formatting import format_date
from danvan.core.queries import events_for_object
from danvan.initiatives import evidence as evidence_service
from danvan.initiatives.enums import EvidenceKind, Kind, Status, Subject
from danvan.initiatives.evidence import add_evidence, clean_original_name
from danvan.initiatives.evidence_views import download_name, evidence_context
from danvan.initiatives.models import Evidence
from danvan.initiatives.services import (
    add_progress,
    register_initiative,
    seed_catalogues,
    transition,
)
from danvan.territory.models import AdministrativeUnit
from tests.factories.organizations import make_organization
from tests.permissions import check_matrix, user_with_role

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
READERS_IN = dict.fromkeys(("admin", "staff", "unit_editor", "reviewer", "viewer"), (200, 404))


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


@pytest.fixture
def tuyen_quang():
    return province("08")


@pytest.fixture
def initiative(tuyen_quang):
    return make_initiative(tuyen_quang, "Vận động nhân dân xây dựng môi trường xanh, sạch, đẹp")


@pytest.fixture
def outside():
    return make_initiative(province("82"), "Dân vận khéo trong xây dựng nông thôn mới")


@pytest.fixture
def staff(tuyen_quang):
    return user_with_role("staff", unit=tuyen_quang)


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


# ---- photos ----------------------------------------------------------------------------------


def test_a_photo_is_stored_upright_without_exif_or_gps_under_a_generated_name(initiative, staff):
    original = jpeg_with_gps()
    sent = Image.open(io.BytesIO(original))
    assert sent.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the upload does carry a position
    assert {"exif", "comment", "icc_profile"} <= set(sent.info)

    evidence = add_evidence(
        initiative=initiative,
        uploaded=upload("Ảnh GPS nhà văn hóa thôn.jpg", original, "image/jpeg"),
        caption="  Người dân   làm đường bê tông ",
        acting_user=staff,
    )

    evidence.refresh_from_db()
    assert evidence.kind == EvidenceKind.IMAGE
    assert evidence.original_name == "Ảnh GPS nhà văn hóa thôn.jpg"
    assert evidence.caption == "Người dân làm đường bê tông"
    assert evidence.uploaded_by == staff
    assert re.fullmatch(r"evidence/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", evidence.file.name)
    assert re.fullmatch(r"evidence/\d{4}/\d{2}/thumbs/[0-9a-f]{32}\.jpg", evidence.thumbnail.name)
    photo = stored_image(evidence.file)
    assert photo.format == "JPEG"
    assert photo.mode == "RGB"
    assert len(photo.getexif()) == 0
    assert not {"exif", "comment", "icc_profile", "xmp"} & set(photo.info)
    # Orientation 6 turned the 3000 × 2000 picture upright, then the longer side became 2560.
    assert photo.size == (1707, 2560)
    assert evidence.size == len(stored_bytes(evidence.file))
    thumbnail = stored_image(evidence.thumbnail)
    assert thumbnail.format == "JPEG"
    assert max(thumbnail.size) == 320
    assert thumbnail.size[0] < thumbnail.size[1]
    assert len(thumbnail.getexif()) == 0


def test_a_small_photo_is_not_enlarged(initiative, staff):
    evidence = add_evidence(
        initiative=initiative,
        uploaded=upload("nho.jpg", jpeg_with_gps((200, 120), orientation=1)),
        acting_user=staff,
    )
    assert stored_image(evidence.file).size == (200, 120)
    assert stored_image(evidence.thumbnail).size == (200, 120)


@pytest.mark.parametrize(("fmt", "name"), [("PNG", "so-do.png"), ("WEBP", "so-do.webp")])
def test_png_and_webp_are_stored_as_jpeg_with_transparency_on_white(initiative, staff, fmt, name):
    evidence = add_evidence(
        initiative=initiative, uploaded=upload(name, picture(fmt)), acting_user=staff
    )
    assert evidence.kind == EvidenceKind.IMAGE
    assert evidence.file.name.endswith(".jpg")
    assert evidence.original_name == name
    photo = stored_image(evidence.file)
    assert photo.format == "JPEG"
    assert photo.size == (400, 300)
    assert all(channel >= 250 for channel in photo.getpixel((20, 150)))  # was transparent
    red, green, blue = photo.getpixel((380, 150))
    assert green > 100 > red  # the green half stays green
    assert download_name(evidence) == "so-do.jpg"


# ---- documents -------------------------------------------------------------------------------


def test_a_pdf_is_stored_as_it_came_and_served_as_an_attachment(initiative, staff):
    evidence = add_evidence(
        initiative=initiative,
        uploaded=upload("Báo cáo kết quả 2023.pdf", PDF_BYTES, "application/pdf"),
        acting_user=staff,
    )
    assert evidence.kind == EvidenceKind.PDF
    assert re.fullmatch(r"evidence/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", evidence.file.name)
    assert not evidence.thumbnail
    assert stored_bytes(evidence.file) == PDF_BYTES
    assert evidence.size == len(PDF_BYTES)

    response = client_for(user_with_role("viewer", unit=initiative.place)).get(file_url(evidence))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-ket-qua-2023.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body(response) == PDF_BYTES


def test_an_excel_workbook_is_stored_and_served_as_an_attachment(initiative, staff):
    data = xlsx_bytes()
    evidence = add_evidence(
        initiative=initiative,
        uploaded=upload("Tổng hợp ngày công.xlsx", data),
        caption="Bảng tổng hợp",
        acting_user=staff,
    )
    assert evidence.kind == EvidenceKind.XLSX
    assert evidence.file.name.endswith(".xlsx")
    assert evidence.size == len(data)

    response = client_for(user_with_role("reviewer", unit=initiative.place)).get(file_url(evidence))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="tong-hop-ngay-cong.xlsx"'
    sheet = load_workbook(io.BytesIO(body(response)))["Kết quả"]
    assert sheet["A2"].value == "Ngày công"
    assert sheet["B2"].value == 1250


def test_an_ended_initiative_still_takes_evidence(initiative, staff):
    transition(initiative=initiative, to_status=Status.ACTIVE, acting_user=staff)
    transition(
        initiative=initiative, to_status=Status.ENDED, reason="Hoàn thành", acting_user=staff
    )
    evidence = add_evidence(
        initiative=initiative, uploaded=upload("tong-ket.pdf", PDF_BYTES), acting_user=staff
    )
    assert Evidence.objects.get(initiative=initiative) == evidence


def test_evidence_may_hang_on_a_progress_update_of_the_same_initiative_only(
    initiative, outside, staff
):
    own = add_progress(
        initiative=initiative, day=date(2024, 3, 1), text="Làm 200 m đường", acting_user=staff
    )
    other = add_progress(
        initiative=outside, day=date(2024, 3, 1), text="Trồng cây", acting_user=None
    )
    evidence = add_evidence(
        initiative=initiative,
        uploaded=upload("duong.pdf", PDF_BYTES),
        progress=own,
        acting_user=staff,
    )
    assert evidence.progress == own
    with pytest.raises(ValidationError) as excinfo:
        add_evidence(
            initiative=initiative,
            uploaded=upload("cay.pdf", PDF_BYTES),
            progress=other,
            acting_user=staff,
        )
    assert "progress" in excinfo.value.error_dict
    assert Evidence.objects.count() == 1


def test_adding_evidence_is_audited_with_the_caption_or_the_file_name(initiative, staff):
    add_evidence(
        initiative=initiative,
        uploaded=upload("hop-dan.pdf", PDF_BYTES),
        caption="Biên bản họp dân",
        acting_user=staff,
    )
    add_evidence(
        initiative=initiative, uploaded=upload("ket-qua.pdf", PDF_BYTES), acting_user=staff
    )
    events = [
        event
        for event in events_for_object(initiative)
        if event.action == "initiatives.initiative.evidence_added"
    ]
    assert [event.message for event in events] == ["ket-qua.pdf", "Biên bản họp dân"]
    assert {event.actor for event in events} == {staff}


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("C:\\fakepath\\Ảnh họp.jpg", "Ảnh họp.jpg"),
        ("../../etc/passwd", "passwd"),
        (unicodedata.normalize("NFD", "Khuổi Tẩu.png"), "Khuổi Tẩu.png"),
        ("  báo\tcáo\n  quý 1 .pdf ", "báo cáo quý 1 .pdf"),
        ("", "minh-chung.pdf"),
        ("a" * 300 + ".docx", "a" * 250 + ".docx"),
    ],
)
def test_the_original_name_is_cleaned(raw, cleaned):
    assert clean_original_name(raw, extension="pdf") == cleaned


# ---- refusals --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200,  # Windows .exe
        b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200,  # Linux executable
        b"<?php system($_GET['c']); ?>",
    ],
)
def test_a_renamed_executable_is_refused_and_nothing_is_written(initiative, staff, data):
    with pytest.raises(ValidationError) as excinfo:
        add_evidence(
            initiative=initiative,
            uploaded=upload("photo.jpg", data, "image/jpeg"),
            acting_user=staff,
        )
    assert refusal(excinfo).code == "type_not_allowed"
    assert Evidence.objects.count() == 0


def test_an_oversized_photo_is_refused_with_the_photo_limit(initiative, staff, monkeypatch):
    monkeypatch.setattr(evidence_service, "MAX_IMAGE_BYTES", 2 * 1024 * 1024)
    data = jpeg_with_gps((100, 100)) + b"\x00" * (3 * 1024 * 1024)  # 3 MB after the picture
    with pytest.raises(ValidationError) as excinfo:
        add_evidence(initiative=initiative, uploaded=upload("anh.jpg", data), acting_user=staff)
    error = refusal(excinfo)
    assert error.code == "too_large"
    assert "(3,0 MB)" in error.message  # a little over 3 MB, written the Vietnamese way
    assert "2 MB" in error.message
    assert Evidence.objects.count() == 0


def test_an_oversized_document_is_refused(initiative, staff, monkeypatch):
    monkeypatch.setattr(evidence_service, "MAX_DOCUMENT_BYTES", 1024)
    data = PDF_BYTES + b"%" * 2048
    with pytest.raises(ValidationError) as excinfo:
        add_evidence(initiative=initiative, uploaded=upload("dai.pdf", data), acting_user=staff)
    assert refusal(excinfo).code == "too_large"
    assert Evidence.objects.count() == 0


def test_a_document_may_be_larger_than_the_photo_limit(initiative, staff, monkeypatch):
    monkeypatch.setattr(evidence_service, "MAX_IMAGE_BYTES", 1024)
    data = PDF_BYTES + b"%" * 2048
    evidence = add_evidence(
        initiative=initiative, uploaded=upload("dai.pdf", data), acting_user=staff
    )
    assert evidence.size == len(data)


@pytest.mark.parametrize(
    "data",
    [
        PNG_SIGNATURE + b"this is no picture at all " * 40,
        b"\xff\xd8\xff\xe0" + b"\x13" * 500,  # a JPEG marker, then noise
        jpeg_with_gps((600, 400), orientation=1)[:700],  # cut off half-way
        b"RIFF\x00\x10\x00\x00WEBPVP8 " + b"\x00" * 100,
    ],
    ids=["png-garbage", "jpeg-noise", "jpeg-truncated", "webp-garbage"],
)
def test_a_broken_image_is_refused_and_nothing_is_written(initiative, staff, data):
    with pytest.raises(ValidationError) as excinfo:
        add_evidence(initiative=initiative, uploaded=upload("anh.png", data), acting_user=staff)
    assert refusal(excinfo).code == "broken_image"
    assert Evidence.objects.count() == 0


@pytest.mark.parametrize(
    ("width", "height"),
    [(40_000, 40_000), (10_000, 9_000), (9_000, 9_000)],
    ids=["beyond-pillow-error", "beyond-pillow-warning", "beyond-danvan-limit"],
)
def test_a_decompression_bomb_is_refused(initiative, staff, width, height):
    with pytest.raises(ValidationError) as excinfo:
        add_evidence(
            initiative=initiative,
            uploaded=upload("bom.png", png_header(width, height)),
            acting_user=staff,
        )
    assert refusal(excinfo).code == "too_many_pixels"
    assert Evidence.objects.count() == 0


def test_the_pixel_limit_is_the_modules(initiative, staff, monkeypatch):
    monkeypatch.setattr(evidence_service, "MAX_IMAGE_PIXELS", 10_000)
    with pytest.raises(ValidationError) as excinfo:
        add_evidence(
            initiative=initiative,
            uploaded=upload("anh.jpg", jpeg_with_gps((200, 100), orientation=1)),
            acting_user=staff,
        )
    assert refusal(excinfo).code == "too_many_pixels"


def test_an_empty_file_is_refused(initiative, staff):
    with pytest.raises(ValidationError) as excinfo:
        add_evidence(initiative=initiative, uploaded=upload("rong.pdf", b""), acting_user=staff)
    assert refusal(excinfo).code == "empty"
    assert Evidence.objects.count() == 0


def test_a_too_long_caption_is_refused(initiative, staff):
    with pytest.raises(ValidationError) as excinfo:
        add_evidence(
            initiative=initiative,
            uploaded=upload("a.pdf", PDF_BYTES),
            caption="x" * 301,
            acting_user=staff,
        )
    assert refusal(excinfo, "caption").code == "max_length"
    assert Evidence.objects.count() == 0


# ---- the upload page -------------------------------------------------------------------------


def test_an_editor_uploads_and_is_sent_back_to_the_initiative_with_a_success_message(
    initiative, staff
):
    response = client_for(staff).post(
        add_url(initiative),
        {
            "evidence-file": upload("hien-dat.jpg", jpeg_with_gps((800, 600))),
            "evidence-caption": "Hộ ông Nông Văn Tư hiến đất",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"/mo-hinh/{initiative.pk}/#evidence"
    evidence = Evidence.objects.get(initiative=initiative)
    assert evidence.caption == "Hộ ông Nông Văn Tư hiến đất"
    assert evidence.original_name == "hien-dat.jpg"
    assert evidence.uploaded_by == staff
    sent = list(get_messages(response.wsgi_request))
    assert [message.level for message in sent] == [messages.SUCCESS]
    assert "hien-dat.jpg" in str(sent[0])


def test_a_refused_upload_is_sent_back_with_the_reason_and_writes_nothing(initiative, staff):
    response = client_for(staff).post(
        add_url(initiative), {"evidence-file": upload("photo.jpg", b"MZ" + b"\x00" * 300)}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/mo-hinh/{initiative.pk}/#evidence"
    assert Evidence.objects.count() == 0
    sent = list(get_messages(response.wsgi_request))
    assert [message.level for message in sent] == [messages.ERROR]
    # The reason comes from core.uploads, translated: the accepted kinds by their names.
    assert "PDF, Word (.docx), Excel (.xlsx), JPEG, PNG, WebP." in str(sent[0])


def test_an_upload_without_a_file_is_sent_back_with_an_error(initiative, staff):
    response = client_for(staff).post(add_url(initiative), {"evidence-caption": "Không có tệp"})
    assert response.status_code == 302
    assert [m.level for m in get_messages(response.wsgi_request)] == [messages.ERROR]
    assert Evidence.objects.count() == 0


def test_a_reader_without_change_permission_gets_403_on_upload(initiative, tuyen_quang):
    for role in ("viewer", "reviewer"):
        response = client_for(user_with_role(role, unit=tuyen_quang)).post(
            add_url(initiative), {"evidence-file": upload("a.pdf", PDF_BYTES)}
        )
        assert response.status_code == 403
    assert Evidence.objects.count() == 0


def test_an_editor_of_another_province_gets_404_on_upload(initiative):
    editor = user_with_role("staff", unit=province("82"))
    response = client_for(editor).post(
        add_url(initiative), {"evidence-file": upload("a.pdf", PDF_BYTES)}
    )
    assert response.status_code == 404
    assert Evidence.objects.count() == 0


def test_the_upload_address_takes_post_only(initiative, staff):
    assert client_for(staff).get(add_url(initiative)).status_code == 405


def test_matrix_upload(initiative, outside, tuyen_quang):
    editors = dict.fromkeys(("admin", "staff", "unit_editor"), (302, 404))
    check_matrix(
        url_for=add_url,
        inside=initiative,
        outside=outside,
        scope_unit=tuyen_quang,
        method="post",
        data={"evidence-caption": "Không có tệp"},  # refused by the form: nothing is written
        expect=editors | {"reviewer": (403, 404), "viewer": (403, 404)},
        superuser=(302, 302),
    )
    assert Evidence.objects.count() == 0


def test_matrix_upload_by_organisation_grant(initiative, outside):
    check_matrix(
        url_for=add_url,
        inside=initiative,
        outside=outside,
        scope_organization=initiative.owner_organization,
        method="post",
        data={},
        expect={
            "admin": (302, 404),
            "staff": (302, 404),
            "unit_editor": (302, 404),
            "reviewer": (403, 404),
            "viewer": (403, 404),
        },
        superuser=(302, 302),
    )


# ---- serving ---------------------------------------------------------------------------------


@pytest.fixture
def photos(initiative, outside, staff):
    """A photo of the initiative in tỉnh Tuyên Quang and one of the initiative in Đồng Tháp."""
    inside_photo = add_evidence(
        initiative=initiative,
        uploaded=upload("Họp dân thôn Khuổi Tẩu.png", picture("PNG", (900, 600))),
        acting_user=staff,
    )
    outside_photo = add_evidence(
        initiative=outside, uploaded=upload("ruong.jpg", jpeg_with_gps()), acting_user=None
    )
    return inside_photo, outside_photo


def test_a_viewer_in_scope_sees_the_photo_inline_and_its_thumbnail(photos, tuyen_quang):
    photo = photos[0]
    client = client_for(user_with_role("viewer", unit=tuyen_quang))

    full = client.get(file_url(photo))
    assert full.status_code == 200
    assert full["Content-Type"] == "image/jpeg"
    assert full["Content-Disposition"] == 'inline; filename="hop-dan-thon-khuoi-tau.jpg"'
    assert full["X-Content-Type-Options"] == "nosniff"
    assert "private" in full["Cache-Control"]
    assert body(full) == stored_bytes(photo.file)

    small = client.get(thumbnail_url(photo))
    assert small.status_code == 200
    assert small["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(body(small))).size == (320, 213)


def test_a_user_out_of_scope_gets_404_for_the_file_and_the_thumbnail(photos):
    photo = photos[0]
    client = client_for(user_with_role("staff", unit=province("82")))
    assert client.get(file_url(photo)).status_code == 404
    assert client.get(thumbnail_url(photo)).status_code == 404
    # …while the photo of their own province is theirs to see.
    assert client.get(file_url(photos[1])).status_code == 200


def test_evidence_of_another_initiative_is_not_found_under_this_one(photos, admin_client):
    inside_photo, outside_photo = photos
    url = f"/mo-hinh/{inside_photo.initiative_id}/minh-chung/{outside_photo.pk}/"
    assert admin_client.get(url).status_code == 404
    assert admin_client.get(url + "anh-nho/").status_code == 404


def test_a_document_has_no_thumbnail(initiative, staff, admin_client):
    evidence = add_evidence(
        initiative=initiative, uploaded=upload("a.pdf", PDF_BYTES), acting_user=staff
    )
    assert admin_client.get(thumbnail_url(evidence)).status_code == 404


def test_a_file_missing_from_storage_is_not_found(photos, admin_client):
    photo = photos[0]
    default_storage.delete(photo.file.name)
    assert admin_client.get(file_url(photo)).status_code == 404


def test_matrix_file(photos, tuyen_quang):
    check_matrix(
        url_for=file_url,
        inside=photos[0],
        outside=photos[1],
        scope_unit=tuyen_quang,
        expect=READERS_IN,
    )


def test_matrix_thumbnail(photos, tuyen_quang):
    check_matrix(
        url_for=thumbnail_url,
        inside=photos[0],
        outside=photos[1],
        scope_unit=tuyen_quang,
        expect=READERS_IN,
    )


# ---- the section of the detail page ----------------------------------------------------------


def render_section(user, initiative) -> tuple[dict, str]:
    request = RequestFactory().get(f"/mo-hinh/{initiative.pk}/")
    request.user = user
    context = evidence_context(request, initiative)
    return context, render_to_string("initiatives/_evidence.html", context, request=request)


def test_the_section_lists_photos_and_documents_with_size_uploader_and_date(initiative, staff):
    staff.first_name, staff.last_name = "Hoàng Thị", "Lan"
    staff.save()
    photo = add_evidence(
        initiative=initiative,
        uploaded=upload("duong.jpg", jpeg_with_gps((640, 480), orientation=1)),
        caption="Đường bê tông thôn Khuổi Tẩu",
        acting_user=staff,
    )
    document = add_evidence(
        initiative=initiative,
        uploaded=upload("Báo cáo.pdf", PDF_BYTES + b"%" * (1536 * 1024 - len(PDF_BYTES))),
        acting_user=None,
    )

    context, html = render_section(staff, initiative)

    assert context["evidence_list"] == [document, photo]  # newest first
    assert f'href="{file_url(photo)}"' in html
    assert f'src="{thumbnail_url(photo)}"' in html
    assert 'alt="Đường bê tông thôn Khuổi Tẩu"' in html
    assert f'href="{file_url(document)}"' in html
    assert "Báo cáo.pdf" in html
    assert "1,5 MB" in html  # 1,536 KB, written the Vietnamese way
    assert thumbnail_url(document) not in html
    assert staff.get_full_name() in html
    assert format_date(photo.uploaded_at) in html
    assert 'class="empty-state"' not in html


def test_an_editor_gets_the_upload_form(initiative, staff):
    context, html = render_section(staff, initiative)
    assert context["can_add_evidence"] is True
    assert f'action="{add_url(initiative)}"' in html
    assert 'enctype="multipart/form-data"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="evidence-file"' in html
    assert 'name="evidence-caption"' in html
    assert "JPEG, PNG, WebP" in html
    assert "PDF, Word (.docx), Excel (.xlsx)" in html
    assert "15 MB" in html
    assert "20 MB" in html
    assert 'class="empty-state"' in html
    assert "<script" not in html
    assert "style=" not in html


def test_a_viewer_gets_the_list_without_the_upload_form(initiative, staff, tuyen_quang):
    add_evidence(initiative=initiative, uploaded=upload("a.pdf", PDF_BYTES), acting_user=staff)
    context, html = render_section(user_with_role("viewer", unit=tuyen_quang), initiative)
    assert context["can_add_evidence"] is False
    assert context["evidence_form"] is None
    assert "a.pdf" in html
    assert "<form" not in html
    assert f'action="{add_url(initiative)}"' not in html


def test_the_section_takes_as_many_queries_for_many_files_as_for_one(initiative, staff):
    def queries_to_render() -> int:
        fresh = User.objects.get(pk=staff.pk)  # no permission cached on the user
        with CaptureQueriesContext(connection) as captured:
            render_section(fresh, initiative)
        return len(captured)

    add_evidence(initiative=initiative, uploaded=upload("a.pdf", PDF_BYTES), acting_user=staff)
    one = queries_to_render()
    for number in range(4):
        uploader = user_with_role("staff", unit=initiative.place)
        add_evidence(
            initiative=initiative,
            uploaded=upload(f"{number}.jpg", jpeg_with_gps((64, 48), orientation=1)),
            acting_user=uploader,
        )
    assert queries_to_render() == one


def test_the_detail_page_shows_the_uploaded_photo_after_the_redirect(initiative, staff):
    client = client_for(staff)
    response = client.post(
        add_url(initiative),
        {
            "evidence-file": upload("hop-dan.png", picture("PNG")),
            "evidence-caption": "Họp dân bàn làm đường",
        },
        follow=True,
    )
    evidence = Evidence.objects.get(initiative=initiative)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="evidence"' in html
    assert f'src="{thumbnail_url(evidence)}"' in html
    assert "Họp dân bàn làm đường" in html
    assert 'class="message message--success"' in html
