"""A citizen follows a petition by its code on a phone (390 px), without an account."""

import pytest
from playwright.sync_api import expect

from danvan.territory.loading import load_units
from tests.dialogues.factories import binh_an, make_organization, make_petition

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OVERFLOW = "Math.max(0, document.documentElement.scrollWidth - window.innerWidth)"


def test_a_citizen_follows_a_petition_by_its_code_on_a_phone(browser, live_server, screenshot_dir):
    load_units()
    ubnd = make_organization(name="Ủy ban nhân dân xã Bình An", unit=binh_an())
    petition = make_petition(responsible=ubnd)
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    errors = []
    phone.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    phone.goto(f"{live_server.url}/tra-cuu-kien-nghi/")
    phone.get_by_label("Mã tra cứu").fill(petition.code.lower())
    phone.get_by_role("button", name="Tra cứu").click()
    expect(phone.get_by_role("heading", name=f"Kiến nghị {petition.code}")).to_be_visible()
    expect(phone.get_by_text("Đang xử lý")).to_be_visible()
    expect(phone.get_by_text("Ủy ban nhân dân xã Bình An").first).to_be_visible()
    assert "Lò Văn Sáng" not in phone.content()
    assert phone.evaluate(OVERFLOW) == 0
    phone.screenshot(path=str(screenshot_dir / "petition-status-phone.png"), full_page=True)
    assert errors == []
    context.close()
