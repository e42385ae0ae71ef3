"""Bounding a workbook before openpyxl opens it.

An .xlsx is a zip of XML parts, and a few hundred kilobytes can unpack to gigabytes of rows,
cells or shared strings that openpyxl would parse for minutes while the process grows by
gigabytes. ``check_workbook`` refuses such a file first, cheaply and in this order:

1. the archive's directory (``core.uploads.check_archive``): number of entries, unpacked size
   against the file's size and an absolute cap — nothing is unpacked;
2. the parts openpyxl reads whole in read-only mode (workbook, styles, theme, properties):
   each at most ``MAX_PART_BYTES`` and ``MAX_PART_ELEMENTS`` elements;
3. every worksheet and the shared strings (which openpyxl keeps in memory), unpacked as a stream
   of ``CHUNK`` bytes and scanned with byte counts, not an XML parser. What openpyxl's work
   grows with is the number of XML elements, so that is what is counted: at most
   ``ELEMENTS_PER_CELL`` × ``cell_budget`` in all (a cell is one to three elements), at most
   ``ELEMENTS_PER_CELL`` × ``MAX_ROW_CELLS`` in one row (openpyxl holds a row whole), no row
   holding anything below ``row_limit``, and no document type declaration (entities that
   expand a few bytes into gigabytes; no Office part declares any). The scan stops at the first
   budget passed, so a bomb is refused after reading no more than its budget.

The reader then passes ``row_limit`` and the last column it needs to openpyxl, so that
neither empty rows nor far-away cells make it pad rows without end. The cost on an ordinary
file is one more unpacking of its sheets: about a tenth of what openpyxl needs to read them.
"""

import operator
import re
import zipfile
from io import BytesIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danvan.core.formatting import format_number
from danvan.core.spreadsheets.base import HEADER_SEARCH_ROWS, SpreadsheetError
from danvan.core.uploads import check_archive

CELLS_PER_ROW = 64  # the cells a row may hold on average, whatever the columns declared
ELEMENTS_PER_CELL = 3  # <c><v/></c>, or <c><is><t/></is></c> less its closing tags
MAX_ROW_CELLS = 16_384  # Excel's own number of columns: a row with more is no Excel sheet
MAX_EMPTY_ROWS_BELOW = 1_000  # formatted rows without cells below the last row read
MAX_PART_BYTES = 8 * 1024 * 1024
MAX_PART_ELEMENTS = 500_000  # Excel itself allows 64,000 cell formats
CHUNK = 1024 * 1024
_ROW_WORD = re.compile(rb"row\b")
_PREFIX = re.compile(rb"[A-Za-z_][\w.-]{0,20}")
_ROW_NUMBER = re.compile(rb'\sr\s*=\s*["\'](\d{1,9})')
_MIN_ELEMENT_BYTES = 3  # "<c>" or "<c/" at least: a row shorter than this many bytes per
_WIDE_ROW_BYTES = _MIN_ELEMENT_BYTES * ELEMENTS_PER_CELL * MAX_ROW_CELLS  # element is counted
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
    budget = ELEMENTS_PER_CELL * cells
    counted = 0
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            for entry in entries:
                name = entry.filename
                if name in _READ_WHOLE or name.startswith("xl/theme/"):
                    if entry.file_size > MAX_PART_BYTES:
                        raise _unreadable()
                    _scan(archive, entry, MAX_PART_ELEMENTS, _unreadable())
                elif name == "xl/sharedStrings.xml":
                    counted += _scan(archive, entry, budget - counted, _too_many_cells(cells))
                elif name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    counted += _scan(
                        archive,
                        entry,
                        budget - counted,
                        _too_many_cells(cells),
                        rows=(row_limit(max_rows), max_rows),
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


def _elements(chunk: bytes, start: int = 0, end: int | None = None) -> int:
    """The XML elements that start in ``chunk[start:end]``: each "<" that opens no end tag."""
    end = len(chunk) if end is None else end
    return chunk.count(b"<", start, end) - chunk.count(b"</", start, end)


def _scan(archive, entry, budget: int, error: SpreadsheetError, rows=None) -> int:
    """The elements of a part; ``error`` as soon as they pass ``budget``. For a worksheet,
    ``rows`` is ``(last row, max_rows)``: its rows are checked too."""
    counted = in_row = numbered = 0
    for chunk in _chunks(archive, entry):
        if b"<!DOCTYPE" in chunk or b"<!ENTITY" in chunk:  # no Office part declares entities
            raise _unreadable()
        elements = _elements(chunk)
        counted += elements
        if counted > budget:
            raise error
        if rows is None:
            continue
        starts = _row_starts(chunk)
        if not starts:
            in_row = _row_width(in_row + elements)
            continue
        _row_width(in_row + _elements(chunk, 0, starts[0]))
        ends = [*starts[1:], len(chunk)]
        if max(map(operator.sub, ends, starts)) > _WIDE_ROW_BYTES:
            for start, end in zip(starts, ends, strict=True):
                if end - start > _WIDE_ROW_BYTES:
                    _row_width(_elements(chunk, start, end))
        in_row = _elements(chunk, starts[-1])
        _check_last_row(chunk, starts, numbered, last_row=rows[0], max_rows=rows[1])
        numbered += len(starts)
    return counted


def _row_starts(chunk: bytes) -> list[int]:
    """Where the row start tags (``<row …>``, ``<x:row …>``) of ``chunk`` begin."""
    starts = []
    for match in _ROW_WORD.finditer(chunk):
        at = match.start()
        before = chunk[at - 1 : at]
        if before == b"<":
            starts.append(at - 1)
        elif before == b":":
            opening = chunk.rfind(b"<", max(0, at - 24), at)
            if opening >= 0 and _PREFIX.fullmatch(chunk, opening + 1, at - 1):
                starts.append(opening)
    return starts


def _row_width(elements: int) -> int:
    if elements > ELEMENTS_PER_CELL * MAX_ROW_CELLS:
        raise SpreadsheetError(
            _("A row of the file holds more than %(count)s cells: it is not an ordinary sheet.")
            % {"count": format_number(MAX_ROW_CELLS)}
        )
    return elements


def _check_last_row(chunk, starts, numbered: int, *, last_row: int, max_rows: int) -> None:
    """Refuse if a row starting at ``starts`` (rows ``numbered`` + 1… when they carry no
    number) below ``last_row`` holds anything. Rows come in order: only the last ones can be
    below, and the walk back stops at the first row above it."""
    for back, start in enumerate(reversed(starts)):
        head = chunk[start : chunk.find(b">", start) + 1]
        number = _ROW_NUMBER.search(head)
        row = int(number.group(1)) if number else numbered + len(starts) - back
        if row <= last_row:
            return
        empty = head.rstrip(b">").rstrip().endswith(b"/")
        if not empty or back >= MAX_EMPTY_ROWS_BELOW:
            raise SpreadsheetError(
                _(
                    "The sheet has content down to row %(row)s, but at most %(count)s rows "
                    "are imported at once: delete what lies below the data, or split the file."
                )
                % {"row": format_number(row), "count": format_number(max_rows)}
            )
