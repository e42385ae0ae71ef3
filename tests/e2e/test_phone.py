"""The main lists on a phone (390 px wide, issue 12, 6): nothing wider than the screen, the
filters folded behind one button, the rows as cards."""

import pytest
from playwright.sync_api import expect

from danvan.accounts.enums import Role
from danvan.initiatives.services import seed_catalogues
from danvan.territory.loading import load_units
from tests.documents.factories import make_document
from tests.e2e.test_login import sign_in
from tests.factories.accounts import PASSWORD
from tests.factories.organizations import make_organization, make_person, tuyen_quang
from tests.permissions import user_with_role
from tests.reviews.factories import (
    make_committee,
    make_initiative,
    make_reviewer,
    open_round_with,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LONG = (
    "Vận động nhân dân tham gia xây dựng và bảo vệ môi trường xanh, sạch, đẹp gắn với "
    "phát triển du lịch cộng đồng ở thôn bản vùng đồng bào dân tộc thiểu số"
)
LISTS = {
    "initiatives": "/mo-hinh/",
    "documents": "/van-ban/",
    "organisations": "/to-chuc/",
    "people": "/can-bo/",
    "users": "/nguoi-dung/",
    "rounds": "/binh-xet/",
    "units": "/dia-ban/",
}
OVERFLOW = "Math.max(0, document.documentElement.scrollWidth - window.innerWidth)"
# A table scrolled sideways inside its box is as hard to read on a phone as a page that is.
WIDE_TABLES = """Array.from(document.querySelectorAll("table"))
  .filter((table) => table.getBoundingClientRect().width > window.innerWidth
                     || table.scrollWidth > table.clientWidth + 1).length"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()


def test_the_main_lists_fit_a_phone_with_the_filters_folded(phone, live_server, screenshot_dir):
    load_units()
    seed_catalogues()
    unit = tuyen_quang()
    owner = make_organization(name="Ban Dân vận Tỉnh ủy Tuyên Quang", unit=unit)
    make_person(full_name="Hoàng Thị Hạnh", unit=unit)
    make_document(issuer=owner, title=LONG, number="125-KH/BDVTU")
    initiatives = [make_initiative(name=f"{LONG} {n}") for n in range(3)]
    review_round = open_round_with(initiatives, [make_reviewer(), make_reviewer()], per=2,
                                   committee=make_committee())  # fmt: skip
    admin = user_with_role(Role.ADMIN, unit=unit)
    sign_in(phone, live_server.url, admin.username, PASSWORD)
    pages = {**LISTS, "committee table": f"/binh-xet/{review_round.pk}/bang/"}
    overflowing = {}
    for name, path in pages.items():
        phone.goto(f"{live_server.url}{path}")
        phone.screenshot(path=screenshot_dir / f"phone-{name}.png", full_page=True)
        if excess := phone.evaluate(OVERFLOW):
            overflowing[name] = excess
        if wide := phone.evaluate(WIDE_TABLES):
            overflowing[f"{name}: tables"] = wide
        filters = phone.locator("details.filters-toggle")
        if filters.count():
            expect(filters).not_to_have_attribute("open", "")
            expect(filters.locator("select, input:not([type=search])").first).to_be_hidden()
    assert overflowing == {}
    phone.goto(f"{live_server.url}/mo-hinh/")
    assert phone.locator("details.filters-toggle").count() == 1
    phone.get_by_text("Bộ lọc", exact=True).click()
    expect(phone.get_by_label("Năm", exact=True)).to_be_visible()
    card = phone.locator(".data-table tbody tr").first
    box = card.bounding_box()
    assert box["width"] <= 390
    expect(card.locator("td[data-label='Địa bàn']")).to_be_visible()
