"""Vietnamese formatting of dates, numbers and money.

Officials read ``dd/mm/yyyy``, ``1.599`` (dot between thousands, comma before decimals) and
``97.000.000 đ``. These functions are used by templates (``vn`` filters), exports and narratives,
whatever the interface language, so that every figure reads the same everywhere.
"""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

Number = int | float | Decimal


def format_date(value: date | datetime | None) -> str:
    """``dd/mm/yyyy``; a datetime is shown in local time as ``dd/mm/yyyy HH:MM``."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def format_number(value: Number | None, decimals: int = 0) -> str:
    """``1599`` → ``1.599``; ``1599.5`` with one decimal → ``1.599,5``; half rounds up."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups)
    if decimals > 0:
        text = f"{text},{fraction}"
    return f"{sign}{text}"


def format_money(value: Number | None) -> str:
    """Amounts in đồng: ``97000000`` → ``97.000.000 đ`` (no decimals: the đồng has no cents)."""
    if value is None:
        return ""
    return f"{format_number(value)} đ"


def format_percent(value: Number | None, decimals: int = 1) -> str:
    """``12.345`` → ``12,3%``."""
    if value is None:
        return ""
    return f"{format_number(value, decimals)}%"
