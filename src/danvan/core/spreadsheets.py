"""Excel (XLSX) templates, exports and imports, for any app that declares its ``Column``s.

Officers keep their lists in Excel; this module lets them fill a template, upload it, and see
every problem at once, row by row, in their own words, before anything is written.

Design choices:

- **The template's example lives on a second sheet** ("Hướng dẫn", the translated
  "Instructions"), one line per column with whether it is required, its explanation and an
  example. The data sheet holds only the header row (each header also carries its explanation
  as a cell comment), so an officer never has to delete an example row and ``read_rows`` never
  has to guess whether a row is the example or real data.
- **Headers are matched by ``fold``**: case, diacritics, spacing and a trailing "*" or "(*)" are
  ignored, columns may come in any order, unknown columns are ignored, and the header row may sit
  below up to nine title lines (so an export can be edited and imported again).
- **Reading is bounded**: 20 MB of file, 512 MB once unzipped (a larger one is a zip bomb),
  ``max_rows`` filled rows; the content must be an XLSX whatever the file is called.
- **Imports are all or nothing unless the officer chooses otherwise**: ``run_import`` handles
  every row (each in its own savepoint, so one bad row does not spoil the others) to report every
  error; then, if any row failed and ``keep_valid`` is false, it rolls everything back.
  ``run_batched_import`` does the same for an importer that writes many rows at once.
"""

import io
import os
import re
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from danvan.core.folding import fold
from danvan.core.formatting import format_number
from danvan.core.permissions import OutOfScope
from danvan.core.uploads import check_upload

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 512 * 1024 * 1024
HEADER_SEARCH_ROWS = 10
OUTCOMES = ("created", "updated", "unchanged")

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)
_EXAMPLE = Font(italic=True, color="808080")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
_WRAP = Alignment(wrap_text=True, vertical="top")
_REQUIRED_MARK = re.compile(r"\s*(\(\*\)|\*)$")


@dataclass(frozen=True)
class Column:
    """One column as an app declares it: the words officers see, and the key the code uses."""

    header: str
    key: str
    required: bool = False
    parse: Callable[[object], object] | None = None  # gets non-empty values; raises ValueError
    help: str = ""
    example: object = ""
    width: int = 20


@dataclass(frozen=True)
class RowError:
    """One problem, located the way the officer will look for it in Excel."""

    row: int  # as Excel numbers it
    column: str  # the header, "" for the whole row
    message: str


