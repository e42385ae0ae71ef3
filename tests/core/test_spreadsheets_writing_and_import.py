import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from openpyxl import load_workbook

from danvan.core.models import AuditEvent
from danvan.core.services import record_event
from danvan.core.spreadsheets import (
    Column,
    ImportResult,
    RowError,
    build_template,
    export_rows,
    read_rows,
    run_import,
)
from tests.core.spreadsheet_helpers import COLUMNS, REQUIRED


def open_workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


# Templates and exports


def test_template_reads_back_as_no_rows_and_no_errors():
    template = build_template(sheet_title="Tổ chức", columns=COLUMNS)
    assert read_rows(template, sheet_title="Tổ chức", columns=COLUMNS) == ([], [])


def test_template_has_styled_headers_with_explanations_and_an_instructions_sheet():
    workbook = open_workbook(build_template(sheet_title="Tổ chức", columns=COLUMNS))
    assert workbook.sheetnames == ["Tổ chức", gettext("Instructions")]
    sheet = workbook["Tổ chức"]
    assert [cell.value for cell in sheet[1]] == [column.header for column in COLUMNS]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.max_row == 1  # no example row among the data
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E1"
    assert sheet.column_dimensions["A"].width == 40
    assert sheet["A1"].comment.text.startswith("Tên đầy đủ, như trong quyết định thành lập.")
    assert gettext("Required") in sheet["A1"].comment.text
    assert sheet["E1"].comment is None

    guide = workbook[gettext("Instructions")]
    assert "“Tổ chức”" in guide["A1"].value
    assert [cell.value for cell in guide[2]] == [
        gettext("Column"),
        gettext("Required"),
        gettext("Explanation"),
        gettext("Example"),
    ]
    assert [cell.value for cell in guide[3]] == [
        "Tên tổ chức",
        gettext("Yes"),
        "Tên đầy đủ, như trong quyết định thành lập.",
        "Hội Nông dân xã Bình An",
    ]
    assert guide["D3"].font.i
    assert guide["D4"].value == datetime(2020, 3, 26)
    assert guide["D4"].number_format == "DD/MM/YYYY"
    assert guide["D5"].value == 1599


def test_template_without_example_has_no_example_column():
    workbook = open_workbook(
        build_template(sheet_title="Tổ chức", columns=COLUMNS, with_example=False)
    )
    guide = workbook[gettext("Instructions")]
    assert guide.max_column == 3


def test_export_reads_back_equal_values():
    rows = [
        {
            "name": "Hội Liên hiệp Phụ nữ phường Đống Đa",
            "founded": date(1995, 10, 20),
            "members": 12_345,
            "active": True,
            "note": "=SUM(A1:A9)",  # typed by someone: stays text, never a formula
        },
        {"name": "Đoàn Thanh niên xã Ea Kao", "founded": None, "members": 0, "active": False},
    ]
    data = export_rows(
        sheet_title="Tổ chức",
        columns=COLUMNS,
        rows=rows,
        title_lines=["Danh sách tổ chức — tỉnh Đắk Lắk", "Ngày xuất: 01/07/2025"],
    )
    read, errors = read_rows(data, sheet_title="Tổ chức", columns=COLUMNS)
    assert errors == []
    assert read == [
        (4, rows[0]),
        (5, {**rows[1], "note": None}),
    ]

    sheet = open_workbook(data)["Tổ chức"]
    assert sheet["A1"].value == "Danh sách tổ chức — tỉnh Đắk Lắk"
    assert sheet["A3"].value == "Tên tổ chức"
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == "A3:E5"
    assert sheet["B4"].value == datetime(1995, 10, 20)  # a real date…
    assert sheet["B4"].number_format == "DD/MM/YYYY"  # …shown dd/mm/yyyy
    assert sheet["C4"].value == 12_345
    assert sheet["D4"].value == gettext("Yes")
    assert sheet["E4"].data_type == "s"
    assert sheet["E4"].value == "=SUM(A1:A9)"


def test_export_writes_numbers_as_numbers_and_aware_times_in_local_time():
    columns = [
        Column(header="Kinh phí", key="money"),
        Column(header="Tỷ lệ", key="ratio"),
        Column(header="Thời điểm", key="at"),
        Column(header="Văn bản", key="text"),
    ]
    row = {
        "money": Decimal("97000000.50"),
        "ratio": 0.125,
        "at": datetime(2025, 7, 1, 1, 30, tzinfo=UTC),
        "text": "bell\x07 removed",
    }
    sheet = open_workbook(export_rows(sheet_title="Số liệu", columns=columns, rows=[row]))[
        "Số liệu"
    ]
    assert sheet["A2"].value == 97000000.5
    assert sheet["B2"].value == 0.125
    assert sheet["C2"].value == datetime(2025, 7, 1, 8, 30)  # Asia/Ho_Chi_Minh
    assert sheet["C2"].number_format == "DD/MM/YYYY HH:MM"
    assert sheet["D2"].value == "bell removed"


