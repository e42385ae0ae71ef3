"""The Excel round trip of a campaign's plan: exported from the campaign's page, imported
again unchanged, a changed figure changes the unit's line, errors name the row and column."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook

from danvan.activities import plan_excel, services
from danvan.core.spreadsheets import read_rows, run_import
from tests.activities import factories as f
from tests.permissions import check_matrix, user_with_role

pytestmark = pytest.mark.django_db
HEADERS = {column.key: str(column.header) for column in plan_excel.COLUMNS}
READERS = dict.fromkeys(("admin", "staff", "unit_editor", "reviewer", "viewer"), (200, 404))


@pytest.fixture
def month():
    f.seed()
    tq = f.legacy("L.08.")
    campaign = f.make_campaign(
        name="Tháng Dân vận 2022", organiser=f.make_organization(unit=tq), scope_unit=tq
    )
    services.set_plan_line(
        campaign=campaign,
        unit=f.lam_binh(),
        planned_activities=4,
        due_date=date(2022, 5, 20),
        works={f.work("concrete-road"): Decimal(1500)},
        acting_user=None,
    )
    return campaign


def xlsx(rows):
    book = Workbook()
    sheet = book.active
    sheet.title = str(plan_excel.SHEET)
    sheet.append(list(HEADERS.values()))
    for values in rows:
        sheet.append([values.get(key) for key in HEADERS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(content, user=None, keep_valid=False):
    rows, errors = read_rows(content, sheet_title=str(plan_excel.SHEET), columns=plan_excel.COLUMNS)
    return run_import(
        rows=rows,
        handle_row=plan_excel.row_handler(user),
        keep_valid=keep_valid,
        errors=errors,
        columns=plan_excel.COLUMNS,
    )


def test_the_exported_plan_imports_again_unchanged_and_a_change_updates_it(month, client):
    client.force_login(user_with_role("staff", unit=f.tuyen_quang()))
    content = client.get(f"/dot-phong-trao/{month.pk}/ke-hoach/excel/xuat/").content
    result = run(content)
    assert (result.created, result.updated, result.unchanged, result.errors) == (0, 0, 1, [])
    rows, _errors = read_rows(
        content, sheet_title=str(plan_excel.SHEET), columns=plan_excel.COLUMNS
    )
    [(_number, row)] = rows
    assert row["unit"] == "huyện Lâm Bình, tỉnh Tuyên Quang"
    assert row["work_concrete-road"] == Decimal(1500)
    row["planned_activities"] = 6
    new = {"campaign": "Tháng Dân vận 2022", "unit": "thành phố Tuyên Quang, tỉnh Tuyên Quang",
           "planned_activities": 3}  # fmt: skip
    result = run(xlsx([row, new]))
    assert (result.created, result.updated, result.errors) == (1, 1, [])
    assert sorted(month.plan_lines.values_list("planned_activities", flat=True)) == [3, 6]


def test_errors_name_the_row_and_column_and_write_nothing(month):
    rows = [
        {"campaign": "Tháng Dân vận 2022", "unit": "huyện Lâm Bình, tỉnh Tuyên Quang",
         "planned_activities": 9},
        {"campaign": "Đợt không có", "unit": "huyện Lâm Bình, tỉnh Tuyên Quang"},
        {"campaign": "Tháng Dân vận 2022", "unit": "huyện Tháp Mười, tỉnh Đồng Tháp"},
        {"campaign": "Tháng Dân vận 2022", "unit": "huyện Lâm Bình, tỉnh Tuyên Quang"},
    ]  # fmt: skip
    result = run(xlsx(rows))
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "Đợt, phong trào"),
        (4, "Đơn vị tham gia"),
        (5, ""),
    ]
    assert "Trùng với dòng 2" in result.errors[2].message
    assert month.plan_lines.get().planned_activities == 4


def test_an_editor_may_not_change_a_plan(month):
    editor = user_with_role("unit_editor", unit=f.tuyen_quang())
    row = {"campaign": "Tháng Dân vận 2022", "unit": "huyện Lâm Bình, tỉnh Tuyên Quang",
           "planned_activities": 9}  # fmt: skip
    result = run(xlsx([row]), user=editor)
    assert [e.row for e in result.errors] == [2]
    assert month.plan_lines.get().planned_activities == 4


def test_the_plan_export_is_in_the_matrix(month):
    outside = f.make_campaign(organiser=f.make_organization(unit=f.dong_thap()))
    check_matrix(
        url_for=lambda c: f"/dot-phong-trao/{c.pk}/ke-hoach/excel/xuat/",
        inside=month,
        outside=outside,
        scope_unit=f.tuyen_quang(),
        expect=READERS,
    )
