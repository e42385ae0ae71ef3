"""Issue 12 point 3: a minute follows a minute's conventions (docs/reports.md), not a report's."""

from datetime import date

from django.template.loader import render_to_string
from django.utils import translation

from tests.factories.organizations import make_organization


def test_the_minute_is_signed_by_its_secretary_and_who_presided(db):
    committee = make_organization(name="Ban Chỉ đạo thử", kind="steering")
    review_round = type(
        "Round",
        (),
        {"name": "Đợt 2023", "committee": committee, "period_start": date(2023, 1, 1),
         "period_end": date(2023, 12, 31)},
    )  # fmt: skip
    context = {
        "review_round": review_round,
        "total": 2,
        "decided": 2,
        "criteria": [],
        "documents": [],
        "groups": {},
        "today": date(2026, 12, 7),
    }
    with translation.override("vi"):
        html = render_to_string("reviews/minute.html", context)
    assert "Biên bản lập xong ngày 07/12/2026." in html
    assert "<strong>THƯ KÝ</strong>" in html
    assert "<strong>CHỦ TRÌ</strong>" in html
    assert "T/M" not in html
    assert "Nơi nhận" not in html
