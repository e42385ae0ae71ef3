import re

import pytest
from playwright.sync_api import expect

from danvan.territory.loading import load_units
from danvan.territory.models import AdministrativeUnit
from tests.e2e.test_login import sign_in
from tests.factories.accounts import PASSWORD, AdminFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_record_a_commune_merged_in_2019_with_the_place_picker(
    page, live_server, screenshot_dir
):
    load_units()  # transactional tests start from an empty database
    officer = AdminFactory(full_name="Ma Văn Tuấn")
    district = AdministrativeUnit.objects.get(era="legacy", level="district", code="071")
    sign_in(page, live_server.url, officer.username, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào")

    # Accent-insensitive search from the territory page.
    page.get_by_role("link", name="Địa bàn").click()
    page.get_by_label("Tìm đơn vị (gõ có dấu hoặc không dấu)").fill("lam binh")
    page.get_by_role("link", name="Huyện Lâm Bình").click()
    expect(page).to_have_url(f"{live_server.url}/dia-ban/{district.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Huyện Lâm Bình")

    page.get_by_role("link", name="Thêm đơn vị đã giải thể, sáp nhập trước đây").click()
    page.get_by_label("Loại").select_option("xa")
    page.get_by_label("Tên").fill("Thượng Lâm Cũ")
    page.get_by_label("Ngày kết thúc").fill("31/12/2019")
    picker = page.get_by_label("Nay thuộc về")
    picker.fill("binh an")
    option = page.get_by_role("button", name=re.compile(r"^Xã Bình An, Huyện Lâm Bình"))
    option.click()
    expect(picker).to_have_value("Xã Bình An, Huyện Lâm Bình, Tỉnh Tuyên Quang")
    page.screenshot(path=screenshot_dir / "territory-add-former.png", full_page=True)
    page.get_by_role("button", name="Thêm", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Xã Thượng Lâm Cũ")
    history = page.locator(".history")
    expect(history).to_contain_text("Đến 31/12/2019")
    expect(history).to_contain_text("Từ 01/01/2020: sáp nhập vào Xã Bình An")
    page.screenshot(path=screenshot_dir / "territory-former-unit.png", full_page=True)
    assert page.console_errors == []
