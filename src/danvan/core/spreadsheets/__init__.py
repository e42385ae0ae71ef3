"""Excel (XLSX) templates, exports and imports, for any app that declares its ``Column``s.

Officers keep their lists in Excel; this package lets them fill a template, upload it, and see
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
- **Reading is bounded before it starts** (``bounds``): 20 MB of file; the archive's directory
  (``core.uploads.check_archive``: entries, unpacked size against the file's size), then the
  sheets themselves, streamed once with a budget, for the number of rows and cells, the last
  row and column, and the shared strings — all before openpyxl opens the workbook, so that a
  zip bomb is refused in well under a second. openpyxl then streams (read-only mode) within the
  rows and columns that check allowed; at most
  ``max_rows`` filled rows; the content must be an XLSX whatever the file is called.
- **Imports are all or nothing unless the officer chooses otherwise**: ``run_import`` handles
  every row (each in its own savepoint, so one bad row does not spoil the others) to report every
  error; then, if any row failed and ``keep_valid`` is false, it rolls everything back.
  ``run_batched_import`` does the same for an importer that writes many rows at once.
- **No row is lost silently**: two rows of one file that denote the same record are an error
  naming both (``FileRows``); what "the same record" means is written in each importer.

Modules: ``base`` (what they share), ``writing``, ``bounds``, ``reading``, ``importing``,
``parsers``; every public name is importable from ``danvan.core.spreadsheets``.
"""

from danvan.core.spreadsheets.base import (
    HEADER_SEARCH_ROWS,
    MAX_FILE_BYTES,
    OUTCOMES,
    Column,
    ImportResult,
    RowError,
    SpreadsheetError,
)
from danvan.core.spreadsheets.bounds import check_workbook
from danvan.core.spreadsheets.importing import (
    FileRows,
    one_by_one,
    run_batched_import,
    run_import,
)
from danvan.core.spreadsheets.parsers import (
    parse_bool,
    parse_choice,
    parse_date,
    parse_int,
    parse_text,
)
from danvan.core.spreadsheets.reading import read_rows
from danvan.core.spreadsheets.writing import build_template, export_rows

__all__ = [
    "HEADER_SEARCH_ROWS",
    "MAX_FILE_BYTES",
    "OUTCOMES",
    "Column",
    "FileRows",
    "ImportResult",
    "RowError",
    "SpreadsheetError",
    "build_template",
    "check_workbook",
    "export_rows",
    "one_by_one",
    "parse_bool",
    "parse_choice",
    "parse_date",
    "parse_int",
    "parse_text",
    "read_rows",
    "run_batched_import",
    "run_import",
]
