import io
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext
from openpyxl import Workbook

from danvan.core import uploads
from danvan.core.spreadsheets import (
    Column,
    RowError,
    SpreadsheetError,
    export_rows,
    parse_bool,
    parse_choice,
    parse_date,
    parse_int,
    parse_text,
    read_rows,
)
from tests.core.spreadsheet_helpers import COLUMNS, REQUIRED


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


def test_a_zip_bomb_is_refused(monkeypatch):  # more in test_spreadsheets_bounds.py
    monkeypatch.setattr(uploads, "MAX_UNZIPPED_BYTES", 1000)
    data = workbook_bytes(["Tên tổ chức"], ["Hội Nông dân"])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unzipped = sum(entry.file_size for entry in archive.infolist())
    with pytest.raises(SpreadsheetError) as caught:
        read_rows(data, sheet_title="Tổ chức", columns=COLUMNS)
    assert str(caught.value) == gettext(
        "The file unpacks to %(size)s MB, far more than an ordinary document of its size: "
        "it is refused. Open it, save it again and upload that copy."
    ) % {"size": uploads.megabytes(unzipped)}
