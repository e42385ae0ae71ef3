"""Bounding a workbook before openpyxl opens it.

An .xlsx is a zip of XML parts, and a few hundred kilobytes can unpack to gigabytes of rows,
cells or shared strings that openpyxl would parse for minutes while the process grows by
gigabytes. ``check_workbook`` refuses such a file first, cheaply and in this order:

1. the archive's directory (``core.uploads.check_archive``): number of entries, unpacked size
   against the file's size and an absolute cap — nothing is unpacked;
2. the parts openpyxl reads whole in read-only mode (workbook, styles, theme, properties):
   each at most ``MAX_PART_BYTES`` and ``MAX_PART_ELEMENTS`` elements;
3. every worksheet, unpacked as a stream of ``CHUNK`` bytes and scanned (byte patterns, not an
   XML parser) for its cells and rows: at most ``cell_budget`` cells in all, at most
   ``MAX_ROW_CELLS`` in a row (openpyxl holds a row whole), and no row holding anything below
   ``row_limit``; the shared strings, which openpyxl keeps in memory, count as
   cells. The scan stops at the first budget passed, so a bomb is refused after reading no more
   than its budget.

The reader then passes ``row_limit`` and the last column it needs to openpyxl, so that
neither empty rows nor far-away cells make it pad rows without end.
"""

import re
import zipfile
from io import BytesIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danvan.core.formatting import format_number
from danvan.core.spreadsheets.base import HEADER_SEARCH_ROWS, SpreadsheetError
from danvan.core.uploads import check_archive

CELLS_PER_ROW = 64  # the cells a row may hold on average, whatever the columns declared
MAX_ROW_CELLS = 16_384  # Excel's own number of columns: a row with more is no Excel sheet
MAX_PART_BYTES = 8 * 1024 * 1024
MAX_PART_ELEMENTS = 500_000  # Excel itself allows 64,000 cell formats
CHUNK = 1024 * 1024
_PREFIX = rb"(?:[A-Za-z_][\w.-]{0,20}:)?"
_ROW = re.compile(rb"<" + _PREFIX + rb"row\b([^>]*)>")
_ROW_NUMBER = re.compile(rb'\sr\s*=\s*["\'](\d{1,9})')
_CELL = re.compile(rb"<" + _PREFIX + rb"c[\s/>]")
_SHARED_STRING = re.compile(rb"<" + _PREFIX + rb"si[\s/>]")
_ELEMENT = re.compile(rb"<[A-Za-z_]")
_READ_WHOLE = (
    "[Content_Types].xml",
    "_rels/.rels",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/styles.xml",
    "docProps/core.xml",
    "docProps/app.xml",
    "docProps/custom.xml",
)


def row_limit(max_rows: int) -> int:
    """The last row a sheet read for ``max_rows`` filled rows may use (blank rows allowed)."""
    return 2 * max_rows + HEADER_SEARCH_ROWS


def cell_budget(max_rows: int, columns: int) -> int:
    """The cells (and shared strings) a workbook read for ``max_rows`` rows may hold."""
    return (max_rows + HEADER_SEARCH_ROWS) * max(CELLS_PER_ROW, 2 * columns)


def check_workbook(data: bytes, *, max_rows: int, columns: int) -> None:
    """Raise ``SpreadsheetError`` unless the workbook ``data`` (an .xlsx already sniffed as
    one) fits the budgets above for a sheet of ``columns`` columns and ``max_rows`` rows."""
    try:
        entries = check_archive(data)
    except ValidationError as error:
        raise SpreadsheetError(" ".join(error.messages)) from None
    cells = cell_budget(max_rows, columns)
    last_row = row_limit(max_rows)
    counted = 0
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            for entry in entries:
                name = entry.filename
                if name in _READ_WHOLE or name.startswith("xl/theme/"):
                    _check_part(archive, entry)
                elif name == "xl/sharedStrings.xml":
                    left = cells - counted
                    counted += _count(archive, entry, _SHARED_STRING, left, _too_many_cells(cells))
                elif name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    counted += _scan_sheet(
                        archive, entry, cells, counted, last_row=last_row, max_rows=max_rows
                    )
    except (zipfile.BadZipFile, ValueError, EOFError, OSError, NotImplementedError):
        raise _unreadable() from None


def _unreadable() -> SpreadsheetError:
    return SpreadsheetError(_("The file could not be read as an Excel workbook."))


def _too_many_cells(budget: int) -> SpreadsheetError:
    return SpreadsheetError(
        _("The file holds more than %(count)s cells: split it into several files.")
        % {"count": format_number(budget)}
    )


def _chunks(archive, entry):
    """The part's bytes in chunks cut after a ``>``, so that no tag is split between two."""
    carry = b""
    with archive.open(entry) as stream:
        while block := stream.read(CHUNK):
            block = carry + block
            cut = block.rfind(b">") + 1
            carry = block[cut:][-4096:]  # text without a tag in it: only its end can matter
            yield block[:cut]
    if carry:
        yield carry


def _check_part(archive, entry) -> None:
    if entry.file_size > MAX_PART_BYTES:
        raise _unreadable()
    _count(archive, entry, _ELEMENT, MAX_PART_ELEMENTS, _unreadable())


def _count(archive, entry, pattern, budget: int, error: SpreadsheetError) -> int:
    """How many times ``pattern`` occurs in the part; ``error`` as soon as it passes ``budget``."""
    counted = 0
    for chunk in _chunks(archive, entry):
        counted += len(pattern.findall(chunk))
        if counted > budget:
            raise error
    return counted


def _scan_sheet(archive, entry, budget, counted, *, last_row, max_rows) -> int:
    """The cells of one worksheet; refuses more than ``budget`` of them with the ``counted``
    ones before it, a row of more than ``MAX_ROW_CELLS`` cells, or a row below ``last_row``
    that holds anything."""
    cells = row = in_row = 0
    for chunk in _chunks(archive, entry):
        start = 0
        for match in _ROW.finditer(chunk):
            in_row += len(_CELL.findall(chunk, start, match.start()))
            cells += _row_cells(in_row)
            in_row, start = 0, match.end()
            if counted + cells > budget:
                raise _too_many_cells(budget)
            attributes = match.group(1)
            number = _ROW_NUMBER.search(attributes)
            row = int(number.group(1)) if number else row + 1
            if row > last_row and not attributes.rstrip().endswith(b"/"):
                raise SpreadsheetError(
                    _(
                        "The sheet has content down to row %(row)s, but at most %(count)s rows "
                        "are imported at once: delete what lies below the data, or split the file."
                    )
                    % {"row": format_number(row), "count": format_number(max_rows)}
                )
        in_row += len(_CELL.findall(chunk, start))
        if counted + cells + _row_cells(in_row) > budget:
            raise _too_many_cells(budget)
    return cells + in_row


def _row_cells(count: int) -> int:
    if count > MAX_ROW_CELLS:
        raise SpreadsheetError(
            _("A row of the file holds more than %(count)s cells: it is not an ordinary sheet.")
            % {"count": format_number(MAX_ROW_CELLS)}
        )
    return count
