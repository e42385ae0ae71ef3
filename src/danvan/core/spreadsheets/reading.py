"""Reading a sheet into rows, bounded: the file is checked (``bounds.check_workbook``) before
openpyxl opens it, then streamed (read-only mode) within the rows and columns that check
allowed."""

import io
import os
import re
import warnings
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from danvan.core.folding import fold
from danvan.core.formatting import format_number
from danvan.core.spreadsheets.base import (
    HEADER_SEARCH_ROWS,
    MAX_FILE_BYTES,
    Column,
    RowError,
    SpreadsheetError,
)
from danvan.core.spreadsheets.base import sheet_name as _sheet_name
from danvan.core.spreadsheets.bounds import check_workbook, row_limit
from danvan.core.uploads import check_upload

_REQUIRED_MARK = re.compile(r"\s*(\(\*\)|\*)$")


def read_rows(
    source, *, sheet_title: str, columns: Sequence[Column], max_rows: int = 200_000
) -> tuple[list[tuple[int, dict]], list[RowError]]:
    """Read the sheet ``sheet_title`` of ``source`` (a path, bytes or a file object such as an
    ``UploadedFile``) into ``(excel_row_number, {key: value})`` pairs for the rows without
    errors, and the ``RowError``s of the others. Raise ``SpreadsheetError`` if the file as a
    whole cannot be used. Empty cells are None; ``parse`` is called on the others only.

    The file is checked by ``bounds.check_workbook`` before it is opened, then streamed: a row
    is held only once converted, and only the columns declared are looked at.
    """
    data = _read_source(source)
    check_workbook(data, max_rows=max_rows, columns=len(columns))
    # openpyxl warns about features it drops (data validation, extensions…) that do not matter
    # for reading values; warnings are errors in the tests and would abort an import.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds on a damaged file
            raise SpreadsheetError(_("The file could not be read as an Excel workbook.")) from error
        try:
            sheet = _find_sheet(workbook, sheet_title)
            sheet.reset_dimensions()  # some programs write wrong ones, which would cut rows off
            header_row, positions = _find_header(sheet, columns)
            return _read_data(sheet, columns, header_row, positions, max_rows)
        except SpreadsheetError:
            raise
        except Exception as error:  # a part the check does not look into may still be damaged
            raise SpreadsheetError(_("The file could not be read as an Excel workbook.")) from error
        finally:
            workbook.close()


def _read_source(source) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    elif isinstance(source, str | os.PathLike):
        with open(source, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    else:
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(MAX_FILE_BYTES + 1)
        if hasattr(source, "seek"):
            source.seek(0)
    try:
        check_upload(io.BytesIO(data), allowed={"xlsx"}, max_bytes=MAX_FILE_BYTES)
    except ValidationError as error:
        if data.startswith(b"\xd0\xcf\x11\xe0"):  # the old binary Office format
            raise SpreadsheetError(
                _(
                    "This is an old Excel file (.xls). Open it in Excel, save it as “Excel "
                    "Workbook (.xlsx)” and upload that file."
                )
            ) from None
        raise SpreadsheetError(" ".join(error.messages)) from None
    return data


def _find_sheet(workbook, title):
    wanted = fold(_sheet_name(title))
    for name in workbook.sheetnames:
        if fold(name) == wanted:
            return workbook[name]
    if len(workbook.sheetnames) == 1:
        return workbook.worksheets[0]
    raise SpreadsheetError(
        _("The file has no sheet named “%(sheet)s”. Its sheets are: %(sheets)s.")
        % {"sheet": _sheet_name(title), "sheets": ", ".join(workbook.sheetnames)}
    )


def _header_key(text) -> str:
    return _REQUIRED_MARK.sub("", fold(str(text))) if text is not None else ""


def _find_header(sheet, columns) -> tuple[int, dict[str, int]]:
    """The number of the header row and, for each column key found, its index in a row."""
    wanted = {_header_key(column.header): column for column in columns}
    best: dict[str, int] = {}
    rows = sheet.iter_rows(min_row=1, max_row=HEADER_SEARCH_ROWS, values_only=True)
    for number, cells in enumerate(rows, start=1):
        positions: dict[str, int] = {}
        for index, text in enumerate(cells):
            column = wanted.get(_header_key(text))
            if column is not None and column.key not in positions:
                positions[column.key] = index
        missing = [c for c in columns if c.required and c.key not in positions]
        if positions and not missing:
            return number, positions
        if len(positions) > len(best):
            best = positions
    if not best:
        raise SpreadsheetError(
            _("No header row was found in the first %(count)s rows. Expected columns: %(columns)s.")
            % {"count": HEADER_SEARCH_ROWS, "columns": ", ".join(str(c.header) for c in columns)}
        )
    missing = [str(c.header) for c in columns if c.required and c.key not in best]
    raise SpreadsheetError(
        _("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)}
    )


def _read_data(sheet, columns, header_row, positions, max_rows):
    found = [(positions[column.key], column) for column in columns if column.key in positions]
    absent = {column.key: None for column in columns if column.key not in positions}
    rows: list[tuple[int, dict]] = []
    errors: list[RowError] = []
    filled = 0
    lines = sheet.iter_rows(
        min_row=header_row + 1,
        max_row=row_limit(max_rows),  # check_workbook refused anything below it
        max_col=max(positions.values()) + 1,  # rows are padded to it, not to their last cell
        values_only=True,
    )
    for number, cells in enumerate(lines, start=header_row + 1):
        width = len(cells)
        raw = [cells[index] if index < width else None for index, _column in found]
        raw = [(value.strip() or None) if isinstance(value, str) else value for value in raw]
        if all(value is None for value in raw):
            continue
        filled += 1
        if filled > max_rows:
            raise SpreadsheetError(
                _("The sheet has more than %(count)s rows: split it into several files.")
                % {"count": format_number(max_rows)}
            )
        values, row_errors = _convert(number, found, raw, absent)
        if row_errors:
            errors.extend(row_errors)
        else:
            rows.append((number, values))
    return rows, errors


def _convert(number, found, raw, absent) -> tuple[dict, list[RowError]]:
    values = dict(absent)
    errors = []
    for (_index, column), value in zip(found, raw, strict=True):
        header = str(column.header)
        try:
            parsed = column.parse(value) if value is not None and column.parse else value
        except ValueError as error:
            errors.append(RowError(number, header, str(error)))
            continue
        except ValidationError as error:
            errors.append(RowError(number, header, " ".join(error.messages)))
            continue
        if parsed is None and column.required:
            errors.append(RowError(number, header, _("A value is required in this column.")))
        values[column.key] = parsed
    return values, errors
