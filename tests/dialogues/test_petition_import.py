"""Importing petitions received outside danvan from Excel (issue 17, 7): the template, the
check that saves nothing, row errors "Dòng N", all or nothing, a tracking code for each new
petition, the same petition never added twice."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from danvan.core.models import AuditEvent
from danvan.dialogues.models import Petition, PetitionStep
from danvan.dialogues.services import seed_categories
from tests.core.import_helpers import submit
from tests.dialogues.factories import binh_an, dong_thap, make_organization, officer, tuyen_quang

pytestmark = pytest.mark.django_db
URL = "/kien-nghi/excel/nhap/"
DAY = timezone.localdate() - timedelta(days=40)
HEADERS = [
    "Ngày tiếp nhận",
    "Hình thức tiếp nhận",
    "Loại",
    "Lĩnh vực",
    "Địa bàn",
    "Nội dung",
    "Đơn vị chịu trách nhiệm",
    "Họ tên công dân",
]


def xlsx(rows, headers=HEADERS, title="Kiến nghị"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("kien-nghi.xlsx", buffer.getvalue())


def row(content="Kênh mương thôn Nà Làng bị vỡ", **changes):
    values = {
        "day": DAY.strftime("%d/%m/%Y"),
        "source": "qua đơn, thư",
        "category": "Hạ tầng, giao thông, thủy lợi",
        "field": "giao thông, thủy lợi, hạ tầng",
        "place": "xã Bình An, tỉnh Tuyên Quang",
        "content": content,
        "responsible": "UBND xã Bình An",
        "citizen": "Lò Văn Sáng",
        **changes,
    }
    return list(values.values())


@pytest.fixture
def staff():
    seed_categories()
    make_organization(name="UBND xã Bình An", unit=binh_an())
    make_organization(name="UBND tỉnh Đồng Tháp", unit=dong_thap())
    client = Client()
    client.force_login(officer("staff", unit=tuyen_quang()))
    return client


def test_the_template_has_the_columns_and_their_explanations(staff):
    response = staff.get("/kien-nghi/excel/mau/")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    headers = [cell.value for cell in workbook.worksheets[0][1]]
    assert headers == [
        "Mã tra cứu",
        "Ngày tiếp nhận",
        "Hình thức tiếp nhận",
        "Loại",
        "Lĩnh vực",
        "Địa bàn",
        "Nội dung",
        "Đơn vị chịu trách nhiệm",
        "Họ tên công dân",
        "Địa chỉ hoặc số điện thoại của công dân",
    ]
    assert len(headers) == 10
    assert len(workbook.worksheets) == 2  # the instructions sheet


def test_each_new_petition_gets_its_code_its_due_date_and_its_step(staff):
    body = submit(staff, URL, {"file": xlsx([row(), row("Đường vào bản Khiển sạt lở")])})
    assert "2 thêm mới, 0 cập nhật, 0 không đổi." in body
    petitions = list(Petition.objects.order_by("id"))
    assert len(petitions) == 2
    first = petitions[0]
    assert first.code.startswith("KN")
    assert len(first.code) == 10
    assert first.code != petitions[1].code
    assert (first.source, first.field, first.place, first.received_on) == (
        "mail",
        "infrastructure",
        binh_an(),
        DAY,
    )
    assert first.due_date == DAY + timedelta(days=15)
    assert first.responsible.name == "UBND xã Bình An"
    assert first.citizen_name == "Lò Văn Sáng"
    assert PetitionStep.objects.filter(petition=first, kind="received").count() == 1
    assert AuditEvent.objects.filter(action="dialogues.petition.received").count() == 2


def test_the_same_petition_is_never_added_twice(staff):
    submit(staff, URL, {"file": xlsx([row()])})
    # Again, with other spacing and case: the same petition, left as it is.
    again = submit(staff, URL, {"file": xlsx([row("kênh  mương thôn NÀ LÀNG bị vỡ")])})
    assert "0 thêm mới, 0 cập nhật, 1 không đổi." in again
    assert Petition.objects.count() == 1
    # Twice in one file: an error naming the first row, nothing saved.
    twice = submit(staff, URL, {"file": xlsx([row("Trạm y tế thiếu thuốc")] * 2)})
    assert "Trùng với dòng 2: “Trạm y tế thiếu thuốc” (Bình An," in twice
    assert "Chưa lưu gì" in twice
    assert Petition.objects.count() == 1


def test_an_export_imported_again_changes_nothing(staff):
    submit(staff, URL, {"file": xlsx([row(), row("Đường vào bản Khiển sạt lở")])})
    exported = staff.get("/kien-nghi/excel/xuat/")
    body = submit(staff, URL, {"file": SimpleUploadedFile("xuat.xlsx", exported.content)})
    assert "0 thêm mới, 0 cập nhật, 2 không đổi." in body
    assert Petition.objects.count() == 2


def test_row_errors_are_told_row_by_row_and_nothing_is_saved(staff):
    rows = [
        row(),
        row("Xin hỗ trợ giống", category="Không có loại này"),
        row("Đường hỏng", place="xã Không Tồn Tại, tỉnh Tuyên Quang"),
        row("Kênh", responsible="UBND tỉnh Đồng Tháp"),
        row("Sạt lở", day="01/01/2099"),
        row("", field="giao thông, thủy lợi, hạ tầng"),
    ]
    body = submit(staff, URL, {"file": xlsx(rows)})
    assert "Chưa lưu gì" in body
    assert Petition.objects.count() == 0
    for number in (3, 4, 5, 6, 7):
        assert f'<td class="num">{number}</td>' in body
    assert "Không có loại “Không có loại này”" in body
    assert "Không xác định được một đơn vị duy nhất cho “xã Không Tồn Tại" in body
    assert "Không có tổ chức nào tên “UBND tỉnh Đồng Tháp” trong phạm vi của đồng chí." in body


def test_keeping_the_valid_rows_saves_them(staff):
    rows = [row(), row("Đường hỏng", place="xã Không Tồn Tại, tỉnh Tuyên Quang")]
    body = submit(staff, URL, {"file": xlsx(rows), "keep_valid": "on"})
    assert "1 thêm mới, 0 cập nhật, 0 không đổi." in body
    assert Petition.objects.count() == 1


def test_a_check_saves_nothing_and_says_what_the_import_would_do(staff):
    rows = [row(), row("Đường hỏng", place="xã Không Tồn Tại, tỉnh Tuyên Quang")]
    body = submit(staff, URL, {"file": xlsx(rows), "check_only": "on"})
    assert Petition.objects.count() == 0
    assert not AuditEvent.objects.filter(action="dialogues.petition.received").exists()
    assert "Đã kiểm tra tệp: chưa lưu gì" in body
    assert "1 thêm mới, 0 cập nhật, 0 không đổi" in body
    assert '<td class="num">3</td>' in body


def test_only_those_who_receive_petitions_may_import(staff):
    reader = Client()
    reader.force_login(officer("viewer", unit=tuyen_quang()))
    assert reader.get(URL).status_code == 403
    assert reader.post(URL, {"file": xlsx([row()])}).status_code == 403
    assert Petition.objects.count() == 0
    assert staff.get(URL).status_code == 200
    anonymous = Client().get(URL)
    assert anonymous.status_code == 302


def test_a_commune_officer_cannot_import_petitions_of_another_province():
    seed_categories()
    make_organization(name="UBND xã Bình An", unit=binh_an())
    client = Client()
    client.force_login(officer("unit_editor", unit=dong_thap()))
    body = submit(client, URL, {"file": xlsx([row()])})
    assert Petition.objects.count() == 0
    assert '<td class="num">2</td>' in body
