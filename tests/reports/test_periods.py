from datetime import date

import pytest

from danvan.reports.periods import Period


@pytest.mark.parametrize(
    ("period", "label", "comparison"),
    [
        (Period.preset("6m", 2023), "6 tháng đầu năm 2023", "cùng kỳ năm 2022"),
        (Period.preset("9m", 2023), "9 tháng năm 2023", "cùng kỳ năm 2022"),
        (Period.preset("10m", 2022), "10 tháng năm 2022", "cùng kỳ năm 2021"),
        (Period.preset("year", 2023), "năm 2023", "cùng kỳ năm 2022"),
        (
            Period.preset("years", 2021, last_year=2025),
            "giai đoạn 2021–2025",
            "giai đoạn 2016–2020",
        ),
        (
            Period(date(2023, 3, 15), date(2023, 4, 20)),
            "thời gian từ ngày 15/03/2023 đến ngày 20/04/2023",
            "cùng kỳ năm 2022",
        ),
    ],
)
def test_period_names_and_comparison(period, label, comparison):
    assert period.label() == label
    assert period.comparison_label() == comparison


def test_previous_period_steps_back_the_years_it_spans():
    assert Period.preset("10m", 2022).previous() == Period(date(2021, 1, 1), date(2021, 10, 31))
    assert Period.preset("years", 2021, last_year=2025).previous() == Period(
        date(2016, 1, 1), date(2020, 12, 31)
    )
    assert Period(date(2024, 2, 29), date(2024, 3, 1)).previous().start == date(2023, 2, 28)


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError, match="ends after"):
        Period(date(2023, 2, 1), date(2023, 1, 1))
