import re

import pytest
from playwright.sync_api import expect

from danvan.core.services import record_event
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(page, base_url, username, password):
    # Where the portal is set up, the site root shows it to visitors; a work page sends them to
    # the sign-in page, and after it to the dashboard.
    page.goto(f"{base_url}/mo-hinh/")
    expect(page).to_have_url(re.compile(r"/dang-nhap/\?next=/mo-hinh/$"))
    page.goto(f"{base_url}/dang-nhap/?next=/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_officer_signs_in_through_the_real_page(page, live_server, screenshot_dir):
    officer = UserFactory(full_name="Hoàng Văn Bình")
    sign_in(page, live_server.url, officer.username, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Xin chào, Bình")
    expect(page.get_by_role("navigation", name="Điều hướng chính")).to_contain_text("Trang chủ")
    # The user menu shows who is signed in and their scope.
    page.locator(".user-menu summary").click()
    expect(page.locator(".user-menu__scope")).to_contain_text("Chưa được giao phạm vi")
    page.screenshot(path=screenshot_dir / "login-home.png", full_page=True)
    assert page.console_errors == []


def test_wrong_password_is_explained_and_the_username_kept(page, live_server):
    officer = UserFactory()
    sign_in(page, live_server.url, officer.username, "không-đúng")
    expect(page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng")).to_be_visible()
    expect(page.get_by_label("Tên đăng nhập")).to_have_value(officer.username)


def test_language_switch_and_htmx_show_more(page, live_server, screenshot_dir):
    officer = UserFactory(full_name="Lò Thị Mai")
    for number in range(24):
        record_event(action="accounts.user.logged_in", acting_user=officer, message=f"lần {number}")
    sign_in(page, live_server.url, officer.username, PASSWORD)
    events = page.locator(".timeline__event")
    expect(events).to_have_count(20)
    # htmx appends the older events in place, without leaving the page.
    page.get_by_role("link", name="Xem các sự kiện cũ hơn").click()
    expect(events).to_have_count(25)  # 24 + the sign-in just now
    expect(page).to_have_url(f"{live_server.url}/")
    # Choosing English in the select switches the interface (app.js submits the form).
    page.get_by_label("Ngôn ngữ").select_option("en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Mai")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.screenshot(path=screenshot_dir / "home-english.png", full_page=True)
    page.get_by_label("Language").select_option("vi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Xin chào, Mai")
    assert page.console_errors == []


def test_keyboard_user_can_skip_to_content(page, live_server):
    officer = UserFactory()
    sign_in(page, live_server.url, officer.username, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Bỏ qua, đến nội dung chính")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
