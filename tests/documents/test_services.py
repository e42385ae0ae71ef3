import io
import re
import zipfile
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from danvan.core.models import AuditEvent
from danvan.core.queries import events_for_object
from danvan.documents import services
from danvan.documents.enums import DocumentKind, guess_kind
from danvan.documents.models import Document
from tests.documents.factories import (
    PDF_BYTES,
    docx_upload,
    dong_thap,
    make_document,
    make_organization,
    pdf_upload,
    tuyen_quang,
)
from tests.permissions import user_with_role


def editor(**fields):
    """A registering unit of tỉnh Tuyên Quang, where the test organisations are."""
    return user_with_role("unit_editor", unit=tuyen_quang(), **fields)


pytestmark = pytest.mark.django_db


def data(issuer, **fields) -> dict:
    return {
        "kind": "",
        "number": "54-KH/HU",
        "issued_on": date(2021, 9, 10),
        "issuer": issuer,
        "title": "Kế hoạch thực hiện Quy chế dân chủ ở cơ sở năm 2021",
        "summary": "",
        **fields,
    }


@pytest.mark.parametrize(
    ("number", "kind"),
    [
        ("54-KH/HU", DocumentKind.PLAN),
        ("02-HD/BDVTU", DocumentKind.GUIDANCE),
        ("01-NQ/TU", DocumentKind.RESOLUTION),
        ("05-CT/TW", DocumentKind.DIRECTIVE),
        ("12-KL/TW", DocumentKind.CONCLUSION),
        ("08-QĐi/TW", DocumentKind.REGULATION),
        ("123/QĐ-UBND", DocumentKind.DECISION),
        ("123/qd-ubnd", DocumentKind.DECISION),
        ("03-ĐA/TU", DocumentKind.SCHEME),
        ("03-DA/TU", DocumentKind.SCHEME),
        ("120-CV/HU", DocumentKind.OFFICIAL_LETTER),
        ("15-BC/HU", DocumentKind.REPORT),
        ("07-TB/TU", DocumentKind.NOTICE),
        ("215/UBND-VX", None),
        ("", None),
    ],
)
def test_kind_is_guessed_from_the_abbreviation_in_the_number(number, kind):
    assert guess_kind(number) == kind


def test_create_normalises_the_number_guesses_the_kind_and_audits():
    issuer = make_organization(name="Ban Dân vận Huyện ủy Lâm Bình")
    officer = editor(full_name="Hoàng Thị Lan")
    document = services.create_document(
        data=data(issuer, number="  54-KH/HU  ", summary="Triển khai   đến các xã."),
        acting_user=officer,
    )
    assert document.number == "54-KH/HU"
    assert document.kind == DocumentKind.PLAN
    assert document.number_key == "54-kh/hu"
    assert document.search_folded.startswith("54-kh/hu ke hoach thuc hien quy che dan chu")
    assert str(document) == "Kế hoạch số 54-KH/HU ngày 10/09/2021"
    event = events_for_object(document).get()
    assert event.action == "documents.document.created"
    assert event.actor == officer
    assert event.changes["number"] == [None, "54-KH/HU"]
    assert event.changes["issuer"] == [None, "Ban Dân vận Huyện ủy Lâm Bình"]
    assert event.changes["issued_on"] == [None, "2021-09-10"]


def test_a_given_kind_wins_over_the_number():
    issuer = make_organization()
    document = services.create_document(
        data=data(issuer, kind=DocumentKind.REPORT, number="54-KH/HU"), acting_user=None
    )
    assert document.kind == DocumentKind.REPORT


def test_spaces_inside_the_number_are_collapsed_not_removed():
    document = make_document(issuer=make_organization(), number="54  -  KH/HU")
    assert document.number == "54 - KH/HU"


