import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook

from danvan.accounts.enums import Role
from danvan.organizations.models import Organization, Person
from tests.core.import_helpers import submit
from tests.factories.organizations import make_organization, tuyen_quang
from tests.permissions import user_with_role

pytestmark = pytest.mark.django_db

ORG_HEADERS = [
    "Mã",
    "Tên tổ chức",
    "Tên viết tắt",
    "Loại",
    "Trực thuộc",
    "Địa bàn",
    "Ngày thành lập",
]


def xlsx(sheet: str, headers: list[str], rows: list[list]) -> SimpleUploadedFile:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    worksheet.append(headers)
    for row in rows:
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("danh-sach.xlsx", buffer.getvalue())


@pytest.fixture
def staff_client():
    make_organization(name="Tỉnh ủy Tuyên Quang", kind="party_committee", unit=tuyen_quang())
    client = Client()
    client.force_login(user_with_role(Role.STAFF, unit=tuyen_quang()))
    return client


def post_import(client, url, upload, keep_valid=False):
    data = {"file": upload}
    if keep_valid:
        data["keep_valid"] = "on"
    return submit(client, url, data)


GOOD_ROWS = [
    [
        "",
        "Ban Dân vận Huyện ủy Lâm Bình",
        "BDVHU",
        "Ban Dân vận, Ban Tuyên giáo và Dân vận",
        "Tỉnh ủy Tuyên Quang",
        "huyện Lâm Bình, tỉnh Tuyên Quang",
        "01/01/2011",
    ],
    [
        "",
        "Hội Nông dân xã Bình An",
        "",
        "Đoàn thể (Hội LHPN, Hội Nông dân, Đoàn, Hội CCB, Công đoàn)",
        "",
        "xa binh an, tuyen quang",
        "",
    ],
]


def test_the_template_has_vietnamese_headers(staff_client):
    response = staff_client.get("/to-chuc/excel/mau/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Tổ chức"]
    assert [cell.value for cell in sheet[1]][:4] == ["Mã", "Tên tổ chức", "Tên viết tắt", "Loại"]
    assert "Hướng dẫn" in workbook.sheetnames


def test_import_twice_creates_once(staff_client):
    body = post_import(
        staff_client, "/to-chuc/excel/nhap/", xlsx("Tổ chức", ORG_HEADERS, GOOD_ROWS)
    )
    assert "2 thêm mới, 0 cập nhật, 0 không đổi." in body
    lam_binh = Organization.objects.get(name="Ban Dân vận Huyện ủy Lâm Bình")
    assert lam_binh.parent.name == "Tỉnh ủy Tuyên Quang"
    assert lam_binh.unit.full_name == "Huyện Lâm Bình"
    assert Organization.objects.get(name="Hội Nông dân xã Bình An").unit.code == "02296"
    again = post_import(
        staff_client, "/to-chuc/excel/nhap/", xlsx("Tổ chức", ORG_HEADERS, GOOD_ROWS)
    )
    assert "0 thêm mới, 0 cập nhật, 2 không đổi." in again
    assert Organization.objects.filter(name="Ban Dân vận Huyện ủy Lâm Bình").count() == 1


def test_an_export_imports_back_unchanged(staff_client):
    post_import(staff_client, "/to-chuc/excel/nhap/", xlsx("Tổ chức", ORG_HEADERS, GOOD_ROWS))
    exported = staff_client.get("/to-chuc/excel/xuat/")
    upload = SimpleUploadedFile("xuat.xlsx", exported.content)
    body = post_import(staff_client, "/to-chuc/excel/nhap/", upload)
    assert "0 thêm mới, 0 cập nhật, 3 không đổi." in body


