import re

import pytest
from playwright.sync_api import expect

from danvan.accounts.enums import Role
from danvan.initiatives.models import Initiative
from danvan.initiatives.services import seed_catalogues
from danvan.territory.loading import load_units
from tests.e2e.test_login import sign_in
from tests.factories.accounts import PASSWORD
from tests.factories.organizations import make_organization, tuyen_quang
from tests.permissions import user_with_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_register_a_model_then_record_progress(page, live_server, screenshot_dir):
    load_units()  # transactional tests start from an empty database
    seed_catalogues()
    make_organization(name="Chi bộ thôn Tống Pu", kind="party_cell", unit=tuyen_quang())
    staff = user_with_role(Role.STAFF, unit=tuyen_quang())
    sign_in(page, live_server.url, staff.username, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào")

    nav = page.get_by_role("navigation", name="Điều hướng chính")
    nav.get_by_role("link", name="Mô hình, điển hình").click()
    page.get_by_role("link", name="Đăng ký mô hình, điển hình").first.click()
    page.get_by_label("Tên mô hình, điển hình").fill("Đường hoa tự quản thôn Tống Pu")
    page.get_by_label("Đơn vị thực hiện").fill("chi bo thon tong")
    page.get_by_role("button", name=re.compile(r"^Chi bộ thôn Tống Pu")).click()
    page.get_by_label("Xây dựng nông thôn mới").check()
    page.get_by_label("Địa bàn:", exact=True).fill("binh an")
    page.get_by_role("button", name="Xã Bình An, Tỉnh Tuyên Quang").click()
    page.get_by_label("Năm đăng ký").fill("2025")
    page.screenshot(path=screenshot_dir / "initiative-register.png", full_page=True)
    page.get_by_role("button", name="Đăng ký", exact=True).click()

    created = Initiative.objects.get(name="Đường hoa tự quản thôn Tống Pu")
    expect(page).to_have_url(re.compile(rf"/mo-hinh/{created.pk}/$"))
    assert created.code == "08-2025-00001"
    expect(page.get_by_role("heading", level=1)).to_contain_text("Đường hoa tự quản thôn Tống Pu")
    expect(page.get_by_text("08-2025-00001").first).to_be_visible()

    page.get_by_role("link", name="Thêm cập nhật tiến độ").click()
    page.get_by_label("Ngày:", exact=True).fill("13/05/2025")
    page.get_by_label("Nội dung đã thực hiện").fill("Trồng hoa dọc đường thôn")
    page.get_by_role("button", name=re.compile("Lưu|Ghi")).first.click()
    expect(page.get_by_text("Trồng hoa dọc đường thôn").first).to_be_visible()
    page.screenshot(path=screenshot_dir / "initiative-detail.png", full_page=True)
    assert created.progress.count() == 1
    assert page.console_errors == []
