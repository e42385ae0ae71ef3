import re

import pytest
from playwright.sync_api import expect

from danvan.accounts.enums import Role
from danvan.organizations.models import Organization
from danvan.territory.loading import load_units
from tests.e2e.test_login import sign_in
from tests.factories.accounts import PASSWORD
from tests.factories.organizations import make_organization, tuyen_quang
from tests.permissions import user_with_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_add_an_organisation_with_both_pickers(page, live_server, screenshot_dir):
    load_units()  # transactional tests start from an empty database
    make_organization(name="Tỉnh ủy Tuyên Quang", kind="party_committee", unit=tuyen_quang())
    staff = user_with_role(Role.STAFF, unit=tuyen_quang())
    sign_in(page, live_server.url, staff.username, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào")

    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Tổ chức"
    ).click()
    page.get_by_role("link", name="Thêm tổ chức").click()
    page.get_by_label("Tên:", exact=True).fill("Ban Tuyên giáo và Dân vận Tỉnh ủy Tuyên Quang")
    page.get_by_label("Loại").select_option("dan_van")
    page.get_by_label("Trực thuộc").fill("tinh uy tuyen")
    page.get_by_role("button", name=re.compile(r"^Tỉnh ủy Tuyên Quang")).click()
    page.get_by_label("Đơn vị hành chính").fill("tuyen quang")
    page.get_by_role("button", name="Tỉnh Tuyên Quang", exact=True).click()
    page.get_by_label("Ngày thành lập").fill("01/03/2025")
    page.screenshot(path=screenshot_dir / "organization-add.png", full_page=True)
    page.get_by_role("button", name="Lưu").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Tuyên Quang"
    )
    expect(page.locator(".breadcrumbs")).to_contain_text("Tỉnh ủy Tuyên Quang")
    created = Organization.objects.get(name="Ban Tuyên giáo và Dân vận Tỉnh ủy Tuyên Quang")
    assert created.parent.name == "Tỉnh ủy Tuyên Quang"
    assert created.unit == tuyen_quang()
    page.screenshot(path=screenshot_dir / "organization-detail.png", full_page=True)
    assert page.console_errors == []
