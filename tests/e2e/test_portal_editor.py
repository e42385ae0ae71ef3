"""The portal in the browser: an officer who is also the section's moderator turns an activity
into an article, edits it in the CMS and publishes it; a visitor reads it on a phone."""

import pytest
from playwright.sync_api import expect

from danvan.accounts.enums import Role
from danvan.accounts.models import Grant
from danvan.portal import editors
from danvan.portal.models import ArticlePage
from danvan.territory.loading import load_units
from tests.activities import factories as activity_factories
from tests.e2e.test_login import sign_in
from tests.factories.accounts import PASSWORD
from tests.factories.organizations import make_organization, tuyen_quang
from tests.permissions import user_with_role
from tests.portal.helpers import make_section, site
from tests.portal.test_drafts import an_activity

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_activity_becomes_a_published_article(browser, live_server, screenshot_dir):
    load_units()
    site()
    activity_factories.seed()
    organisation = make_organization(name="Ban Dân vận Tỉnh ủy Tuyên Quang", unit=tuyen_quang())
    section = make_section(organisation)
    officer = user_with_role(Role.PORTAL_MODERATOR, organization=organisation)
    Grant.objects.create(user=officer, role=Role.STAFF, unit=tuyen_quang())
    editors.sync_user(officer)
    activity, _plan = an_activity()

    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server.url, officer.username, PASSWORD)
    page.goto(f"{live_server.url}/hoat-dong/{activity.pk}/")
    page.get_by_role("button", name="Viết tin cho cổng thông tin").click()
    page.wait_for_url("**/bien-tap/pages/*/edit/")
    article = ArticlePage.objects.get(drafted_from=f"activities.activity:{activity.pk}")
    assert not article.live
    title = page.locator("#id_title")
    expect(title).to_have_value(article.title)
    title.fill("Sở Nội vụ cùng Nhân dân Bình An làm đường giao thông nông thôn")
    page.screenshot(path=screenshot_dir / "portal-draft-in-cms.png", full_page=True)
    # Wagtail's footer: the publish action sits in the menu beside "Save draft".
    page.locator("[data-w-dropdown-target='toggle']").last.click()
    page.locator("button[name='action-publish']").click()
    page.wait_for_url("**/bien-tap/pages/*/")
    article.refresh_from_db()
    assert article.live
    assert article.title == "Sở Nội vụ cùng Nhân dân Bình An làm đường giao thông nông thôn"
    context.close()

    phone = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    visitor = phone.new_page()
    visitor.goto(f"{live_server.url}/")
    visitor.get_by_role("link", name=article.title).first.click()
    expect(visitor.locator("h1")).to_have_text(article.title)
    expect(visitor.locator(".p-records")).to_contain_text(activity.title)
    width = visitor.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    visitor.screenshot(path=screenshot_dir / "portal-article-390.png", full_page=True)
    phone.close()
    section.refresh_from_db()
    assert section.get_children().live().count() == 1