def test_a_document_without_number_needs_its_kind():
    issuer = make_organization()
    with pytest.raises(ValidationError) as error:
        services.create_document(data=data(issuer, number=""), acting_user=None)
    assert set(error.value.message_dict) == {"kind"}
    assert error.value.messages == [
        "Chọn hình thức văn bản: không xác định được hình thức từ số, ký hiệu."
    ]
    document = services.create_document(
        data=data(issuer, number="", kind=DocumentKind.NOTICE), acting_user=None
    )
    assert str(document) == "Thông báo ngày 10/09/2021"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": "   "}, "title", "Nhập tiêu đề văn bản."),
        ({"issued_on": None}, "issued_on", "Nhập ngày ban hành văn bản."),
        ({"issuer": None}, "issuer", "Chọn cơ quan, tổ chức ban hành văn bản."),
        ({"kind": "thong_tu"}, "kind", "Chọn hình thức văn bản trong danh sách."),
    ],
)
def test_missing_or_wrong_fields_are_refused_and_nothing_is_written(fields, field, message):
    issuer = make_organization()
    with pytest.raises(ValidationError) as error:
        services.create_document(data={**data(issuer), **fields}, acting_user=None)
    assert error.value.message_dict == {field: [message]}
    assert not Document.objects.exists()


def test_a_date_of_issue_in_the_future_is_refused():
    issuer = make_organization()
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.create_document(data=data(issuer, issued_on=tomorrow), acting_user=None)
    assert set(error.value.message_dict) == {"issued_on"}
    assert error.value.messages == ["Ngày ban hành không được sau ngày hiện tại."]
    today = services.create_document(
        data=data(issuer, issued_on=timezone.localdate()), acting_user=None
    )
    assert today.issued_on == timezone.localdate()


def test_the_same_number_twice_in_a_year_by_one_issuer_is_refused_in_any_spelling():
    issuer = make_organization(name="Huyện ủy Lâm Bình")
    make_document(issuer=issuer, number="54-KH/HU", issued_on=date(2021, 3, 1))
    with pytest.raises(ValidationError) as error:
        make_document(issuer=issuer, number="54 - kh / hu", issued_on=date(2021, 9, 10))
    assert set(error.value.message_dict) == {"number"}
    assert error.value.messages == [
        "Huyện ủy Lâm Bình đã có văn bản số, ký hiệu 54 - kh / hu ban hành năm 2021."
    ]
    assert Document.objects.count() == 1
    # Another year, another issuer, or no number at all: allowed.
    make_document(issuer=issuer, number="54-KH/HU", issued_on=date(2022, 3, 1))
    make_document(issuer=make_organization(unit=dong_thap()), number="54-KH/HU")
    make_document(issuer=issuer, number="", kind=DocumentKind.REPORT)
    make_document(issuer=issuer, number="", kind=DocumentKind.REPORT)
    assert Document.objects.count() == 5


def test_update_changes_fields_bumps_the_version_and_records_before_and_after():
    issuer = make_organization()
    document = make_document(issuer=issuer, number="54-KH/HU", title="Kế hoạch cũ")
    officer = editor()
    updated = services.update_document(
        document=document,
        data={"title": "Kế hoạch  mới", "number": "55-KH/HU"},
        version=1,
        acting_user=officer,
    )
    assert (updated.title, updated.number, updated.version) == ("Kế hoạch mới", "55-KH/HU", 2)
    assert updated.search_folded.startswith("55-kh/hu ke hoach moi")
    event = events_for_object(document).filter(action="documents.document.updated").get()
    assert event.changes == {
        "number": ["54-KH/HU", "55-KH/HU"],
        "title": ["Kế hoạch cũ", "Kế hoạch mới"],
    }
    assert event.actor == officer


def test_a_stale_edit_is_refused_and_nothing_is_written():
    document = make_document(issuer=make_organization(), title="Bản gốc")
    services.update_document(
        document=document, data={"title": "Lần một"}, version=1, acting_user=None
    )
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.update_document(
            document=document,
            data={"title": "Lần hai"},
            version=1,
            file=pdf_upload(),
            acting_user=None,
        )
    assert error.value.code == "stale"
    document.refresh_from_db()
    assert (document.title, document.version, document.file.name) == ("Lần một", 2, "")
    assert AuditEvent.objects.count() == events


def test_moving_to_an_issuer_of_the_same_name_is_saved():
    first = make_organization(name="Ban Dân vận Đảng ủy xã")
    second = make_organization(name="Ban Dân vận Đảng ủy xã")
    document = make_document(issuer=first)
    updated = services.update_document(
        document=document, data={"issuer": second}, version=1, acting_user=None
    )
    document.refresh_from_db()
    assert (document.issuer, document.version, updated.version) == (second, 2, 2)
    event = events_for_object(document).filter(action="documents.document.updated").get()
    assert event.changes == {
        "issuer": [
            f"Ban Dân vận Đảng ủy xã (#{first.pk})",
            f"Ban Dân vận Đảng ủy xã (#{second.pk})",
        ]
    }