def test_sheet_titles_are_made_acceptable_to_excel():
    data = export_rows(sheet_title="Tổ chức/Đoàn thể: danh sách đầy đủ", columns=COLUMNS, rows=[])
    assert open_workbook(data).sheetnames == ["Tổ chức-Đoàn thể- danh sách đầy"]
    found = read_rows(data, sheet_title="Tổ chức/Đoàn thể: danh sách đầy đủ", columns=COLUMNS)
    assert found == ([], [])


# Importing


def collecting(handled: list, bad: dict):
    """A handle_row that records the names it saw and refuses those in ``bad``."""

    def handle_row(values):
        handled.append(values["name"])
        if values["name"] in bad:
            raise bad[values["name"]]
        return "updated" if values.get("members") else "created"

    return handle_row


ROWS = [
    (2, {"name": "A", "members": None}),
    (3, {"name": "B", "members": 5}),
    (4, {"name": "C", "members": None}),
]


@pytest.mark.django_db
def test_run_import_without_errors_commits_and_counts():
    handled = []
    result = run_import(rows=ROWS, handle_row=collecting(handled, {}), keep_valid=False)
    assert handled == ["A", "B", "C"]
    assert result == ImportResult(created=2, updated=1, committed=True)
    assert result.total == 3


@pytest.mark.django_db
def test_run_import_reports_every_error_and_then_commits_nothing():
    handled = []
    bad = {
        "B": ValidationError({"members": "Quá nhiều.", "__all__": "Trùng."}),
        "C": ValidationError("Sai."),
    }
    result = run_import(
        rows=ROWS,
        handle_row=collecting(handled, bad),
        keep_valid=False,
        errors=[RowError(7, "Tên tổ chức", REQUIRED), RowError(1, "", "Tiêu đề")],
        columns=COLUMNS,
    )
    assert handled == ["A", "B", "C"]  # every row was tried, to report every error
    assert result == ImportResult(
        errors=[
            RowError(1, "", "Tiêu đề"),
            RowError(3, "Số hội viên", "Quá nhiều."),
            RowError(3, "", "Trùng."),
            RowError(4, "", "Sai."),
            RowError(7, "Tên tổ chức", REQUIRED),
        ],
        committed=False,
    )
    assert result.total == 0


@pytest.mark.django_db
def test_run_import_keeping_valid_rows_commits_them_and_reports_the_others():
    bad = {"B": ValidationError({"unknown_key": "Không rõ."})}
    result = run_import(rows=ROWS, handle_row=collecting([], bad), keep_valid=True, columns=COLUMNS)
    assert result == ImportResult(created=2, errors=[RowError(3, "", "Không rõ.")], committed=True)


@pytest.mark.django_db
def test_run_import_refuses_an_unknown_outcome():
    with pytest.raises(ValueError, match="done"):
        run_import(rows=ROWS, handle_row=lambda values: "done", keep_valid=True)


def auditing(values):
    record_event(action="tests.import.row", message=values["name"])
    if values["name"] == "B":
        record_event(action="tests.import.row", message="B, half written")
        raise ValidationError({"name": "Tên đã có."})
    return "created"


@pytest.mark.django_db
def test_an_import_with_an_error_leaves_the_database_untouched():
    result = run_import(rows=ROWS, handle_row=auditing, keep_valid=False, columns=COLUMNS)
    assert result.errors == [RowError(3, "Tên tổ chức", "Tên đã có.")]
    assert result.committed is False
    assert not AuditEvent.objects.filter(action="tests.import.row").exists()


@pytest.mark.django_db
def test_an_import_keeping_valid_rows_writes_them_and_nothing_of_the_bad_row():
    result = run_import(rows=ROWS, handle_row=auditing, keep_valid=True, columns=COLUMNS)
    assert (result.created, result.committed) == (2, True)
    written = AuditEvent.objects.filter(action="tests.import.row")
    assert sorted(written.values_list("message", flat=True)) == ["A", "C"]


@pytest.mark.django_db
def test_errors_found_while_reading_also_stop_the_import():
    result = run_import(
        rows=[ROWS[0]], handle_row=auditing, keep_valid=False, errors=[RowError(9, "", "x")]
    )
    assert result == ImportResult(errors=[RowError(9, "", "x")], committed=False)
    assert not AuditEvent.objects.filter(action="tests.import.row").exists()
