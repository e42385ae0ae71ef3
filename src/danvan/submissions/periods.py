"""A template's reporting periods and their deadlines.

Each period runs from 1 January to the end of one of the template's ``end_months`` (6 → the
first 6 months, 9 → 9 months, 12 → the year); its deadline is the template's ``deadline_day``
of the month after (15 → 15 July for the first 6 months, 15 January of the next year for the
year). A period is named by its key, ``"2026-06"`` (the year and the month it ends with)."""

import calendar
import re
from datetime import date

from danvan.reports.periods import Period

KEY = re.compile(r"^(\d{4})-(\d{2})$")


def period_of(year: int, end_month: int) -> Period:
    return Period(date(year, 1, 1), date(year, end_month, calendar.monthrange(year, end_month)[1]))


def key_of(period: Period) -> str:
    return f"{period.end.year}-{period.end.month:02d}"


def parse_key(text: str, *, end_months=None) -> Period | None:
    """The period a key names (None for anything else, or a month the template does not use)."""
    found = KEY.match(text or "")
    if not found:
        return None
    year, month = int(found[1]), int(found[2])
    if not 2000 <= year <= 2100 or not 1 <= month <= 12:
        return None
    if end_months is not None and month not in end_months:
        return None
    return period_of(year, month)


def deadline(period: Period, deadline_day: int) -> date:
    """``deadline_day`` of the month after the period ends (the month's last day at most)."""
    year, month = period.end.year, period.end.month + 1
    if month == 13:
        year, month = year + 1, 1
    return date(year, month, min(deadline_day, calendar.monthrange(year, month)[1]))


def periods_of(template, years) -> list[Period]:
    """The template's periods in these years, earliest first."""
    return [
        period_of(year, month) for year in sorted(years) for month in sorted(template.end_months)
    ]