def test_an_update_that_changes_nothing_writes_nothing():
    document = make_document(issuer=make_organization())
    services.update_document(
        document=document, data={"title": document.title}, version=1, acting_user=None
    )
    document.refresh_from_db()
    assert document.version == 1
    assert events_for_object(document).count() == 1


def test_the_number_stays_unique_when_edited():
    issuer = make_organization()
    make_document(issuer=issuer, number="54-KH/HU")
    other = make_document(issuer=issuer, number="55-KH/HU")
    with pytest.raises(ValidationError) as error:
        services.update_document(
            document=other, data={"number": "54-KH/HU"}, version=1, acting_user=None
        )
    assert set(error.value.message_dict) == {"number"}
    # Saving a document with its own number is not a duplicate.
    services.update_document(document=other, data={"title": "Khác"}, version=1, acting_user=None)


def test_a_pdf_is_attached_under_a_name_made_from_the_number():
    officer = editor()
    document = make_document(
        issuer=make_organization(),
        number="54-KH/HU",
        file=pdf_upload("tài liệu.html"),
        acting_user=officer,
    )
    assert document.file_kind == "pdf"
    # Stored under the year of upload, named from the number and the checked kind.
    assert re.fullmatch(r"documents/\d{4}/54-kh-hu(_\w+)?\.pdf", document.file.name)
    with document.file.open("rb") as handle:
        assert handle.read() == PDF_BYTES
    actions = list(events_for_object(document).values_list("action", flat=True))
    assert actions == ["documents.document.file_attached", "documents.document.created"]
    attached = events_for_object(document).first()
    assert attached.changes == {"file": [None, document.file.name]}
    assert attached.message.startswith("tài liệu.html")


def test_a_word_file_replaces_the_pdf_on_update():
    document = make_document(issuer=make_organization(), file=pdf_upload())
    first = document.file.name
    updated = services.update_document(
        document=document, data={}, version=1, file=docx_upload(), acting_user=None
    )
    assert updated.file_kind == "docx"
    assert updated.file.name.endswith(".docx")
    assert updated.version == 2
    attached = events_for_object(document).first()
    assert attached.action == "documents.document.file_attached"
    assert attached.changes == {"file": [first, updated.file.name]}


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("ke-hoach.pdf", b"<html><script>alert(1)</script></html>"),
        SimpleUploadedFile("bang.xlsx", b"PK\x03\x04 not really a zip"),
        SimpleUploadedFile("trong.pdf", b""),
    ],
    ids=["html-named-pdf", "broken-zip", "empty"],
)
def test_a_file_that_is_not_a_pdf_word_or_image_is_refused_before_anything_is_written(upload):
    issuer = make_organization()
    with pytest.raises(ValidationError) as error:
        services.create_document(data=data(issuer), file=upload, acting_user=None)
    assert set(error.value.message_dict) == {"file"}
    assert not Document.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="documents.").exists()


def test_a_file_over_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(services, "MAX_FILE_BYTES", 16)
    issuer = make_organization()
    with pytest.raises(ValidationError) as error:
        services.create_document(data=data(issuer), file=pdf_upload(), acting_user=None)
    assert set(error.value.message_dict) == {"file"}
    assert not Document.objects.exists()


def test_the_download_name_is_ascii_and_says_what_the_document_is():
    document = make_document(issuer=make_organization(), number="123/QĐ-UBND", file=pdf_upload())
    assert document.download_name == "quyet-dinh-123-qd-ubnd-10-09-2021.pdf"


def test_a_word_zip_bomb_attached_to_a_document_is_refused():
    # Issue 11, finding 5, elsewhere: a .docx is a zip too; checked from its directory.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as part:
            for _ in range(40):
                part.write(b" " * 1024 * 1024)
    bomb = SimpleUploadedFile("bom.docx", buffer.getvalue())
    issuer = make_organization()
    with pytest.raises(ValidationError) as error:
        services.create_document(data=data(issuer), file=bomb, acting_user=None)
    assert [e.code for e in error.value.error_dict["file"]] == ["zip_bomb"]
    assert not Document.objects.exists()
