"""Small things in the browser (issue 12, 8): the language changes only on a choice, the focus
is always visible, no interactive element inside another, a favicon."""

import pytest
from playwright.sync_api import expect

from danvan.accounts.enums import Role
from danvan.initiatives.services import seed_catalogues
from danvan.territory.loading import load_units
from tests.e2e.test_login import sign_in
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.organizations import tuyen_quang
from tests.permissions import user_with_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

INTERACTIVE = "a[href], button, input, select, textarea, summary, [role=option], [role=button]"
NESTED = f"""Array.from(document.querySelectorAll("{INTERACTIVE}"))
  .filter((el) => el.querySelector('{INTERACTIVE}'))
  .map((el) => el.outerHTML.slice(0, 120))"""
FOCUS_RING = """(() => {
  const el = document.activeElement, style = getComputedStyle(el);
  return [el.tagName + " " + (el.textContent || el.name || "").trim().slice(0, 30),
          style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2];
})()"""


def test_the_language_changes_only_on_a_choice(page, live_server):
    officer = UserFactory(full_name="Lò Thị Mai")
    sign_in(page, live_server.url, officer.username, PASSWORD)
    select = page.get_by_label("Ngôn ngữ")
    select.focus()
    page.keyboard.press("ArrowDown")  # walking through the options sends nobody away
    page.wait_for_timeout(500)
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.keyboard.press("Enter")  # the choice is made
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_focus_is_visible_and_no_control_sits_inside_another(page, live_server):
    load_units()
    seed_catalogues()
    staff = user_with_role(Role.STAFF, unit=tuyen_quang())
    sign_in(page, live_server.url, staff.username, PASSWORD)
    page.goto(f"{live_server.url}/mo-hinh/dang-ky/")
    page.get_by_label("Địa bàn:", exact=True).fill("binh an")
    expect(page.locator(".place-picker__option").first).to_be_visible()
    assert page.evaluate(NESTED) == []
    unseen = []
    for _step in range(25):
        page.keyboard.press("Tab")
        name, ringed = page.evaluate(FOCUS_RING)
        if not ringed:
            unseen.append(name)
    assert unseen == []
    for path in ("/", "/mo-hinh/", "/van-ban/", "/to-chuc/", "/dia-ban/"):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate(NESTED) == [], path
    response = page.request.get(f"{live_server.url}/favicon.ico")
    assert response.ok
    assert response.headers["content-type"].startswith("image/svg")
