"""The Excel round trip of activities: the export reads back as the same activities (nothing
changes the second time), a row changed in Excel changes its activity, errors name the row and
the column, all or nothing unless the valid rows are kept; on the command line too."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from danvan.activities import excel
from danvan.activities.models import Activity
from danvan.core.spreadsheets import read_rows, run_import
from tests.activities import factories as f
from tests.permissions import user_with_role

pytestmark = pytest.mark.django_db

HEADERS = {column.key: str(column.header) for column in excel.COLUMNS}


@pytest.fixture(autouse=True)
def _catalogues():
    f.seed()


def xlsx(rows: list[dict]) -> bytes:
    """A sheet "Hoạt động" with the given rows (keys of ``excel.COLUMNS``)."""
    book = Workbook()
    sheet = book.active
    sheet.title = str(excel.SHEET)
    keys = list(HEADERS)
    sheet.append([HEADERS[key] for key in keys])
    for values in rows:
        sheet.append([values.get(key) for key in keys])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(content: bytes, *, user=None, keep_valid=False):
    rows, errors = read_rows(content, sheet_title=str(excel.SHEET), columns=excel.COLUMNS)
    return run_import(
        rows=rows,
        handle_row=excel.row_handler(user),
        keep_valid=keep_valid,
        errors=errors,
        columns=excel.COLUMNS,
    )


def exported(user=None) -> bytes:
    from danvan.core.spreadsheets import export_rows

    activities = Activity.objects.order_by("-start_date", "-id")
    return export_rows(
        sheet_title=str(excel.SHEET),
        columns=excel.COLUMNS,
        rows=excel.export_rows(activities),
        title_lines=["Hoạt động với Nhân dân"],
    )


def sheet_rows(content: bytes) -> list[dict]:
    rows, errors = read_rows(content, sheet_title=str(excel.SHEET), columns=excel.COLUMNS)
    assert errors == []
    return [values for _number, values in rows]


NEW = {
    "start_date": "20/05/2022",
    "title": "Thăm hỏi, tặng quà gia đình chính sách thôn Tống Pu",
    "kind": "thăm hỏi và tặng quà",
    "place": "xã Bình An, huyện Lâm Bình, tỉnh Tuyên Quang",
    "places": "thôn Tống Pu, xã Bình An, huyện Lâm Bình, tỉnh Tuyên Quang",
    "organisers": "Sở Nội vụ tỉnh Tuyên Quang",
    "count_party-members": 12,
    "reached": 40,
    "work_gifts": 20,
    "work_money": "4.000.000",
}


def test_the_export_of_seed_000_imports_again_unchanged_then_a_changed_cell_updates():
    activity = f.seed_000()
    content = exported()
    [row] = sheet_rows(content)
    assert row["code"] == activity.code
    assert row["place"] == "xã Bình An, huyện Lâm Bình, tỉnh Tuyên Quang"
    assert row["organisers"] == (
        "Sở Nội vụ tỉnh Tuyên Quang; Đảng ủy Cơ quan Chính quyền huyện Lâm Bình"
    )
    assert (row["count_party-members"], row["count_civil-servants"]) == (55, 40)
    assert row["work_field-road"] == Decimal(1200)
    result = run(content)
    assert (result.created, result.updated, result.unchanged, result.errors) == (0, 0, 1, [])
    # The split of the head-counts between the two organisations is kept.
    assert sorted(activity.headcounts.values_list("count", flat=True)) == [15, 25, 30, 40]
    row["reached"] = 150
    row["work_trees"] = 300
    result = run(xlsx([row]))
    assert (result.created, result.updated, result.errors) == (0, 1, [])
    activity.refresh_from_db()
    assert activity.reached == 150
    assert activity.works.get(kind__code="trees").quantity == Decimal(300)
    assert activity.documents.count() == 3
    assert activity.places.count() == 2


def test_a_new_row_is_recorded_and_a_second_import_adds_nothing():
    f.seed_000_organisations()
    f.hamlet("Tống Pu")
    content = xlsx([NEW])
    result = run(content)
    assert (result.created, result.errors) == (1, [])
    activity = Activity.objects.get()
    assert activity.kind.code == "visits"
    assert activity.place == f.binh_an_old()
    assert list(activity.places.values_list("unit__name", flat=True)) == ["Tống Pu"]
    assert activity.works.get(kind__code="money").quantity == Decimal(4_000_000)
    assert activity.headcounts.get().count == 12
    again = run(content)
    assert (again.created, again.unchanged) == (0, 1)
    assert Activity.objects.count() == 1


def test_errors_name_the_row_and_the_column_and_nothing_is_written():
    f.seed_000_organisations()
    f.hamlet("Tống Pu")
    bad_kind = {**NEW, "title": "Một", "kind": "đá bóng"}
    bad_place = {**NEW, "title": "Hai", "place": "xã Không Có, tỉnh Tuyên Quang"}
    unknown_org = {**NEW, "title": "Ba", "organisers": "Hội Không Tên"}
    result = run(xlsx([NEW, bad_kind, bad_place, unknown_org]))
    found = [(e.row, e.column) for e in result.errors]
    assert found == [
        (3, "Loại hoạt động"),
        (4, "Địa bàn"),
        (5, "Đơn vị tổ chức"),
    ]
    assert "Không có loại hoạt động nào tên “đá bóng”." in result.errors[0].message
    assert Activity.objects.count() == 0
    kept = run(xlsx([NEW, bad_kind]), keep_valid=True)
    assert (kept.created, len(kept.errors)) == (1, 1)
    assert Activity.objects.count() == 1


def test_two_rows_of_one_activity_are_an_error_naming_both():
    f.seed_000_organisations()
    f.hamlet("Tống Pu")
    result = run(xlsx([NEW, {**NEW, "reached": 99}]))
    assert [(e.row, e.message) for e in result.errors] == [
        (3, "Trùng với dòng 2: 20/05/2022 — Thăm hỏi, tặng quà gia đình chính sách thôn Tống Pu.")
    ]


def test_an_officer_imports_only_within_their_scope():
    f.seed_000_organisations()
    f.hamlet("Tống Pu")
    outside = f.make_organization(name="Ban Dân vận Tỉnh ủy Đồng Tháp", unit=f.dong_thap())
    editor = user_with_role("unit_editor", unit=f.tuyen_quang())
    far = {
        **NEW,
        "title": "Ở Đồng Tháp",
        "start_date": "20/08/2025",
        "place": f.thap_muoi().inline_name + ", tỉnh Đồng Tháp",
        "organisers": outside.name,
        "places": None,
    }
    result = run(xlsx([NEW, far]), user=editor)
    assert [(e.row, e.column) for e in result.errors] == [(3, "Đơn vị tổ chức")]
    assert Activity.objects.count() == 0


def test_the_template_and_the_export_download_from_the_list(client):
    f.seed_000()
    client.force_login(user_with_role("staff", unit=f.tuyen_quang()))
    template = load_workbook(io.BytesIO(client.get("/hoat-dong/excel/mau/").content))
    headers = [cell.value for cell in template[str(excel.SHEET)][1]]
    assert headers[:6] == [
        "Mã",
        "Ngày",
        "Đến ngày",
        "Tên hoạt động",
        "Loại hoạt động",
        "Đợt, phong trào",
    ]
    assert "Đường nội đồng bê tông (m)" in headers
    page = client.get("/hoat-dong/excel/nhap/").content.decode()
    assert "Nhập hoạt động từ Excel" in page


def command(*args) -> tuple[dict | str, int]:
    out = io.StringIO()
    status = 0
    try:
        call_command("activities", *args, stdout=out)
    except CommandError as error:
        status = error.returncode
    text = out.getvalue()
    return (json.loads(text) if "--json" in args else text), status


def test_the_command_line_exports_and_imports_with_the_json_answer(tmp_path):
    f.seed_000()
    path = tmp_path / "hoat-dong.xlsx"
    said, status = command("export", str(path), "--scope", "huyện Lâm Bình, tỉnh Tuyên Quang")
    assert (said.strip(), status) == (f"1 activities written to {path}.", 0)
    report, status = command("import", str(path), "--json")
    assert (report, status) == ({"created": 0, "updated": 0, "unchanged": 1, "errors": []}, 0)
    bad = tmp_path / "loi.xlsx"
    bad.write_bytes(xlsx([{**NEW, "kind": "đá bóng"}]))
    report, status = command("import", str(bad), "--json")
    assert status == 1
    assert report["errors"] == [
        {
            "row": 2,
            "column": "Loại hoạt động",
            "message": "Không có loại hoạt động nào tên “đá bóng”.",
        }
    ]
    report, status = command("import", str(tmp_path / "missing.xlsx"), "--json")
    assert (report["errors"][0]["row"], status) == (0, 1)
