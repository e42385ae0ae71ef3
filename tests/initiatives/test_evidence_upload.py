"""Evidence of initiatives as it is added: photos re-encoded without metadata, documents
stored as they are, refusals that write nothing."""

import io
import re
import unicodedata
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook
from PIL import ExifTags, Image

from danvan.core.queries import events_for_object
from danvan.initiatives import evidence as evidence_service
from danvan.initiatives.enums import EvidenceKind, Status
from danvan.initiatives.evidence import clean_original_name
from danvan.initiatives.evidence_views import download_name
from danvan.initiatives.models import Evidence
from danvan.initiatives.services import add_progress, transition
from tests.initiatives.evidence_helpers import (
    PDF_BYTES,
    PNG_SIGNATURE,
    XLSX_TYPE,
    add_evidence,
    body,
    client_for,
    file_url,
    jpeg_with_gps,
    picture,
    png_header,
    refusal,
    stored_bytes,
    stored_image,
    upload,
    xlsx_bytes,
)
from tests.permissions import user_with_role

pytestmark = pytest.mark.django_db


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
