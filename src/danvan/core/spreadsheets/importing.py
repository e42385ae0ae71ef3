"""Importing rows read by ``read_rows``: all or nothing unless the officer chooses otherwise."""

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.core.permissions import OutOfScope
from danvan.core.spreadsheets.base import OUTCOMES, Column, ImportResult, RowError


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


class FileRows:
    """The records the rows of one file have named so far, so that a second row naming one of
    them is refused with both row numbers instead of silently overwriting the first.

    An importer calls ``claim(key, label)`` as soon as it knows which record a row is — an
    existing record by ``("id", pk)``, a new one by its identity (what "the same record" means
    is the importer's to say) — and before it writes anything. ``row`` is the number of the row
    being handled: ``one_by_one`` sets it when the ``handle_row`` it is given has a
    ``file_rows`` attribute; a batched importer sets it itself. A claim holds even if the row
    fails later: the officer is told of both rows either way.
    """

    def __init__(self) -> None:
        self.row = 0
        self._rows: dict = {}

    def claim(self, key, label: str, *, row: int | None = None) -> None:
        """Raise ``ValidationError`` if a row other than this one (or ``row``) claimed
        ``key``; otherwise note that this row did."""
        row = self.row if row is None else row
        first = self._rows.setdefault(key, row)
        if first != row:
            raise ValidationError(
                _("Same record as row %(row)s: %(record)s.") % {"row": first, "record": label},
                code="duplicate_row",
            )

    def first_row(self, key) -> int | None:
        """The row that claimed ``key``, if one did."""
        return self._rows.get(key)


def one_by_one(
    handle_row: Callable[[dict], str],
) -> Callable[[list[tuple[int, dict]]], Iterator[tuple[int, str | ValidationError]]]:
    """A ``handle_rows`` for ``run_batched_import`` that calls ``handle_row`` on each row in its
    own savepoint, so that one bad row does not spoil the others. If ``handle_row.file_rows``
    is a ``FileRows``, its ``row`` is set before each call."""

    file_rows = getattr(handle_row, "file_rows", None)

    def handle_rows(rows):
        for number, values in rows:
            if file_rows is not None:
                file_rows.row = number
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
