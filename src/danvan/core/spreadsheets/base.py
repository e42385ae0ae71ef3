"""What every part of the spreadsheet package shares: the column declaration, the row error,
the import result, the error for an unusable file, and the limits."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_FILE_BYTES = 20 * 1024 * 1024
HEADER_SEARCH_ROWS = 10
OUTCOMES = ("created", "updated", "unchanged")


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
    # The fixed words of the column: the template offers them as a drop-down list.
    choices: tuple[str, ...] = ()


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


def sheet_name(title) -> str:
    """``title`` as Excel accepts it: 31 characters at most, none of ``[]:*?/\\``."""
    return re.sub(r"[\[\]:*?/\\]", "-", str(title))[:31]
