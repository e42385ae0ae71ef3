"""A commune sends its 6-month report from a phone in a few taps; the province sees who has
reported and returns it with questions."""

import pytest
from playwright.sync_api import expect

from danvan.accounts.enums import Role
from danvan.submissions.models import Obligation
from danvan.territory.loading import load_units
from tests.e2e.test_login import sign_in
from tests.e2e.test_phone import OVERFLOW
from tests.factories.accounts import PASSWORD
from tests.permissions import user_with_role
from tests.submissions.helpers import binh_an, make_template, tuyen_quang

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()


def test_a_commune_sends_its_report_from_a_phone_and_the_province_returns_it(
    phone, page, live_server, screenshot_dir
):
    load_units()
    template = make_template()
    assert Obligation.objects.filter(template=template, unit=binh_an()).exists()
    editor = user_with_role(Role.UNIT_EDITOR, unit=binh_an())
    sign_in(phone, live_server.url, editor.username, PASSWORD)
    phone.goto(f"{live_server.url}/bao-cao-dinh-ky/")
    row = phone.locator("#my-reports tbody tr", has_text="6 tháng đầu năm 2026")
    row.get_by_role("link", name="Lập báo cáo").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(template.name)
    phone.get_by_label("Số hộ được hỗ trợ").fill("1.250")
    phone.get_by_label("Phương hướng").fill("Tiếp tục nhân rộng mô hình.")
    phone.screenshot(path=screenshot_dir / "phone-submission-form.png", full_page=True)
    assert phone.evaluate(OVERFLOW) == 0
    phone.get_by_role("button", name="Gửi báo cáo").click()
    expect(phone.locator("#status")).to_have_text("Đã gửi, chờ xem xét")
    expect(phone.locator("#frozen-indicators")).to_contain_text("1.250")
    assert phone.evaluate(OVERFLOW) == 0

    staff = user_with_role(Role.STAFF, unit=tuyen_quang())
    sign_in(page, live_server.url, staff.username, PASSWORD)
    page.goto(f"{live_server.url}/bao-cao-dinh-ky/mau/{template.pk}/tinh-hinh/?ky=2026-06")
    expect(page.locator("#board-counts")).to_contain_text("1/124 đơn vị đã gửi báo cáo")
    page.screenshot(path=screenshot_dir / "submissions-board.png", full_page=True)
    expect(page.locator("#board-map circle[data-standing=late]")).to_have_count(1)
    page.get_by_role("link", name="Xã Bình An").click()
    page.get_by_role("textbox", name="Ý kiến").fill("Đề nghị làm rõ số hộ được hỗ trợ.")
    page.get_by_role("button", name="Trả lại, yêu cầu làm rõ").click()
    expect(page.locator("#status")).to_have_text("Bị trả lại, yêu cầu làm rõ")
    page.screenshot(path=screenshot_dir / "submissions-returned.png", full_page=True)

    page.goto(f"{live_server.url}/bao-cao-dinh-ky/mau/{template.pk}/tinh-hinh/?ky=2026-06")
    page.get_by_role("link", name="Báo cáo tổng hợp").click()
    expect(page.locator("#summary")).to_contain_text("1/124 đơn vị đã gửi báo cáo")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải DOCX").click()
    assert download_info.value.suggested_filename.endswith("-2026-06.docx")
    page.screenshot(path=screenshot_dir / "submissions-consolidation.png", full_page=True)
