"""Workbooks bounded before openpyxl opens them: zip bombs, cell bombs, shared-strings bombs and
far-away rows are refused with a message, before any row is read."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from danvan.core import uploads
from danvan.core.formatting import format_number
from danvan.core.spreadsheets import SpreadsheetError, check_workbook, read_rows
from danvan.core.spreadsheets.bounds import cell_budget
from danvan.core.uploads import check_upload, megabytes
from tests.core.spreadsheet_helpers import COLUMNS
from tests.core.test_spreadsheets_reading import workbook_bytes

SHEET = "xl/worksheets/sheet1.xml"
HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>T\xc3\xaan t\xe1\xbb\x95 ch\xe1\xbb\xa9c'
    b"</t></is></c></row>"
)
TAIL = b"</sheetData></worksheet>"
CELLS_EXCEEDED = "The file holds more than %(count)s cells: split it into several files."


def replaced(data: bytes, name: str, parts) -> bytes:
    """``data`` (an .xlsx) with the part ``name`` written from the byte strings ``parts``,
    streamed into the archive so that a part of hundreds of megabytes is never held whole."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            if entry.filename != name:
                target.writestr(entry.filename, source.read(entry))
        with target.open(name, "w", force_zip64=True) as part:
            for chunk in parts:
                part.write(chunk)
    return out.getvalue()


