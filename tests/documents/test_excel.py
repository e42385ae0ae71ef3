import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from danvan.accounts.enums import Role
from danvan.documents import services
from danvan.documents.models import Document
from tests.core.import_helpers import submit
from tests.factories.organizations import make_organization, tuyen_quang
from tests.permissions import user_with_role

pytestmark = pytest.mark.django_db

HEADERS = ["Loại", "Số, ký hiệu", "Ngày ban hành", "Cơ quan ban hành", "Tiêu đề"]


def xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Văn bản"
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("van-ban.xlsx", buffer.getvalue())


@pytest.fixture
def staff_client():
    make_organization(name="Huyện ủy Lâm Bình", kind="party_committee", unit=tuyen_quang())
    client = Client()
    client.force_login(user_with_role(Role.STAFF, unit=tuyen_quang()))
    return client


ROWS = [
    ["", "54-KH/HU", "10/09/2021", "Huyện ủy Lâm Bình", "Kế hoạch cán bộ làm dân vận ở cơ sở"],
    ["Thông báo", "", "01/10/2021", "huyen uy lam binh", "Thông báo kết luận hội nghị"],
]


def test_import_guesses_kinds_and_is_idempotent(staff_client):
    body = submit(staff_client, "/van-ban/excel/nhap/", {"file": xlsx(ROWS)})
    assert "2 thêm mới, 0 cập nhật, 0 không đổi." in body
    plan = Document.objects.get(number="54-KH/HU")
    assert plan.kind == "ke_hoach"
    assert plan.issued_on == date(2021, 9, 10)
    again = submit(staff_client, "/van-ban/excel/nhap/", {"file": xlsx(ROWS)})
    assert "0 thêm mới, 0 cập nhật, 2 không đổi." in again
    assert Document.objects.count() == 2


def test_export_round_trips(staff_client):
    submit(staff_client, "/van-ban/excel/nhap/", {"file": xlsx(ROWS)})
    exported = staff_client.get("/van-ban/excel/xuat/")
    upload = SimpleUploadedFile("xuat.xlsx", exported.content)
    body = submit(staff_client, "/van-ban/excel/nhap/", {"file": upload})
    assert "0 thêm mới, 0 cập nhật, 2 không đổi." in body


def test_a_row_for_an_issuer_outside_the_scope_is_refused(staff_client):
    rows = [["", "01-NQ/TU", "25/12/2020", "Tỉnh ủy Đồng Tháp", "Nghị quyết"]]
    body = submit(staff_client, "/van-ban/excel/nhap/", {"file": xlsx(rows)})
    assert "Không có tổ chức nào tên “Tỉnh ủy Đồng Tháp” trong phạm vi của đồng chí." in body
    assert not Document.objects.exists()


def test_the_organisation_page_lists_its_documents(staff_client):
    issuer = make_organization(name="Ban Dân vận Tỉnh ủy Tuyên Quang", unit=tuyen_quang())
    services.create_document(
        data={
            "number": "02-HD/BDVTU",
            "issued_on": date(2021, 9, 10),
            "issuer": issuer,
            "title": "Hướng dẫn mô hình Dân vận khéo",
        },
        acting_user=None,
    )
    body = staff_client.get(f"/to-chuc/{issuer.pk}/").content.decode()
    assert "Văn bản đã ban hành" in body
    assert "Hướng dẫn số 02-HD/BDVTU ngày 10/09/2021" in body


def error_row(row: int, message: str) -> str:
    return f'<td class="num">{row}</td><td>—</td><td>{message}</td>'


def test_one_document_twice_in_a_file_is_an_error_naming_both_rows(staff_client):
    # Issue 11: the second row used to overwrite the first ("1 added, 1 updated"), silently.
    rows = [ROWS[0], ["", "54-KH/HU", "12/09/2021", "Huyện ủy Lâm Bình", "Tiêu đề khác"]]
    body = submit(staff_client, "/van-ban/excel/nhap/", {"file": xlsx(rows)})
    assert error_row(3, "Trùng với dòng 2: 54-KH/HU (Huyện ủy Lâm Bình).") in body
    assert not Document.objects.exists()
    untitled = [ROWS[1], ["", "", "01/10/2021", "Huyện ủy Lâm Bình", ROWS[1][4]]]
    body = submit(staff_client, "/van-ban/excel/nhap/", {"file": xlsx(untitled)})
    assert (
        error_row(3, "Trùng với dòng 2: “Thông báo kết luận hội nghị” (Huyện ủy Lâm Bình).") in body
    )


def test_a_row_matched_by_number_does_not_change_the_kind(staff_client):
    submit(staff_client, "/van-ban/excel/nhap/", {"file": xlsx([ROWS[0]])})
    plan = Document.objects.get()
    as_report = [["Báo cáo", *ROWS[0][1:]]]
    body = submit(staff_client, "/van-ban/excel/nhap/", {"file": xlsx(as_report)})
    assert (
        f"Văn bản này đã có với loại “kế hoạch”: muốn đổi loại, hãy điền mã của văn bản "
        f"({plan.pk})." in body
    )
    plan.refresh_from_db()
    assert plan.kind == "ke_hoach"