@dataclass
class ImportResult:
    """Counts are zero when nothing was committed."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False

    @property
    def total(self) -> int:
        """The rows that were written or found up to date."""
        return self.created + self.updated + self.unchanged


class SpreadsheetError(Exception):
    """The whole file is unusable; ``str()`` is the message for the officer."""


# Writing


def build_template(
    *, sheet_title: str, columns: Sequence[Column], with_example: bool = True
) -> bytes:
    """An empty data sheet with the headers, and an instructions sheet explaining each column."""
    workbook = Workbook(write_only=True)
    sheet, _row = _data_sheet(workbook, sheet_title, columns, (), notes=True)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}1"
    guide = workbook.create_sheet(_sheet_name(_("Instructions")))
    for index, width in enumerate((30, 12, 60, 25), start=1):
        guide.column_dimensions[get_column_letter(index)].width = width
    intro = _(
        "Fill in the sheet “%(sheet)s”, one row per record. Keep its header row; columns may be "
        "moved and extra columns are ignored. Columns marked “Yes” must be filled in."
    ) % {"sheet": _sheet_name(sheet_title)}
    titles = [_("Column"), _("Required"), _("Explanation")] + [_("Example")] * with_example
    guide.append([_cell(guide, intro, font=_BOLD)])
    guide.append([_cell(guide, text, font=_BOLD, fill=_HEADER_FILL) for text in titles])
    for column in columns:
        example = [_cell(guide, column.example, font=_EXAMPLE)] * with_example
        guide.append(
            [
                _cell(guide, column.header, font=_BOLD),
                _cell(guide, column.required),
                _cell(guide, column.help, alignment=_WRAP),
                *example,
            ]
        )
    return _save(workbook)


def export_rows(
    *,
    sheet_title: str,
    columns: Sequence[Column],
    rows: Iterable[Mapping],
    title_lines: Sequence[str] = (),
) -> bytes:
    """``title_lines`` (scope, date…), the header row, then one line per mapping in ``rows``.
    Dates and numbers are written as such (dates shown dd/mm/yyyy), booleans as Có/Không."""
    if len(title_lines) >= HEADER_SEARCH_ROWS:
        raise ValueError("Too many title lines: read_rows would not find the header row.")
    workbook = Workbook(write_only=True)
    sheet, last_row = _data_sheet(workbook, sheet_title, columns, title_lines, notes=False)
    header_row = last_row
    for row in rows:
        sheet.append([_cell(sheet, row.get(column.key)) for column in columns])
        last_row += 1
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(columns))}{last_row}"
    return _save(workbook)


def _data_sheet(workbook, title, columns, title_lines, *, notes):
    """A sheet with its title lines and header row written; returns it and the header row."""
    sheet = workbook.create_sheet(_sheet_name(title))
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    header_row = len(title_lines) + 1
    sheet.freeze_panes = f"A{header_row + 1}"  # before the first row: write-only sheets need it
    for number, line in enumerate(title_lines):
        sheet.append([_cell(sheet, line, font=_TITLE if number == 0 else _BOLD)])
    headers = []
    for column in columns:
        fill = _REQUIRED_FILL if column.required else _HEADER_FILL
        cell = _cell(sheet, column.header, font=_BOLD, fill=fill, alignment=_WRAP)
        note = "\n".join(filter(None, [str(column.help), _("Required") if column.required else ""]))
        if notes and note:
            cell.comment = Comment(note, "danvan", height=120, width=240)
        headers.append(cell)
    sheet.append(headers)
    return sheet, header_row


def _cell(sheet, value, *, font=None, fill=None, alignment=None) -> WriteOnlyCell:
    """A cell holding ``value`` as Excel should see it. Text is always text: a value starting
    with "=" is never turned into a formula, whoever typed it."""
    number_format = None
    if isinstance(value, bool):
        value = _("Yes") if value else _("No")
    elif isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        number_format = "DD/MM/YYYY HH:MM"
    elif isinstance(value, date):
        number_format = "DD/MM/YYYY"
    elif isinstance(value, int):
        number_format = "#,##0"
    elif value is not None and not isinstance(value, float | Decimal):
        value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    if number_format:
        cell.number_format = number_format
    for name, style in (("font", font), ("fill", fill), ("alignment", alignment)):
        if style is not None:
            setattr(cell, name, style)
    return cell


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_name(title) -> str:
    """``title`` as Excel accepts it: 31 characters at most, none of ``[]:*?/\\``."""
    return re.sub(r"[\[\]:*?/\\]", "-", str(title))[:31]


# Reading


def read_rows(
    source, *, sheet_title: str, columns: Sequence[Column], max_rows: int = 200_000
) -> tuple[list[tuple[int, dict]], list[RowError]]:
    """Read the sheet ``sheet_title`` of ``source`` (a path, bytes or a file object such as an
    ``UploadedFile``) into ``(excel_row_number, {key: value})`` pairs for the rows without
    errors, and the ``RowError``s of the others. Raise ``SpreadsheetError`` if the file as a
    whole cannot be used. Empty cells are None; ``parse`` is called on the others only.
    """
    data = _read_source(source)
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
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unzipped = sum(entry.file_size for entry in archive.infolist())
    if unzipped > MAX_UNZIPPED_BYTES:
        raise SpreadsheetError(_("The file could not be read as an Excel workbook."))
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
    lines = sheet.iter_rows(min_row=header_row + 1, values_only=True)
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


# Importing


def run_import(
    *,
    rows: list[tuple[int, dict]],
    handle_row: Callable[[dict], str],
    keep_valid: bool,
    errors: list[RowError] | None = None,
    columns: Sequence[Column] = (),
) -> ImportResult:
    """Call ``handle_row`` on each row in one transaction and report what happened.

    ``handle_row`` returns one of ``OUTCOMES`` or raises ``ValidationError``; a message keyed by
    a column's key (``{"name": …}``) is reported under that column's header (pass ``columns``),
    any other under the whole row. ``errors`` are those ``read_rows`` found: they count like the
    others. With any error and ``keep_valid`` false, nothing is committed and the counts are 0;
    with ``keep_valid`` the valid rows are committed. Any other exception aborts the import.
    """
    return run_batched_import(
        rows=rows,
        handle_rows=one_by_one(handle_row),
        keep_valid=keep_valid,
        errors=errors,
        columns=columns,
    )


def one_by_one(
    handle_row: Callable[[dict], str],
) -> Callable[[list[tuple[int, dict]]], Iterator[tuple[int, str | ValidationError]]]:
    """A ``handle_rows`` for ``run_batched_import`` that calls ``handle_row`` on each row in its
    own savepoint, so that one bad row does not spoil the others."""

    def handle_rows(rows):
        for number, values in rows:
            try:
                with transaction.atomic():
                    outcome = handle_row(values)
            except ValidationError as error:
                yield number, error
                continue
            except OutOfScope as refused:  # the service's own check: this row, not the file
                yield number, refused.as_validation_error()
                continue
            yield number, outcome

    return handle_rows


def run_batched_import(
    *,
    rows: list[tuple[int, dict]],
    handle_rows: Callable[[list[tuple[int, dict]]], Iterable[tuple[int, str | ValidationError]]],
    keep_valid: bool,
    errors: list[RowError] | None = None,
    columns: Sequence[Column] = (),
) -> ImportResult:
    """``run_import`` for an importer that handles the rows together (to write them in bulk):
    ``handle_rows(rows)`` yields ``(row number, outcome)`` for every row, the outcome being one
    of ``OUTCOMES`` or the ``ValidationError`` of a row that wrote nothing. Everything runs in
    one transaction, committed as ``run_import`` says."""
    headers = {column.key: str(column.header) for column in columns}
    result = ImportResult(errors=list(errors or []))
    with transaction.atomic():
        for number, outcome in handle_rows(rows):
            if isinstance(outcome, ValidationError):
                result.errors.extend(_row_errors(number, outcome, headers))
                continue
            if outcome not in OUTCOMES:
                raise ValueError(f"handle_rows gave {outcome!r}, not one of {OUTCOMES}")
            setattr(result, outcome, getattr(result, outcome) + 1)
        result.errors.sort(key=lambda error: error.row)
        if result.errors and not keep_valid:
            transaction.set_rollback(True)
            return ImportResult(errors=result.errors, committed=False)
    result.committed = True
    return result


def _row_errors(number: int, error: ValidationError, headers: Mapping[str, str]) -> list[RowError]:
    if not hasattr(error, "error_dict"):
        return [RowError(number, "", message) for message in error.messages]
    return [
        RowError(number, "" if key == NON_FIELD_ERRORS else headers.get(key, ""), message)
        for key, messages in error.message_dict.items()
        for message in messages
    ]


# Parsers for ``Column.parse``: they get a non-empty cell value and raise ValueError(message).

_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
_SEPARATOR = r"[., \u00a0]"  # thousands: 1.599, 1,599, 1 599 (also with a no-break space)
_INTEGER = re.compile(rf"[+-]?(\d+|\d{{1,3}}({_SEPARATOR}\d{{3}})+)")
_TRUE = {"co", "x", "1", "yes", "y", "true", "dung"}
_FALSE = {"khong", "0", "no", "n", "false", "sai"}


def parse_date(value) -> date:
    """A date cell, or text written dd/mm/yyyy (also d/m/yyyy, with - or .) or yyyy-mm-dd."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date, not a moment
        except ValueError:
            continue
    raise ValueError(
        _("“%(value)s” is not a valid date: write it as dd/mm/yyyy.") % {"value": text}
    )


