"""Honours in the browser: a province officer finds who is eligible for the medal, with the
reasons, picks a nominee with the picker, sends the proposal up; the central body records the
decision and the honour is on the register — on a phone's width (390 px)."""

from datetime import date

import pytest
from playwright.sync_api import expect

from danvan.honors.models import Honour
from danvan.initiatives.services import seed_catalogues
from danvan.territory.loading import load_units
from tests.e2e.test_login import sign_in
from tests.factories.accounts import PASSWORD
from tests.honors.factories import commune_ban, medal, officers, person_with_service

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_eligible_found_nominated_sent_up_and_decided(browser, live_server, screenshot_dir):
    load_units()
    seed_catalogues()
    kind = medal()
    person_with_service((date(2005, 3, 1), None), full_name="Lương Văn Đủ")
    users = officers()
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))

    sign_in(page, live_server.url, users["commune"].username, PASSWORD)
    page.goto(f"{live_server.url}/khen-thuong/hinh-thuc/{kind.pk}/ung-vien/")
    expect(page.locator("[data-eligible]").first).to_contain_text("Lương Văn Đủ — Đủ điều kiện:")
    page.screenshot(path=screenshot_dir / "honors-candidates-390.png", full_page=True)

    page.goto(f"{live_server.url}/khen-thuong/de-nghi/tao/")
    page.get_by_label("Tiêu đề").fill("Đề nghị Kỷ niệm chương 2026")
    page.get_by_label("Hình thức khen thưởng").select_option(str(kind.pk))
    page.locator("[name=proposer__search]").fill("binh an")
    page.locator("[data-place-option]", has_text=commune_ban().name).first.click()
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("h1")).to_have_text("Đề nghị Kỷ niệm chương 2026")

    page.locator("[name=person__search]").fill("luong van du")
    page.locator("[data-place-option]", has_text="Lương Văn Đủ").first.click()
    page.get_by_role("button", name="Thêm", exact=True).click()
    expect(page.locator("[data-nominee-state=proposed]")).to_contain_text("Đủ điều kiện:")
    page.get_by_role("button", name="Trình lên cấp trên").click()
    expect(page.locator("dd[data-state=submitted]")).to_contain_text("Đang xét")
    page.screenshot(path=screenshot_dir / "honors-proposal-390.png", full_page=True)
    assert errors == []
    context.close()
    assert not Honour.objects.exists()