def test_errors_are_reported_by_row_and_column_and_nothing_is_saved(staff_client):
    rows = [
        GOOD_ROWS[0],
        ["", "", "", "Chi bộ", "", "tỉnh Tuyên Quang", ""],
        ["", "Tổ chức ở nơi không có", "", "Chi bộ", "", "xã Không Có Thật, tỉnh Tuyên Quang", ""],
        ["", "Tổ chức sai loại", "", "Câu lạc bộ", "", "tỉnh Tuyên Quang", "31/02/2024"],
    ]
    body = post_import(staff_client, "/to-chuc/excel/nhap/", xlsx("Tổ chức", ORG_HEADERS, rows))
    assert "Chưa lưu gì" in body
    assert (
        '<td class="num">3</td><td>Tên tổ chức</td><td>Cột này bắt buộc phải có giá trị.</td>'
        in body
    )
    assert (
        '<td class="num">4</td><td>Địa bàn</td>'
        "<td>Không tìm thấy địa bàn “xã Không Có Thật, tỉnh Tuyên Quang”." in body
    )
    assert '<td class="num">5</td><td>Loại</td>' in body
    assert '<td class="num">5</td><td>Ngày thành lập</td>' in body
    assert not Organization.objects.filter(name="Ban Dân vận Huyện ủy Lâm Bình").exists()
    kept = post_import(
        staff_client, "/to-chuc/excel/nhap/", xlsx("Tổ chức", ORG_HEADERS, rows), keep_valid=True
    )
    assert "1 thêm mới, 0 cập nhật, 0 không đổi." in kept
    assert Organization.objects.filter(name="Ban Dân vận Huyện ủy Lâm Bình").exists()


def test_rows_outside_the_scope_are_refused(staff_client):
    rows = [["", "Ban Dân vận Tỉnh ủy Đồng Tháp", "", "Chi bộ", "", "tỉnh Đồng Tháp", ""]]
    body = post_import(staff_client, "/to-chuc/excel/nhap/", xlsx("Tổ chức", ORG_HEADERS, rows))
    assert "ngoài phạm vi" in body
    assert not Organization.objects.filter(name="Ban Dân vận Tỉnh ủy Đồng Tháp").exists()


def test_not_an_excel_file_is_refused_with_a_message(staff_client):
    upload = SimpleUploadedFile("danh-sach.xlsx", b"%PDF-1.4 not a workbook")
    body = post_import(staff_client, "/to-chuc/excel/nhap/", upload)
    assert "Loại tệp này không được chấp nhận." in body
    assert "Chưa lưu gì" not in body  # the file was refused before any row was read


def test_people_import_with_position_is_idempotent(staff_client):
    headers = ["Họ và tên", "Giới tính", "Năm sinh", "Dân tộc", "Địa bàn", "Chức vụ", "Tổ chức"]
    rows = [
        [
            "Ma Thị Lan",
            "nữ",
            1985,
            "tay",
            "xã Bình An, tỉnh Tuyên Quang",
            "Bí thư Đảng ủy",
            "Tỉnh ủy Tuyên Quang",
        ]
    ]
    body = post_import(staff_client, "/can-bo/excel/nhap/", xlsx("Cán bộ, hội viên", headers, rows))
    assert "1 thêm mới" in body
    person = Person.objects.get(full_name="Ma Thị Lan")
    assert person.ethnicity == "Tày"
    assert person.gender == "female"
    assert [p.title for p in person.positions.all()] == ["Bí thư Đảng ủy"]
    again = post_import(
        staff_client, "/can-bo/excel/nhap/", xlsx("Cán bộ, hội viên", headers, rows)
    )
    assert "0 thêm mới, 0 cập nhật, 1 không đổi." in again
    assert person.positions.count() == 1


def test_a_viewer_cannot_import(world_viewer_client):
    response = world_viewer_client.post("/to-chuc/excel/nhap/", {})
    assert response.status_code == 403


@pytest.fixture
def world_viewer_client():
    client = Client()
    client.force_login(user_with_role(Role.VIEWER, unit=tuyen_quang()))
    return client


def test_a_zip_bomb_is_refused_before_it_is_read(staff_client):
    # Finding 5 of issue 11: half a megabyte unpacking to 60 MB of cells held a web worker.
    from tests.core.test_spreadsheets_bounds import SHEET, base, replaced, sheet_of

    bomb = replaced(base(), SHEET, sheet_of(b"<c/>", repeat=15_000_000))
    before = Organization.objects.count()
    for url in ("/to-chuc/excel/nhap/", "/can-bo/excel/nhap/", "/van-ban/excel/nhap/"):
        body = post_import(staff_client, url, SimpleUploadedFile("bomb.xlsx", bomb))
        assert "vượt xa một tài liệu bình thường cùng cỡ" in body
    assert Organization.objects.count() == before
    assert Person.objects.count() == 0
