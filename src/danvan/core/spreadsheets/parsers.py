"""Parsers for ``Column.parse``: they get a non-empty cell value and raise ValueError(message)."""

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from danvan.core.folding import fold

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
