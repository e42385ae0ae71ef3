"""Issue 11, finding 4, for organisations and people: two rows of one file that are the same
record are an error naming both rows; a row matched by its identity never changes the kind."""

# The fixture staff_client comes from the Excel tests: a test taking it is not a redefinition.
# ruff: noqa: F811

import pytest

from danvan.organizations.models import Organization, Person
from tests.factories.organizations import make_organization, tuyen_quang
from tests.organizations.test_excel import (
    GOOD_ROWS,
    ORG_HEADERS,
    post_import,
    staff_client,  # noqa: F401
    xlsx,
)

pytestmark = pytest.mark.django_db

ORGS = "/to-chuc/excel/nhap/"
PEOPLE = "/can-bo/excel/nhap/"
PEOPLE_HEADERS = ["Mã", "Họ và tên", "Năm sinh", "Địa bàn", "Ghi chú"]
LAN = ["", "Ma Thị Lan", 1985, "xã Bình An, tỉnh Tuyên Quang", ""]


def error_row(row: int, message: str) -> str:
    return f'<td class="num">{row}</td><td>—</td><td>{message}</td>'


def test_an_organisation_twice_in_one_file_is_an_error_naming_both_rows(staff_client):
    changed = [*GOOD_ROWS[0][:-1], "02/02/2012"]
    body = post_import(staff_client, ORGS, xlsx("Tổ chức", ORG_HEADERS, [GOOD_ROWS[0], changed]))
    assert (
        error_row(
            3,
            "Trùng với dòng 2: “Ban Dân vận Huyện ủy Lâm Bình” (huyện Lâm Bình, tỉnh Tuyên Quang).",
        )
        in body
    )
    assert not Organization.objects.filter(name="Ban Dân vận Huyện ủy Lâm Bình").exists()
    kept = post_import(
        staff_client, ORGS, xlsx("Tổ chức", ORG_HEADERS, [GOOD_ROWS[0], changed]), keep_valid=True
    )
    assert "1 thêm mới, 0 cập nhật, 0 không đổi." in kept
    assert Organization.objects.get(name="Ban Dân vận Huyện ủy Lâm Bình").valid_from.year == 2011


def test_one_code_twice_in_one_file_is_an_error(staff_client):
    org = Organization.objects.get(name="Tỉnh ủy Tuyên Quang")
    row = [org.pk, org.name, "", "Cấp ủy (tỉnh ủy, huyện ủy, đảng ủy)", "", "tỉnh Tuyên Quang", ""]
    body = post_import(staff_client, ORGS, xlsx("Tổ chức", ORG_HEADERS, [row, row]))
    assert error_row(3, "Trùng với dòng 2: “Tỉnh ủy Tuyên Quang” (tỉnh Tuyên Quang).") in body


def test_same_name_and_place_under_two_parents_are_two_organisations(staff_client):
    party = make_organization(name="Đảng ủy xã Bình An", kind="party_committee", unit=tuyen_quang())
    rows = [
        ["", "Chi bộ thôn 1", "", "Chi bộ", "Tỉnh ủy Tuyên Quang", "tỉnh Tuyên Quang", ""],
        ["", "Chi bộ thôn 1", "", "Chi bộ", party.name, "tỉnh Tuyên Quang", ""],
    ]
    body = post_import(staff_client, ORGS, xlsx("Tổ chức", ORG_HEADERS, rows))
    assert "2 thêm mới, 0 cập nhật, 0 không đổi." in body
    parents = Organization.objects.filter(name="Chi bộ thôn 1").values_list("parent__name")
    assert sorted(parents) == [("Tỉnh ủy Tuyên Quang",), ("Đảng ủy xã Bình An",)]


def test_a_row_matched_by_name_does_not_change_the_kind(staff_client):
    org = Organization.objects.get(name="Tỉnh ủy Tuyên Quang")
    row = ["", org.name, "", "Chi bộ", "", "tỉnh Tuyên Quang", ""]
    body = post_import(staff_client, ORGS, xlsx("Tổ chức", ORG_HEADERS, [row]))
    assert (
        f"“Tỉnh ủy Tuyên Quang” đã có ở đây với loại “{org.get_kind_display()}”: muốn đổi loại, "
        f"hãy điền mã của tổ chức ({org.pk})." in body
    )
    org.refresh_from_db()
    assert org.kind == "party_committee"
    with_code = post_import(staff_client, ORGS, xlsx("Tổ chức", ORG_HEADERS, [[org.pk, *row[1:]]]))
    assert "0 thêm mới, 1 cập nhật, 0 không đổi." in with_code
    org.refresh_from_db()
    assert org.kind == "party_cell"


def test_a_person_twice_in_one_file_is_an_error_naming_both_rows(staff_client):
    rows = [LAN, [*LAN[:-1], "Ghi chú khác"]]
    body = post_import(staff_client, PEOPLE, xlsx("Cán bộ, hội viên", PEOPLE_HEADERS, rows))
    assert (
        error_row(3, "Trùng với dòng 2: “Ma Thị Lan” (1985, xã Bình An, tỉnh Tuyên Quang).") in body
    )
    assert not Person.objects.exists()


def test_one_row_per_position_of_a_person_is_not_a_duplicate(staff_client):
    make_organization(name="Hội LHPN xã Bình An", kind="mass_org", unit=tuyen_quang())
    headers = ["Họ và tên", "Năm sinh", "Địa bàn", "Chức vụ", "Tổ chức"]
    place = "xã Bình An, tỉnh Tuyên Quang"
    rows = [
        ["Ma Thị Lan", 1985, place, "Bí thư Đảng ủy", "Tỉnh ủy Tuyên Quang"],
        ["Ma Thị Lan", 1985, place, "Chủ tịch Hội", "Hội LHPN xã Bình An"],
        ["Ma Thị Lan", 1985, place, "Chủ tịch Hội", "Hội LHPN xã Bình An"],
    ]
    body = post_import(
        staff_client, PEOPLE, xlsx("Cán bộ, hội viên", headers, rows), keep_valid=True
    )
    assert "1 thêm mới, 1 cập nhật, 0 không đổi." in body
    assert (
        error_row(
            4,
            "Trùng với dòng 3: “Ma Thị Lan” (1985, xã Bình An, tỉnh Tuyên Quang), Chủ tịch Hội.",
        )
        in body
    )
    person = Person.objects.get()
    assert sorted(p.title for p in person.positions.all()) == ["Bí thư Đảng ủy", "Chủ tịch Hội"]
