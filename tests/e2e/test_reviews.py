import re

import pytest
from playwright.sync_api import expect

from danvan.initiatives.services import seed_catalogues
from danvan.reviews.models import Recognition, Review, ReviewRound
from danvan.territory.loading import load_units
from tests.e2e.test_login import sign_in
from tests.factories.accounts import PASSWORD
from tests.permissions import user_with_role
from tests.reviews.factories import (
    make_committee,
    make_decision,
    make_initiative,
    make_reviewer,
    open_round_with,
    score,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CRITERIA = [
    "Hiệu quả thiết thực",
    "Sức lan tỏa",
    "Khả năng nhân rộng",
    "Tính bền vững",
    "Được Nhân dân đồng tình",
    "Sáng tạo",
]


def _fill_scores(page, values):
    for name, value in zip(CRITERIA, values, strict=True):
        page.get_by_label(name).fill(value)


def test_a_reviewer_scores_with_save_and_next_then_sees_the_others(
    page, live_server, screenshot_dir
):
    load_units()
    seed_catalogues()
    first = make_initiative(name="Vận động nhân dân xây dựng môi trường xanh, sạch, đẹp")
    second = make_initiative(name="Dân vận khéo trong xây dựng nông thôn mới")
    reviewer = make_reviewer(name="Hoàng Thị Thu")
    colleague = make_reviewer(name="Nông Văn Quý")
    review_round = open_round_with([first, second], [reviewer, colleague], per=2)
    score(review_round.assignments.get(reviewer=colleague, initiative=second), ("9",) * 6)

    sign_in(page, live_server.url, reviewer.username, PASSWORD)
    page.get_by_role("link", name=re.compile(r"^Thông báo \d")).click()
    page.get_by_role("link", name=re.compile("2 mô hình cần chấm")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Phiếu chấm của tôi")
    expect(page.get_by_text("0 / 2 đã gửi, còn 2")).to_be_visible()
    page.get_by_role("link", name=first.name).click()

    expect(page.get_by_text("chỉ hiện sau khi đồng chí gửi")).to_be_visible()
    _fill_scores(page, ["8", "6", "7", "9", "10", "5"])
    page.get_by_label("Nhận xét").fill("Thiết thực, được bà con hưởng ứng")
    page.screenshot(path=screenshot_dir / "reviews-scoring.png", full_page=True)
    page.get_by_role("button", name="Lưu và tiếp").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(second.name)
    expect(page.get_by_text("1 / 2 đã gửi, còn 1")).to_be_visible()
    expect(page.get_by_text("Nông Văn Quý")).to_have_count(0)
    _fill_scores(page, ["7", "7", "7", "7", "7", "7,5"])
    page.get_by_role("button", name="Gửi", exact=True).click()

    expect(page.get_by_text("Đã gửi phiếu chấm.")).to_be_visible()
    expect(
        page.get_by_text("Trung bình 8,03 · trung vị 8,03 · chênh lệch 1,95 · 2 phiếu")
    ).to_be_visible()
    expect(page.get_by_role("cell", name="Nông Văn Quý")).to_be_visible()
    page.screenshot(path=screenshot_dir / "reviews-aggregate.png", full_page=True)
    reviews = Review.objects.filter(assignment__reviewer=reviewer).order_by("initiative__code")
    assert [str(r.weighted_score) for r in reviews] == ["7.450", "7.050"]
    assert page.console_errors == []


def test_the_committee_runs_a_round_in_the_browser_from_creation_to_decision(
    page, live_server, screenshot_dir
):
    load_units()
    seed_catalogues()
    best = make_initiative(name="Vận động nhân dân xây dựng môi trường xanh, sạch, đẹp")
    other = make_initiative(name="Dân vận khéo trong xây dựng nông thôn mới")
    committee = make_committee()
    reviewers = [make_reviewer(name="Hoàng Thị Thu"), make_reviewer(name="Nông Văn Quý")]
    make_decision(issuer=committee, number="45-QĐ/BCĐ")
    staff = user_with_role("staff", unit=committee.unit)

    sign_in(page, live_server.url, staff.username, PASSWORD)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Đợt bình xét"
    ).click()
    page.get_by_role("link", name="Tạo đợt bình xét").click()
    page.get_by_label("Tên đợt bình xét").fill("Bình xét mô hình Dân vận khéo năm 2023")
    page.get_by_label("Ban Chỉ đạo").select_option(label=committee.name)
    page.get_by_label("Từ ngày").fill("01/01/2023")
    page.get_by_label("Đến ngày").fill("31/12/2023")
    page.get_by_label("Hạn chấm điểm").fill("30/11/2023")
    page.get_by_label("Số người chấm mỗi mô hình").fill("2")
    for reviewer in reviewers:
        page.get_by_label(reviewer.full_name).check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã tạo đợt bình xét (bản nháp).")).to_be_visible()

    page.get_by_role("button", name="Lấy mô hình theo thời gian và địa bàn").click()
    status = page.get_by_role("status")
    expect(status).to_have_text("Đã thêm 2 mô hình, điển hình theo điều kiện lọc.")
    page.get_by_role("button", name="Phân công tự động").click()
    expect(status).to_have_text("Đã phân công 4 lượt, 0 mô hình còn thiếu người chấm")
    page.get_by_role("button", name="Mở đợt chấm điểm").click()
    expect(status).to_have_text("Đợt đã chuyển sang trạng thái đang chấm điểm.")
    page.screenshot(path=screenshot_dir / "reviews-round.png", full_page=True)

    review_round = ReviewRound.objects.get()
    for assignment in review_round.assignments.filter(initiative=best):
        score(assignment, ("9",) * 6)
    for assignment in review_round.assignments.filter(initiative=other):
        score(assignment, ("6",) * 6)
    page.reload()
    expect(page.get_by_text("4 / 4 đã gửi, còn 0 (100%)")).to_be_visible()
    page.get_by_role("button", name="Đóng đợt chấm điểm").click()
    expect(status).to_have_text("Đợt đã chuyển sang trạng thái đã đóng.")
    page.get_by_role("link", name="Bảng tổng hợp").click()

    rows = page.locator("#committee-table tbody tr")
    expect(rows.first).to_contain_text(best.name)
    expect(rows.first.locator("[data-mean]")).to_have_text("9,00")
    page.get_by_label(f"Chọn {best.code}").check()
    page.get_by_label("Kết quả").select_option(label="Tiêu biểu")
    page.get_by_label("Cấp:", exact=True).select_option(label="Cấp huyện")
    page.get_by_label("Quyết định:", exact=True).select_option(index=1)
    page.get_by_label("Ngày quyết định").fill("20/12/2023")
    page.screenshot(path=screenshot_dir / "reviews-committee.png", full_page=True)
    page.get_by_role("button", name="Ghi quyết định").click()
    expect(status).to_have_text("Đã ghi quyết định cho 1 mô hình, điển hình.")
    expect(rows.first.locator("[data-decision]")).to_contain_text("Tiêu biểu (cấp huyện)")

    page.get_by_label(f"Chọn {other.code}").check()
    page.get_by_label("Kết quả").select_option(label="Cần củng cố")
    page.get_by_label("Quyết định:", exact=True).select_option(index=1)
    page.get_by_label("Ngày quyết định").fill("20/12/2023")
    page.get_by_role("button", name="Ghi quyết định").click()
    page.get_by_role("link", name=review_round.name).click()
    page.get_by_role("button", name="Hoàn tất đợt").click()
    expect(status).to_have_text("Đợt đã chuyển sang trạng thái đã có quyết định.")

    page.goto(f"{live_server.url}/mo-hinh/{best.pk}/")
    expect(page.get_by_text("Tiêu biểu (cấp huyện)").first).to_be_visible()
    page.screenshot(path=screenshot_dir / "reviews-initiative.png", full_page=True)
    assert [str(r) for r in Recognition.objects.order_by("initiative__code")] == [
        "tiêu biểu (cấp huyện)",
        "cần củng cố",
    ]
    review_round.refresh_from_db()
    assert review_round.state == "decided"
    assert page.console_errors == []
