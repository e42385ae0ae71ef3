"""Report periods: the presets officials report on (6, 9 or 10 months, the year, several years),
any from–to period, the period it is compared with, and how a period is named in a report.

The comparison period (*cùng kỳ*) is the same dates as many years earlier as the period spans
calendar years: 01/01–31/10/2022 is compared with 01/01–31/10/2021, the year 2023 with 2022,
2021–2025 with 2016–2020. A 29 February becomes the 28th."""

import calendar
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core.formatting import format_date

# (code, label, last month of the period; None: the whole span of years)
PRESETS = [
    ("6m", gettext_lazy("first 6 months"), 6),
    ("9m", gettext_lazy("9 months"), 9),
    ("10m", gettext_lazy("10 months"), 10),
    ("year", gettext_lazy("the year"), 12),
    ("years", gettext_lazy("several years"), None),
    ("custom", gettext_lazy("from … to …"), None),
]
PRESET_CODES = [code for code, _label, _month in PRESETS]


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _shift_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("a period ends after it starts")

    @classmethod
    def preset(cls, code: str, year: int, *, last_year: int | None = None) -> "Period":
        """``preset("10m", 2022)`` → 01/01–31/10/2022; ``preset("years", 2021, last_year=2025)``
        → 01/01/2021–31/12/2025."""
        if code == "years":
            return cls(date(year, 1, 1), date(last_year or year, 12, 31))
        month = {c: m for c, _label, m in PRESETS}.get(code)
        if month is None:
            raise ValueError(f"unknown preset {code!r}")
        return cls(date(year, 1, 1), _month_end(year, month))

    @property
    def years(self) -> int:
        """How many calendar years the period touches (the step back to its comparison)."""
        return self.end.year - self.start.year + 1

    @property
    def whole_years(self) -> bool:
        return (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31)

    @property
    def months_from_new_year(self) -> int | None:
        """6 for 01/01–30/06 of one year: a period from New Year to the end of a month."""
        if self.start.year != self.end.year or (self.start.month, self.start.day) != (1, 1):
            return None
        if self.end != _month_end(self.end.year, self.end.month):
            return None
        return self.end.month

    def previous(self) -> "Period":
        return Period(_shift_years(self.start, self.years), _shift_years(self.end, self.years))

    def label(self) -> str:
        """How a report names the period inside a sentence: "10 tháng năm 2022", "6 tháng đầu
        năm 2023", "năm 2023", "giai đoạn 2021–2025", "từ ngày 15/03/2023 đến ngày 20/04/2023"."""
        months = self.months_from_new_year
        if self.whole_years:
            if self.years == 1:
                return _("the year %(year)s") % {"year": self.start.year}
            return _("the period %(first)s–%(last)s") % {
                "first": self.start.year,
                "last": self.end.year,
            }
        if months == 6:
            return _("the first 6 months of %(year)s") % {"year": self.start.year}
        if months is not None:
            return _("%(months)s months of %(year)s") % {"months": months, "year": self.start.year}
        return _("the period from %(start)s to %(end)s") % {
            "start": format_date(self.start),
            "end": format_date(self.end),
        }

    def comparison_label(self) -> str:
        """How the previous period is named: "cùng kỳ năm 2021", "giai đoạn 2016–2020"."""
        previous = self.previous()
        if self.years == 1:
            return _("the same period of %(year)s") % {"year": previous.start.year}
        return previous.label()

    def dates(self) -> str:
        return f"{format_date(self.start)}–{format_date(self.end)}"
