from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.template import Context, Template

from danvan.core.formatting import format_date, format_money, format_number, format_percent


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0, 0, "0"),
        (7, 0, "7"),
        (999, 0, "999"),
        (1599, 0, "1.599"),
        (97_000_000, 0, "97.000.000"),
        (-1234567, 0, "-1.234.567"),
        (1599.5, 1, "1.599,5"),
        (Decimal("1234.565"), 2, "1.234,57"),
        (2.5, 0, "3"),
        (-0.4, 0, "0"),
        (None, 0, ""),
    ],
)
def test_format_number_uses_dot_for_thousands_and_comma_for_decimals(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_format_money_in_dong():
    assert format_money(97_000_000) == "97.000.000 đ"
    assert format_money(Decimal("1500.4")) == "1.500 đ"
    assert format_money(None) == ""


def test_format_percent():
    assert format_percent(12.345) == "12,3%"
    assert format_percent(100, 0) == "100%"


def test_format_date_is_day_month_year():
    assert format_date(date(2022, 10, 31)) == "31/10/2022"
    assert format_date(date(2025, 7, 1)) == "01/07/2025"
    assert format_date(None) == ""


def test_format_datetime_is_shown_in_vietnam_time():
    # 17:30 UTC is 00:30 the next day in Hà Nội (UTC+7).
    assert format_date(datetime(2022, 5, 13, 17, 30, tzinfo=UTC)) == "14/05/2022 00:30"


def test_template_filters_format_the_vietnamese_way():
    rendered = Template("{{ n|vn_number }} | {{ m|vn_money }} | {{ d|vn_date }}").render(
        Context({"n": 1599, "m": 97_000_000, "d": date(2022, 5, 13)})
    )
    assert rendered == "1.599 | 97.000.000 đ | 13/05/2022"
