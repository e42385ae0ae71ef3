"""The committee table in the browser (issue 12, point 5): sorting by a column header, ticking
every model of the page at once, and the header staying in sight."""

import re

import pytest
from playwright.sync_api import expect

from danvan.initiatives.services import seed_catalogues
from danvan.reviews import services
from danvan.reviews.models import Recognition
from danvan.territory.loading import load_units
from tests.e2e.test_login import sign_in
from tests.factories.accounts import PASSWORD
from tests.permissions import user_with_role
from tests.reviews.factories import (
    make_decision,
    make_initiative,
    make_reviewer,
    open_round_with,
    score,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MODELS = {"Mô hình Bến nước": "6", "Mô hình Ánh sáng": "9", "Mô hình Cầu tre": "7"}


def test_the_committee_sorts_ticks_the_whole_page_and_decides(page, live_server, screenshot_dir):
    load_units()
    seed_catalogues()
    initiatives = [make_initiative(name=name) for name in MODELS]
    review_round = open_round_with(initiatives, [make_reviewer()], per=1)
    for assignment in review_round.assignments.select_related("initiative"):
        score(assignment, (MODELS[assignment.initiative.name],) * 6)
    services.transition_round(review_round=review_round, to_state="closed", acting_user=None)
    make_decision(issuer=review_round.committee, number="45-QĐ/BCĐ")
    staff = user_with_role("staff", unit=review_round.committee.unit)

    sign_in(page, live_server.url, staff.username, PASSWORD)
    page.goto(f"{live_server.url}/binh-xet/{review_round.pk}/bang/")
    rows = page.locator("#committee-table tbody tr")
    expect(rows.first).to_contain_text("Mô hình Ánh sáng")  # ranked by mean

    page.locator("#committee-table thead").get_by_role("link", name="Tên").click()
    expect(page).to_have_url(re.compile(r"sort=name"))
    expect(rows.nth(1)).to_contain_text("Mô hình Bến nước")  # Vietnamese order: Á, B, C
    page.locator("#committee-table thead").get_by_role("link", name="Điểm trung bình").click()
    expect(rows.first).to_contain_text("Mô hình Bến nước")  # lowest first
    page.locator("#committee-table thead").get_by_role("link", name="Điểm trung bình").click()
    expect(page).to_have_url(re.compile(r"sort=-mean"))
    expect(rows.first).to_contain_text("Mô hình Ánh sáng")  # the other way
    header = page.locator("#committee-table thead th").first
    assert header.evaluate("th => getComputedStyle(th).position") == "sticky"

    page.get_by_label("Chọn mọi mô hình trên trang này").check()
    boxes = page.locator("#committee-table [data-pick]")
    expect(boxes).to_have_count(3)
    for index in range(3):
        expect(boxes.nth(index)).to_be_checked()
    boxes.first.uncheck()
    expect(page.get_by_label("Chọn mọi mô hình trên trang này")).not_to_be_checked()
    boxes.first.check()
    expect(page.get_by_label("Chọn mọi mô hình trên trang này")).to_be_checked()

    page.get_by_label("Kết quả").select_option(label="Tiêu biểu")
    page.get_by_label("Cấp:", exact=True).select_option(label="Cấp huyện")
    page.get_by_label("Quyết định:", exact=True).select_option(index=1)
    page.screenshot(path=screenshot_dir / "reviews-committee-select-all.png", full_page=True)
    page.get_by_role("button", name="Ghi quyết định").click()

    expect(page.get_by_role("status")).to_have_text("Đã ghi quyết định cho 3 mô hình, điển hình.")
    assert Recognition.objects.filter(round=review_round).count() == 3
    assert page.console_errors == []
