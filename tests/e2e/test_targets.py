"""A unit reports its figure on a phone (390 px) and the province's dashboard says where the
target stands, in words and colours, with nothing wider than the screen."""

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from danvan.targets import services
from danvan.targets.models import Target
from danvan.territory.loading import load_units
from tests.e2e.test_login import sign_in
from tests.factories.accounts import PASSWORD
from tests.permissions import user_with_role
from tests.targets.factories import commune_of, make_programme, make_target, tuyen_quang

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OVERFLOW = "Math.max(0, document.documentElement.scrollWidth - window.innerWidth)"


def test_a_commune_reports_on_a_phone_and_the_dashboard_turns_green(
    browser, live_server, screenshot_dir
):
    load_units()
    programme = make_programme()
    target = make_target(programme, target_value=Decimal(10))
    commune = commune_of(tuyen_quang())
    services.cascade_target(target=target, shares={commune: Decimal(5)}, acting_user=None)
    share = Target.objects.get(parent=target)
    editor = user_with_role("unit_editor", unit=commune)
    staff = user_with_role("staff", unit=tuyen_quang())

    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    sign_in(page, live_server.url, editor.username, PASSWORD)
    page.goto(f"{live_server.url}/chi-tieu/muc/{share.pk}/bao-cao/")
    page.get_by_label("Tính đến ngày").fill(date.today().strftime("%d/%m/%Y"))
    page.get_by_label("Số liệu").fill("6")
    page.get_by_label("Ghi chú").fill("Sáu mô hình")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages, [role=status], .message").first).to_contain_text(
        "Đã ghi nhận số liệu."
    )
    assert page.evaluate(OVERFLOW) == 0
    context.close()

    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    sign_in(page, live_server.url, staff.username, PASSWORD)
    page.goto(f"{live_server.url}/chi-tieu/{programme.pk}/")
    expect(page.get_by_test_id("summary")).to_contain_text("Đến nay có 0/1 chỉ tiêu")
    expect(page.locator(".targets-table .standing--met")).to_have_count(1)  # the unit, met
    page.screenshot(path=str(screenshot_dir / "targets-dashboard-390.png"), full_page=True)
    assert page.evaluate(OVERFLOW) == 0
    for path in (f"/chi-tieu/muc/{target.pk}/", "/chi-tieu/", "/khao-sat/", "/khao-sat/them/"):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate(OVERFLOW) == 0, path
    assert not errors
    context.close()
