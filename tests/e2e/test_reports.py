import re
from datetime import date

import pytest
from playwright.sync_api import expect

from danvan.accounts.enums import Role
from danvan.territory.loading import load_units
from tests.e2e.test_login import sign_in
from tests.factories.accounts import PASSWORD
from tests.factories.organizations import make_organization, tuyen_quang
from tests.permissions import user_with_role
from tests.reports import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_province_officer_builds_the_annual_report_and_downloads_it(
    page, live_server, screenshot_dir
):
    load_units()  # transactional tests start from an empty database
    lam_binh = factories.unit("huyện Lâm Bình, tỉnh Tuyên Quang", as_of=date(2024, 1, 1))
    na_hang = factories.unit("huyện Na Hang, tỉnh Tuyên Quang", as_of=date(2024, 1, 1))
    factories.add(factories.communes(lam_binh)[:3], 9, year=2024, status="active")
    factories.add(factories.communes(na_hang)[:2], 4, year=2024, subject="individual")
    factories.add(factories.communes(na_hang)[:2], 5, year=2023)
    staff = user_with_role(Role.STAFF, unit=tuyen_quang())
    sign_in(page, live_server.url, staff.username, PASSWORD)

    nav = page.get_by_role("navigation", name="Điều hướng chính")
    nav.get_by_role("link", name="Báo cáo", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Báo cáo")
    page.get_by_label("Năm", exact=True).fill("2024")
    page.get_by_role("button", name="Xem báo cáo").click()
    result = page.locator("#report-result")
    expect(result).to_contain_text(
        "Trong năm 2024, toàn tỉnh xây dựng được 13 mô hình, trong đó có 9 mô hình tập thể "
        "và 4 mô hình cá nhân. So với cùng kỳ năm 2023 (5 mô hình), tăng 8 mô hình (160,0%)."
    )
    expect(page).to_have_url(re.compile(r"year=2024"))
    expect(result.locator("svg.chart")).to_be_visible()
    expect(result.locator("svg.map circle")).to_have_count(2)
    page.screenshot(path=screenshot_dir / "report-builder.png", full_page=True)

    # Drill down from the province into huyện Lâm Bình's communes.
    page.locator(".report-table").get_by_role("link", name="Huyện Lâm Bình").click()
    expect(page.locator("#report-heading")).to_contain_text("Huyện Lâm Bình, tỉnh Tuyên Quang")
    expect(page.locator(".report-table tbody tr")).to_have_count(3)
    page.go_back()

    page.get_by_label("Nhóm theo").select_option("subject")
    expect(page.locator(".report-table tbody")).to_contain_text("Cá nhân")
    with page.expect_navigation():
        page.get_by_role("button", name="Tải XLSX").click()
    expect(page.get_by_role("heading", name="Tệp đã sẵn sàng")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"^Tải bao-cao-20240101-20241231\.xlsx")).click()
    assert download_info.value.suggested_filename == "bao-cao-20240101-20241231.xlsx"
    page.screenshot(path=screenshot_dir / "report-file.png", full_page=True)

    # The home page's dashboard lists the file among the pending work.
    nav.get_by_role("link", name="Trang chủ").click()
    expect(
        page.get_by_role("heading", name=re.compile("^Phạm vi của tôi từ đầu năm"))
    ).to_be_visible()
    expect(page.locator(".home-dashboard")).to_contain_text("XLSX")
    page.screenshot(path=screenshot_dir / "report-home.png", full_page=True)
    assert page.console_errors == []


def test_builder_pickers_suggest_and_the_report_uses_the_choice(page, live_server, screenshot_dir):
    """The place and organisation pickers show suggestions inside the builder's form (its
    ``hx-select`` once wiped them); the choice scopes the report; a unit outside the user's
    grants is refused with a message, not reported as zeros."""
    load_units()
    lam_binh = factories.unit("huyện Lâm Bình, tỉnh Tuyên Quang", as_of=date(2024, 1, 1))
    na_hang = factories.unit("huyện Na Hang, tỉnh Tuyên Quang", as_of=date(2024, 1, 1))
    women = make_organization(name="Hội Liên hiệp Phụ nữ tỉnh Tuyên Quang", kind="mass_org")
    factories.add(factories.communes(lam_binh)[:3], 9, year=2024, status="active")
    factories.add(factories.communes(na_hang)[:2], 4, year=2024, owner=women)
    staff = user_with_role(Role.STAFF, unit=tuyen_quang())
    sign_in(page, live_server.url, staff.username, PASSWORD)
    page.goto(f"{live_server.url}/bao-cao/")
    page.get_by_label("Năm", exact=True).fill("2024")

    place = page.locator("#id_scope")
    place.fill("")
    place.press_sequentially("Lâm Bình", delay=30)
    options = page.locator("#id_scope-options [data-place-option]")
    expect(options.first).to_be_visible()
    expect(page.locator("#id_scope-options")).to_contain_text("Huyện Lâm Bình")
    page.screenshot(path=screenshot_dir / "report-picker.png", full_page=True)
    page.locator("#id_scope-options").get_by_role(
        "button", name=re.compile("^Huyện Lâm Bình")
    ).click()
    heading = page.locator("#report-heading")
    expect(heading).to_contain_text("Huyện Lâm Bình")
    expect(page.locator(".report-table tfoot")).to_contain_text("9")
    expect(page).to_have_url(re.compile(rf"scope={lam_binh.pk}"))

    # An organisation instead of a place.
    place.fill("")
    organization = page.locator("#id_organization")
    organization.press_sequentially("Phụ nữ", delay=30)
    expect(page.locator("#id_organization-options")).to_contain_text("Hội Liên hiệp Phụ nữ")
    page.locator("#id_organization-options [data-place-option]").first.click()
    expect(heading).to_contain_text("Hội Liên hiệp Phụ nữ tỉnh Tuyên Quang")
    expect(page.locator(".report-table tfoot")).to_contain_text("4")

    # A unit outside the user's grants: refused, no table of zeros.
    organization.fill("")
    place.press_sequentially("Ba Bể", delay=30)
    page.locator("#id_scope-options [data-place-option]").first.click()
    result = page.locator("#report-result")
    expect(result).to_contain_text("nằm ngoài phạm vi của đồng chí")
    expect(result.locator(".report-table")).to_have_count(0)
    page.screenshot(path=screenshot_dir / "report-refused.png", full_page=True)
    assert page.console_errors == []
