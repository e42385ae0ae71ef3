"""Writing: the import template (data sheet and instructions sheet) and exports."""

import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from danvan.core.spreadsheets.base import HEADER_SEARCH_ROWS, Column
from danvan.core.spreadsheets.base import sheet_name as _sheet_name

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)
_EXAMPLE = Font(italic=True, color="808080")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
_WRAP = Alignment(wrap_text=True, vertical="top")
TEMPLATE_ROWS = 5000  # the rows of the template that offer the drop-down lists


def build_template(
    *, sheet_title: str, columns: Sequence[Column], with_example: bool = True
) -> bytes:
    """An empty data sheet with the headers, and an instructions sheet explaining each column."""
    workbook = Workbook(write_only=True)
    sheet, _row = _data_sheet(workbook, sheet_title, columns, (), notes=True)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}1"
    _drop_downs(sheet, columns, first_row=2)
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


def _drop_downs(sheet, columns, *, first_row: int, last_row: int = TEMPLATE_ROWS) -> None:
    """A drop-down list on each column with fixed words (``Column.choices``); another value
    is warned about, not refused: the import accepts synonyms and says what is wrong."""
    for index, column in enumerate(columns, start=1):
        choices = [str(word).replace('"', "") for word in column.choices]
        words = ",".join(choices)
        # Excel's list holds 255 characters, its items separated by commas.
        if not choices or len(words) > 255 or any("," in word for word in choices):
            continue
        validation = DataValidation(
            type="list", formula1=f'"{words}"', allow_blank=True, errorStyle="warning"
        )
        validation.error = _("Choose one of: %(choices)s.") % {"choices": ", ".join(choices)}
        validation.prompt = str(column.help)
        letter = get_column_letter(index)
        validation.add(f"{letter}{first_row}:{letter}{last_row}")
        sheet.data_validations.append(validation)


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