def sheet_of(body, repeat: int):
    """The parts of a sheet: its header row, ``body`` ``repeat`` times, its end."""
    yield HEAD
    block = body * max(1, (1024 * 1024) // len(body))
    written = 0
    while written < repeat:
        count = min(repeat - written, len(block) // len(body))
        yield block[: count * len(body)]
        written += count
    yield TAIL


def base() -> bytes:
    return workbook_bytes(["Tên tổ chức"], ["Hội Nông dân"])


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """200 MB of empty cells, as a file of a few hundred kilobytes."""
    return replaced(base(), SHEET, sheet_of(b"<c/>", repeat=50_000_000))


def test_a_half_megabyte_file_unpacking_to_hundreds_of_megabytes_is_refused_unopened(bomb):
    data = bomb
    assert len(data) < 600_000
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unzipped = sum(entry.file_size for entry in archive.infolist())
    with pytest.raises(SpreadsheetError) as caught:
        read_rows(data, sheet_title="Tổ chức", columns=COLUMNS)
    assert str(caught.value) == gettext(
        "The file unpacks to %(size)s MB, far more than an ordinary document of its size: "
        "it is refused. Open it, save it again and upload that copy."
    ) % {"size": megabytes(unzipped)}


def test_the_same_bomb_is_refused_at_upload_whatever_the_kind(bomb):
    with pytest.raises(ValidationError) as caught:
        check_upload(io.BytesIO(bomb), allowed={"xlsx", "docx", "pdf"}, max_bytes=20_000_000)
    assert caught.value.code == "zip_bomb"


def test_too_many_cells_within_the_unpacked_budget_are_refused():
    # 2,000 rows (within the 2,010 allowed) of 60 cells: more than 64 on average for 1,010.
    row = b"<row>" + b'<c t="n"><v>1</v></c>' * 60 + b"</row>"
    data = replaced(base(), SHEET, [HEAD, row * 2000, TAIL])
    with pytest.raises(SpreadsheetError) as caught:
        read_rows(data, sheet_title="Tổ chức", columns=COLUMNS, max_rows=1000)
    budget = cell_budget(1000, len(COLUMNS))
    assert str(caught.value) == gettext(CELLS_EXCEEDED) % {"count": format_number(budget)}


def test_a_row_wider_than_excel_allows_is_refused():
    data = replaced(base(), SHEET, [HEAD, b'<row r="2">', b"<c/>" * 60_000, b"</row>", TAIL])
    with pytest.raises(SpreadsheetError) as caught:
        read_rows(data, sheet_title="Tổ chức", columns=COLUMNS)
    assert str(caught.value) == gettext(
        "A row of the file holds more than %(count)s cells: it is not an ordinary sheet."
    ) % {"count": format_number(16_384)}


def test_a_shared_strings_bomb_is_refused():
    strings = b"<si><t>x</t></si>"
    parts = [
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main">',
        strings * 200_000,
        b"</sst>",
    ]
    data = replaced(base(), "xl/sharedStrings.xml", parts)
    with pytest.raises(SpreadsheetError) as caught:
        read_rows(data, sheet_title="Tổ chức", columns=COLUMNS, max_rows=1000)
    budget = cell_budget(1000, len(COLUMNS))
    assert str(caught.value) == gettext(CELLS_EXCEEDED) % {"count": format_number(budget)}


def test_a_cell_far_below_the_data_is_refused_not_cut_off():
    far = b'<row r="900000"><c r="A900000" t="inlineStr"><is><t>x</t></is></c></row>'
    data = replaced(base(), SHEET, [HEAD, far, TAIL])
    with pytest.raises(SpreadsheetError) as caught:
        read_rows(data, sheet_title="Tổ chức", columns=COLUMNS, max_rows=1000)
    assert str(caught.value) == gettext(
        "The sheet has content down to row %(row)s, but at most %(count)s rows are imported at "
        "once: delete what lies below the data, or split the file."
    ) % {"row": format_number(900_000), "count": format_number(1000)}


def test_an_empty_row_far_below_and_a_cell_far_right_do_not_matter():
    body = (
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>H\xe1\xbb\x99i N\xc3\xb4ng d\xc3\xa2n</t>'
        b'</is></c><c r="XFD2" t="n"><v>7</v></c></row><row r="1048576" ht="15"/>'
    )
    data = replaced(base(), SHEET, [HEAD, body, TAIL])
    rows, errors = read_rows(data, sheet_title="Tổ chức", columns=COLUMNS, max_rows=1000)
    assert errors == []
    assert [(number, values["name"]) for number, values in rows] == [(2, "Hội Nông dân")]


def test_an_oversized_styles_part_is_refused():
    parts = [b'<?xml version="1.0"?><styleSheet>', b"<xf/>" * 600_000, b"</styleSheet>"]
    data = replaced(base(), "xl/styles.xml", parts)
    with pytest.raises(SpreadsheetError) as caught:
        check_workbook(data, max_rows=1000, columns=3)
    assert str(caught.value) == gettext("The file could not be read as an Excel workbook.")


def test_too_many_archive_entries_are_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_ARCHIVE_MEMBERS", 5)
    with pytest.raises(ValidationError) as caught:
        check_upload(io.BytesIO(base()), allowed={"xlsx"}, max_bytes=20_000_000)
    assert caught.value.messages == [
        gettext("The file is damaged or is not an ordinary Office document.")
    ]


def test_an_ordinary_workbook_passes_the_bounds():
    check_workbook(base(), max_rows=10, columns=len(COLUMNS))
    rows, _errors = read_rows(base(), sheet_title="Tổ chức", columns=COLUMNS, max_rows=10)
    assert [values["name"] for _n, values in rows] == ["Hội Nông dân"]


def test_a_huge_zip_directory_is_refused_before_the_archive_is_opened(monkeypatch):
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base())) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for entry in source.infolist():
            target.writestr(entry.filename, source.read(entry))
        for number in range(12_000):
            target.writestr(f"xl/padding/{number:05d}.xml", b"")

    def never(*args, **kwargs):
        raise AssertionError("the archive was opened")

    monkeypatch.setattr(uploads.zipfile, "ZipFile", never)
    with pytest.raises(ValidationError) as caught:
        check_upload(io.BytesIO(out.getvalue()), allowed={"xlsx"}, max_bytes=20_000_000)
    assert caught.value.messages == [
        gettext("The file is damaged or is not an ordinary Office document.")
    ]


def test_an_entity_expansion_bomb_is_refused():
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lollollollollollollol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    data = replaced(base(), SHEET, [laughs, HEAD.split(b"?>", 1)[1], TAIL])
    with pytest.raises(SpreadsheetError) as caught:
        read_rows(data, sheet_title="Tổ chức", columns=COLUMNS)
    assert str(caught.value) == gettext("The file could not be read as an Excel workbook.")
