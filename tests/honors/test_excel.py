"""The Excel round trip of the register: a list of honoured people from the past comes in (an
unknown person is added in the row's place), a second import adds nothing, an export comes
back unchanged, and what is out of scope or twice in a file is refused by row."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook

from danvan.honors.models import Honour
from danvan.organizations.models import Person
from tests.core.import_helpers import submit
from tests.honors.factories import medal, officers, person_with_service

pytestmark = pytest.mark.django_db

HEADERS = [
    "Hình thức khen thưởng",
    "Đối tượng là",
    "Đối tượng khen thưởng",
    "Năm sinh",
    "Địa bàn",
    "Ngày quyết định",
    "Số quyết định",
    "Người ký",
]
MEDAL = "Kỷ niệm chương “Vì sự nghiệp Dân vận”"


def xlsx(rows, headers=HEADERS):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Khen thưởng"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("khen-thuong.xlsx", buffer.getvalue())


@pytest.fixture
def client_of_the_province():
    medal()
    client = Client()
    client.force_login(officers()["province"])
    return client


def test_a_list_from_the_past_comes_in_once(client_of_the_province):
    known = person_with_service((date(1990, 1, 1), None), full_name="Lương Văn Có", birth_year=1960)
    rows = [
        [MEDAL, "cá nhân", "Lương Văn Có", 1960, "", "15/10/2015", "99-QĐ/BDVTW", "Trưởng ban"],
        [
            MEDAL,
            "cá nhân",
            "Ma Thị Mới",
            1965,
            "xã Bình An, tỉnh Tuyên Quang",
            "15/10/2016",
            "12-QĐ/BDVTW",
            "",
        ],
    ]
    body = submit(client_of_the_province, "/khen-thuong/excel/nhap/", {"file": xlsx(rows)})
    assert "2 thêm mới, 0 cập nhật, 0 không đổi." in body
    assert Honour.objects.get(person=known).decision_number == "99-QĐ/BDVTW"
    added = Person.objects.get(full_name="Ma Thị Mới")
    assert (added.birth_year, added.unit.name) == (1965, "Bình An")
    assert Honour.objects.get(person=added).source == "imported"
    again = submit(client_of_the_province, "/khen-thuong/excel/nhap/", {"file": xlsx(rows)})
    assert "0 thêm mới, 0 cập nhật, 2 không đổi." in again
    assert Honour.objects.count() == 2


def test_an_export_comes_back_unchanged_and_a_corrected_signer_is_an_update(
    client_of_the_province,
):
    person = person_with_service((date(1990, 1, 1), None), full_name="Lương Văn Có")
    rows = [[MEDAL, "cá nhân", "Lương Văn Có", "", "", "15/10/2015", "99-QĐ/BDVTW", "A"]]
    submit(client_of_the_province, "/khen-thuong/excel/nhap/", {"file": xlsx(rows)})
    export = client_of_the_province.get("/khen-thuong/excel/xuat/")
    sheet = load_workbook(io.BytesIO(export.content)).active
    table = [list(row) for row in sheet.iter_rows(values_only=True)]
    header_at = next(i for i, row in enumerate(table) if row[0] == "Mã")
    headers, data = table[header_at], table[header_at + 1 :]
    assert data[0][headers.index("Đối tượng khen thưởng")] == "Lương Văn Có"
    body = submit(client_of_the_province, "/khen-thuong/excel/nhap/", {"file": xlsx(data, headers)})
    assert "0 thêm mới, 0 cập nhật, 1 không đổi." in body
    data[0][headers.index("Người ký")] = "Trưởng Ban Dân vận Trung ương"
    body = submit(client_of_the_province, "/khen-thuong/excel/nhap/", {"file": xlsx(data, headers)})
    assert "0 thêm mới, 1 cập nhật, 0 không đổi." in body
    assert Honour.objects.get(person=person).signer == "Trưởng Ban Dân vận Trung ương"


def test_refusals_name_their_rows(client_of_the_province):
    person_with_service((date(1990, 1, 1), None), full_name="Lương Văn Có")
    rows = [
        [MEDAL, "cá nhân", "Lương Văn Có", "", "", "15/10/2015", "1-QĐ", ""],
        [MEDAL, "cá nhân", "Lương Văn Có", "", "", "15/10/2015", "1-QĐ", ""],
        [MEDAL, "cá nhân", "Lương Văn Có", "", "", "20/10/2019", "2-QĐ", ""],
        [MEDAL, "cá nhân", "Người Không Có", "", "", "20/10/2019", "3-QĐ", ""],
        ["Huân chương không có", "cá nhân", "Lương Văn Có", "", "", "20/10/2019", "", ""],
        [MEDAL, "cá nhân", "Người Ở Xa", "", "xã Mỹ An, tỉnh Đồng Tháp", "20/10/2019", "4-QĐ", ""],
    ]
    body = submit(
        client_of_the_province,
        "/khen-thuong/excel/nhap/",
        {"file": xlsx(rows), "keep_valid": "on"},
    )
    assert "Trùng với dòng 2" in body
    assert "chỉ tặng một lần" in body
    assert "“Người Không Có” chưa có trên danvan: hãy ghi địa bàn để thêm mới." in body
    assert "Không có hình thức khen thưởng nào tên “Huân chương không có”." in body
    assert Honour.objects.count() == 1
    assert not Person.objects.filter(full_name="Người Ở Xa").exists()