def parse_int(value) -> int:
    """A whole number: a number cell, or text such as ``1599``, ``1.599`` or ``1 599``."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        if value == int(value):
            return int(value)
    elif isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        return int(re.sub(_SEPARATOR, "", value))
    raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})


def parse_text(value) -> str:
    """Text, with a number typed in a text column (a code, a telephone) written without ``.0``."""
    if isinstance(value, float) and value == int(value):
        value = int(value)
    return str(value).strip()


def parse_bool(value) -> bool:
    """Có/Không, x, 1/0, yes/no, true/false, đúng/sai (case and diacritics ignored)."""
    if isinstance(value, bool):
        return value
    key = fold(str(value))
    if key in _TRUE or key == fold(_("Yes")):
        return True
    if key in _FALSE or key == fold(_("No")):
        return False
    raise ValueError(
        _("“%(value)s” is not understood: write “%(yes)s” or “%(no)s”.")
        % {"value": value, "yes": _("Yes"), "no": _("No")}
    )


def parse_choice(choices: Mapping[str, str]) -> Callable[[object], str]:
    """A parser for one of ``choices`` — ``{value: label}``, as ``dict(Model.Kind.choices)``
    gives — accepting a label (in the active language) or a value, case and diacritics ignored.
    """

    def parse(value) -> str:
        lookup = {fold(str(label)): key for key, label in choices.items()}
        lookup.update({fold(str(key)): key for key in choices})
        try:
            return lookup[fold(str(value))]
        except KeyError:
            labels = ", ".join(str(label) for label in choices.values())
            message = _("“%(value)s” is not one of the accepted values: %(choices)s.")
            raise ValueError(message % {"value": value, "choices": labels}) from None

    return parse
