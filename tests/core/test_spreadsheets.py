import io
import re
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext
from openpyxl import Workbook, load_workbook

from danvan.core import spreadsheets
from danvan.core.models import AuditEvent
from danvan.core.services import record_event
from danvan.core.spreadsheets import (
    Column,
    ImportResult,
    RowError,
    SpreadsheetError,
    build_template,
    export_rows,
    parse_bool,
    parse_choice,
    parse_date,
    parse_int,
    parse_text,
    read_rows,
    run_import,
)

COLUMNS = [
    Column(
        header="Tên tổ chức",
        key="name",
        required=True,
        help="Tên đầy đủ, như trong quyết định thành lập.",
        example="Hội Nông dân xã Bình An",
        width=40,
    ),
    Column(header="Ngày thành lập", key="founded", parse=parse_date, example=date(2020, 3, 26)),
    Column(header="Số hội viên", key="members", parse=parse_int, example=1599),
    Column(header="Còn hoạt động", key="active", parse=parse_bool, example=True),
    Column(header="Ghi chú", key="note"),
]
REQUIRED = gettext("A value is required in this column.")


def workbook_bytes(*rows, title="Tổ chức", extra_sheets=()) -> bytes:
    """A workbook typed by hand: ``rows`` as lists of cell values."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    for name in extra_sheets:
        workbook.create_sheet(name)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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


# Reading


def test_headers_match_whatever_the_case_diacritics_spacing_and_order():
    data = workbook_bytes(
        ["Báo cáo của xã Bình An"],
        [],
        ["SO HOI VIEN", "Cột không biết", "  tên   TỔ CHỨC (*)", "ngay thanh lap *"],
        [1200, "bỏ qua", "Hội Cựu chiến binh", "02/09/1975"],
    )
    rows, errors = read_rows(data, sheet_title="TO CHUC", columns=COLUMNS)
    assert errors == []
    assert rows == [
        (
            4,
            {
                "name": "Hội Cựu chiến binh",
                "founded": date(1975, 9, 2),
                "members": 1200,
                "active": None,
                "note": None,
            },
        )
    ]


def test_a_missing_required_column_is_named():
    data = workbook_bytes(["Số hội viên", "Ghi chú"], [12, "x"])
    with pytest.raises(SpreadsheetError) as caught:
        read_rows(data, sheet_title="Tổ chức", columns=COLUMNS)
    assert "Tên tổ chức" in str(caught.value)
    assert "Số hội viên" not in str(caught.value)


def test_a_sheet_without_any_known_header_is_refused_listing_the_expected_columns():
    data = workbook_bytes(["Họ và tên", "Địa chỉ"], ["Nguyễn Văn A", "Bình An"])
    with pytest.raises(SpreadsheetError) as caught:
        read_rows(data, sheet_title="Tổ chức", columns=COLUMNS)
    assert "Tên tổ chức, Ngày thành lập" in str(caught.value)


def test_the_sheet_is_found_by_folded_title_or_is_the_only_one():
    workbook = Workbook()
    workbook.active.title = "Ghi chú"
    workbook.active.append(["Tên tổ chức"])
    workbook.active.append(["Không phải sheet này"])
    wanted = workbook.create_sheet("TỔ CHỨC  ")
    wanted.append(["Tên tổ chức"])
    wanted.append(["Hội Nông dân"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows, _errors = read_rows(buffer.getvalue(), sheet_title="Tổ chức", columns=COLUMNS)
    assert [values["name"] for _number, values in rows] == ["Hội Nông dân"]

    only = workbook_bytes(["Tên tổ chức"], ["Hội Cựu chiến binh"], title="Sheet1")
    rows, _errors = read_rows(only, sheet_title="Tổ chức", columns=COLUMNS)
    assert [values["name"] for _number, values in rows] == ["Hội Cựu chiến binh"]


def test_a_missing_sheet_is_refused_naming_the_sheets_there_are():
    data = workbook_bytes(["Tên tổ chức"], title="Sheet1", extra_sheets=["Sheet2"])
    with pytest.raises(SpreadsheetError) as caught:
        read_rows(data, sheet_title="Tổ chức", columns=COLUMNS)
    assert "“Tổ chức”" in str(caught.value)
    assert "Sheet1, Sheet2" in str(caught.value)


def test_row_errors_carry_the_excel_row_and_header_and_empty_rows_are_skipped():
    data = workbook_bytes(
        ["Tên tổ chức", "Ngày thành lập", "Số hội viên", "Còn hoạt động"],
        ["Hội Nông dân", "31/02/2024", 10, "có"],  # row 2: no 31 February
        [None, None, None, None],  # row 3: empty
        ["   ", "", None, "  "],  # row 4: blank cells are empty too
        [None, "01/01/2024", "mười", "x"],  # row 5: no name, members not a number
        ["Đoàn Thanh niên", datetime(2024, 3, 26), "1.250", "Không"],  # row 6: fine
        [],
        ["  Hội Phụ nữ  ", None, 7.0, None],  # row 8: fine, name stripped
    )
    rows, errors = read_rows(data, sheet_title="Tổ chức", columns=COLUMNS)
    assert [number for number, _values in rows] == [6, 8]
    assert rows[0][1] == {
        "name": "Đoàn Thanh niên",
        "founded": date(2024, 3, 26),
        "members": 1250,
        "active": False,
        "note": None,
    }
    assert rows[1][1]["name"] == "Hội Phụ nữ"
    assert rows[1][1]["members"] == 7
    assert errors == [
        RowError(2, "Ngày thành lập", parse_error(parse_date, "31/02/2024")),
        RowError(5, "Tên tổ chức", REQUIRED),
        RowError(5, "Số hội viên", parse_error(parse_int, "mười")),
    ]


def test_a_parser_may_raise_a_django_validation_error():
    def parse_code(value):
        raise ValidationError("Mã không hợp lệ.")

    columns = [Column(header="Mã", key="code", parse=parse_code)]
    rows, errors = read_rows(workbook_bytes(["Mã"], ["X"]), sheet_title="Mã", columns=columns)
    assert rows == []
    assert errors == [RowError(2, "Mã", "Mã không hợp lệ.")]


def test_paths_and_uploaded_files_are_read(tmp_path):
    data = workbook_bytes(["Tên tổ chức"], ["Hội Nông dân"])
    path = tmp_path / "to-chuc.xlsx"
    path.write_bytes(data)
    upload = SimpleUploadedFile("to-chuc.xlsx", data)
    upload.read(10)  # a form may have read some already
    for source in (path, str(path), upload):
        rows, _errors = read_rows(source, sheet_title="Tổ chức", columns=COLUMNS)
        assert rows[0][1]["name"] == "Hội Nông dân"
    assert upload.read() == data  # rewound


def zip_bytes(entries: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.4\n%%EOF\n", "Excel (.xlsx)"),
        ("Tên tổ chức,Số hội viên\nHội Nông dân,12\n".encode(), "Excel (.xlsx)"),
        (zip_bytes({"word/document.xml": "<w/>"}), "Excel (.xlsx)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, ".xls"),
    ],
)
def test_content_that_is_not_a_workbook_is_refused(content, expected):
    with pytest.raises(SpreadsheetError) as caught:
        read_rows(content, sheet_title="Tổ chức", columns=COLUMNS)
    assert expected in str(caught.value)


def test_a_damaged_workbook_is_refused():
    with pytest.raises(SpreadsheetError) as caught:
        read_rows(zip_bytes({"xl/workbook.xml": "not xml"}), sheet_title="S", columns=COLUMNS)
    assert str(caught.value) == gettext("The file could not be read as an Excel workbook.")


def test_a_file_over_20_mb_is_refused_before_it_is_opened():
    with pytest.raises(SpreadsheetError) as caught:
        read_rows(b"PK\x03\x04" + b"\x00" * (20 * 1024 * 1024), sheet_title="S", columns=COLUMNS)
    assert "20 MB" in str(caught.value)


def test_too_many_rows_are_refused():
    data = workbook_bytes(["Tên tổ chức"], *[[f"Tổ chức {n}"] for n in range(6)])
    assert len(read_rows(data, sheet_title="Tổ chức", columns=COLUMNS, max_rows=6)[0]) == 6
    with pytest.raises(SpreadsheetError) as caught:
        read_rows(data, sheet_title="Tổ chức", columns=COLUMNS, max_rows=5)
    assert "5" in str(caught.value)


def test_twenty_thousand_rows_are_read():
    rows = [
        {
            "name": f"Chi hội số {n}",
            "founded": date(2000 + n % 25, 1 + n % 12, 1 + n % 28),
            "members": n,
            "active": n % 2 == 0,
            "note": "Ghi chú có dấu: ạ ộ ữ đ",
        }
        for n in range(20_000)
    ]
    data = export_rows(sheet_title="Tổ chức", columns=COLUMNS, rows=rows)
    read, errors = read_rows(data, sheet_title="Tổ chức", columns=COLUMNS)
    assert errors == []
    assert len(read) == 20_000
    assert read[-1] == (20_001, rows[-1])
    assert read[12_345] == (12_347, rows[12_345])


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


# Parsers


def parse_error(parser, value) -> str:
    """The message ``parser`` refuses ``value`` with."""
    try:
        parser(value)
    except ValueError as error:
        return str(error)
    pytest.fail(f"{value!r} was accepted")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2024, 5, 1, 13, 45), date(2024, 5, 1)),
        (date(2024, 5, 1), date(2024, 5, 1)),
        ("01/05/2024", date(2024, 5, 1)),
        ("1/5/2024", date(2024, 5, 1)),
        ("01-05-2024", date(2024, 5, 1)),
        ("1.5.2024", date(2024, 5, 1)),
        ("2024-05-01", date(2024, 5, 1)),
        (" 29/02/2024 ", date(2024, 2, 29)),
    ],
)
def test_parse_date_accepts_date_cells_and_vietnamese_text(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["29/02/2023", "05/01/24", "2024/05/01", "mai", 45413])
def test_parse_date_refuses_other_text_saying_how_to_write_it(value):
    message = parse_error(parse_date, value)
    assert f"“{value}”" in message
    assert "dd/mm/yyyy" in message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12, 12),
        (12.0, 12),
        (Decimal("1500"), 1500),
        ("1599", 1599),
        ("1.599", 1599),
        ("1 599 000", 1599000),
        ("-3", -3),
    ],
)
def test_parse_int_accepts_whole_numbers(value, expected):
    assert parse_int(value) == expected


@pytest.mark.parametrize("value", [1.5, "1,5", "12.34", "mười", True, "1.5999"])
def test_parse_int_refuses_anything_else(value):
    assert f"“{value}”" in parse_error(parse_int, value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Có", True),
        ("CÓ", True),
        ("co", True),
        ("x", True),
        ("X", True),
        (1, True),
        ("yes", True),
        ("Đúng", True),
        (True, True),
        ("Không", False),
        ("KHONG", False),
        (0, False),
        ("no", False),
        (False, False),
    ],
)
def test_parse_bool_understands_vietnamese_and_marks(value, expected):
    assert parse_bool(value) is expected


def test_parse_bool_refuses_anything_else_naming_the_words_to_use():
    message = parse_error(parse_bool, "có lẽ")
    assert "“có lẽ”" in message
    assert f"“{gettext('Yes')}”" in message


def test_parse_choice_maps_labels_and_values_and_lists_the_labels():
    parse = parse_choice({"mass": "Đoàn thể chính trị - xã hội", "club": "Câu lạc bộ"})
    assert parse("Câu lạc bộ") == "club"
    assert parse("CAU LAC BO") == "club"
    assert parse("đoàn thể chính trị - xã hội") == "mass"
    assert parse("mass") == "mass"
    message = parse_error(parse, "Hội")
    assert "“Hội”" in message
    assert "Đoàn thể chính trị - xã hội, Câu lạc bộ" in message


def test_parse_text_keeps_codes_typed_as_numbers_readable():
    assert parse_text(84912345678.0) == "84912345678"
    assert parse_text(12.5) == "12.5"
    assert parse_text(" Ấp 3 ") == "Ấp 3"


def without_default_style(data: bytes) -> bytes:
    """``data`` as some other programs write it: a stylesheet without named styles, on which
    openpyxl warns."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == "xl/styles.xml":
                content = re.sub(rb"<cellStyles.*?</cellStyles>", b"", content, flags=re.S)
            archive.writestr(entry, content)
    return buffer.getvalue()


def test_what_openpyxl_warns_about_does_not_stop_the_reading():
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tổ chức"
    sheet.append(["Tên tổ chức", "Ngày thành lập"])
    sheet.append(["Hội Nông dân", 10**12])  # a date far beyond year 9999
    sheet["B2"].number_format = "DD/MM/YYYY"
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = without_default_style(buffer.getvalue())

    rows, errors = read_rows(data, sheet_title="Tổ chức", columns=COLUMNS)
    assert rows == []
    assert errors == [RowError(2, "Ngày thành lập", parse_error(parse_date, "#VALUE!"))]


def test_a_zip_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_UNZIPPED_BYTES", 1000)
    data = workbook_bytes(["Tên tổ chức"], ["Hội Nông dân"])
    with pytest.raises(SpreadsheetError) as caught:
        read_rows(data, sheet_title="Tổ chức", columns=COLUMNS)
    assert str(caught.value) == gettext("The file could not be read as an Excel workbook.")
