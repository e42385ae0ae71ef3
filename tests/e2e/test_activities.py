"""An officer records the seed 000 activity from a phone (390 px wide): what, when, where (the
hamlets through the place picker), the organisations with their head-counts, the works; the
page fits the screen and the activity's page shows it all."""

import re
import time

import pytest
from playwright.sync_api import expect

from danvan.activities import services
from danvan.activities.models import Activity
from danvan.territory.loading import load_units
from tests.activities import factories as f
from tests.e2e.test_login import sign_in
from tests.factories.accounts import PASSWORD
from tests.permissions import user_with_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
OVERFLOW = "Math.max(0, document.documentElement.scrollWidth - window.innerWidth)"


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    yield page
    context.close()


def pick(page, label, typed, option):
    page.get_by_label(label, exact=True).fill(typed)
    page.get_by_role("button", name=option).first.click()


def test_an_officer_records_seed_000_from_a_phone(phone, live_server, screenshot_dir):
    load_units()
    f.seed()
    f.seed_000_organisations()
    f.hamlet("Tống Pu"), f.hamlet("Phiêng Luông")
    party = f.category("party-members")
    editor = user_with_role("unit_editor", unit=f.tuyen_quang())
    sign_in(phone, live_server.url, editor.username, PASSWORD)
    started = time.monotonic()
    phone.goto(f"{live_server.url}/hoat-dong/ghi-nhan/")
    assert phone.evaluate(OVERFLOW) == 0
    phone.get_by_label("Tên hoạt động:").fill("Ra quân giúp Nhân dân xây dựng nông thôn mới")
    phone.get_by_label("Loại hoạt động:").select_option(label="Lao động cùng Nhân dân")
    phone.get_by_label("Ngày:", exact=True).fill("13/05/2022")
    pick(phone, "Địa bàn:", "binh an", re.compile(r"^Xã Bình An, Huyện Lâm Bình"))
    phone.get_by_text("Địa điểm khác (thôn, bản…)").click()
    pick(phone, "Địa điểm khác 1:", "tong pu", re.compile(r"^Thôn Tống Pu"))
    pick(phone, "Địa điểm khác 2:", "phieng luong", re.compile(r"^Thôn Phiêng Luông"))
    pick(phone, "Tổ chức 1:", "so noi vu", re.compile(r"^Sở Nội vụ tỉnh Tuyên Quang"))
    phone.locator(f"#id_count_1_{party.pk}").fill("25")
    phone.get_by_text("Tổ chức 2", exact=True).click()
    pick(phone, "Tổ chức 2:", "chinh quyen huyen lam binh", re.compile(r"^Đảng ủy Cơ quan"))
    phone.locator("#id_role_2").select_option("organiser")
    phone.locator(f"#id_count_2_{party.pk}").fill("30")
    phone.get_by_label("Số lượt người dân được tiếp cận:").fill("120")
    phone.get_by_text("Khối lượng phần việc", exact=True).click()
    phone.get_by_label("Đường nội đồng bê tông (m):").fill("1.200")
    phone.get_by_label("Đường hoa chăm sóc, trồng mới (m):").fill("800")
    assert phone.evaluate(OVERFLOW) == 0
    phone.screenshot(path=screenshot_dir / "phone-activity-form.png", full_page=True)
    phone.get_by_role("button", name="Ghi nhận", exact=True).click()
    expect(
        phone.get_by_text(re.compile("Đã ghi nhận hoạt động với mã HD-08-2022-"))
    ).to_be_visible()
    elapsed = time.monotonic() - started
    activity = Activity.objects.get()
    assert sorted(activity.places.values_list("unit__name", flat=True)) == [
        "Phiêng Luông",
        "Tống Pu",
    ]
    assert activity.organizations.count() == 2
    expect(phone.get_by_text("Đường nội đồng bê tông: 1.200 m")).to_be_visible()
    expect(phone.get_by_text("Đảng viên: 55")).to_be_visible()
    assert phone.evaluate(OVERFLOW) == 0
    phone.screenshot(path=screenshot_dir / "phone-activity-page.png", full_page=True)
    assert phone.console_errors == []
    assert elapsed < 120


def test_the_list_the_calendar_and_a_campaign_fit_a_phone(phone, live_server, screenshot_dir):
    load_units()
    f.seed()
    activity = f.seed_000()
    tq = f.legacy("L.08.")
    campaign = f.make_campaign(
        organiser=f.make_organization(unit=tq), scope_unit=tq, slogans="Trọng dân, gần dân"
    )
    services.set_plan_line(
        campaign=campaign, unit=f.lam_binh(), planned_activities=3, acting_user=None
    )
    f.make_activity(place=f.binh_an_old(), campaign=campaign)
    staff = user_with_role("staff", unit=f.tuyen_quang())
    sign_in(phone, live_server.url, staff.username, PASSWORD)
    pages = {
        "list": "/hoat-dong/",
        "calendar": "/hoat-dong/lich/?year=2022&month=5",
        "campaign": f"/dot-phong-trao/{campaign.pk}/",
        "activity": f"/hoat-dong/{activity.pk}/",
    }
    overflowing = {}
    for name, path in pages.items():
        phone.goto(f"{live_server.url}{path}")
        phone.screenshot(path=screenshot_dir / f"phone-activities-{name}.png", full_page=True)
        if excess := phone.evaluate(OVERFLOW):
            overflowing[name] = excess
    assert overflowing == {}
    phone.goto(f"{live_server.url}/hoat-dong/lich/?year=2022&month=5")
    expect(phone.get_by_role("link", name=re.compile("^Ra quân giúp Nhân dân"))).to_be_visible()
    assert phone.console_errors == []
