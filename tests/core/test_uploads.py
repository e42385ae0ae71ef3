import base64
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.core.uploads import UploadRejected, check_upload, describe_kinds, megabytes, sniff

# A real 1×1 transparent PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88"
MB = 1024 * 1024


def zip_with(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


DOCX = zip_with("word/document.xml", "word/styles.xml")
XLSX = zip_with("xl/workbook.xml", "xl/worksheets/sheet1.xml")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (PDF, "pdf"),
        (PNG, "png"),
        (JPEG, "jpeg"),
        (WEBP, "webp"),
        (DOCX, "docx"),
        (XLSX, "xlsx"),
        (zip_with("content.xml", "mimetype"), None),  # an OpenDocument file
        (b"PK\x03\x04 not really a zip", None),
        ("Tên tổ chức;Địa chỉ\n".encode(), None),
        (b"<html><body>%PDF-1.4</body></html>", None),
        (b"", None),
    ],
)
def test_sniff_tells_the_kind_by_content(data, kind):
    assert sniff(data) == kind


def test_check_upload_returns_the_kind_and_rewinds_the_file():
    upload = SimpleUploadedFile("bao-cao.pdf", PDF, content_type="application/pdf")
    assert check_upload(upload, allowed={"pdf", "docx"}, max_bytes=MB) == "pdf"
    assert upload.read() == PDF


def test_check_upload_trusts_neither_the_name_nor_the_content_type():
    upload = SimpleUploadedFile("bao-cao.pdf", PNG, content_type="application/pdf")
    with pytest.raises(ValidationError) as caught:
        check_upload(upload, allowed={"pdf", "docx"}, max_bytes=MB)
    assert caught.value.code == "type_not_allowed"
    assert "PDF, Word (.docx)" in caught.value.messages[0]


def test_a_word_document_is_not_accepted_where_a_workbook_is_expected():
    upload = SimpleUploadedFile("danh-sach.xlsx", DOCX)
    with pytest.raises(UploadRejected) as caught:
        check_upload(upload, allowed={"xlsx"}, max_bytes=MB)
    assert caught.value.code == "type_not_allowed"
    assert "Excel (.xlsx)" in caught.value.messages[0]
    assert "Word" not in caught.value.messages[0]


def test_an_oversized_file_is_refused_with_sizes_written_the_vietnamese_way():
    upload = SimpleUploadedFile("anh.png", PNG + b"\x00" * (3 * MB - len(PNG)))
    with pytest.raises(UploadRejected) as caught:
        check_upload(upload, allowed={"png"}, max_bytes=int(2.5 * MB))
    assert caught.value.code == "too_large"
    message = caught.value.messages[0]
    assert "(3 MB)" in message
    assert "2,5 MB" in message


def test_a_file_object_without_a_size_is_measured_not_trusted():
    data = PDF + b"\x00" * MB
    with pytest.raises(UploadRejected) as caught:
        check_upload(io.BytesIO(data), allowed={"pdf"}, max_bytes=MB)
    assert caught.value.code == "too_large"
    assert check_upload(io.BytesIO(PDF), allowed={"pdf"}, max_bytes=MB) == "pdf"


def test_a_file_claiming_a_small_size_is_still_read_only_up_to_the_limit():
    upload = SimpleUploadedFile("bao-cao.pdf", PDF + b"\x00" * MB)
    upload.size = 10  # a lie
    with pytest.raises(UploadRejected) as caught:
        check_upload(upload, allowed={"pdf"}, max_bytes=MB)
    assert caught.value.code == "too_large"


def test_an_empty_file_is_refused():
    with pytest.raises(UploadRejected) as caught:
        check_upload(SimpleUploadedFile("trong.pdf", b""), allowed={"pdf"}, max_bytes=MB)
    assert caught.value.code == "empty"


def test_an_unknown_kind_in_allowed_is_a_programming_error():
    with pytest.raises(ValueError, match="exe"):
        check_upload(io.BytesIO(PDF), allowed={"pdf", "exe"}, max_bytes=MB)


def test_helpers_for_messages():
    assert describe_kinds({"webp", "pdf", "xlsx"}) == "PDF, Excel (.xlsx), WebP"
    assert megabytes(20 * MB) == "20"
    assert megabytes(int(2.5 * MB)) == "2,5"
    assert megabytes(1536 * MB) == "1.536"
