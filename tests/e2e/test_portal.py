"""The portal in the browser (issue 19, 5 and 8): a visitor's comment waits for a moderator of
the section, who approves it in the admin queue; every page type passes axe-core (no serious or
critical violation) at 1280 px and 390 px, and nothing is wider than a phone's screen."""

import re
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from danvan.portal import comments
from danvan.portal.enums import CommentState
from danvan.portal.models import Comment
from danvan.territory.loading import load_units
from tests.factories.accounts import PASSWORD
from tests.portal.factories import make_article, make_section, moderator_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "build" / "vendor" / "axe" / "axe.min.js"
OVERFLOW = "Math.max(0, document.documentElement.scrollWidth - window.innerWidth)"
VIOLATIONS = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({id: v.id, impact: v.impact,
                  nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" "))}));
}"""
SENT = "Ý kiến của bạn đã được gửi và sẽ hiển thị sau khi được biên tập viên duyệt."


@pytest.fixture
def portal(monkeypatch):
    load_units()
    monkeypatch.setattr(comments, "MIN_SECONDS", 0)
    cache.clear()
    section = make_section(title="Tuyên Quang")
    article = make_article(
        section,
        title="Lâm Bình: cán bộ về thôn cùng Nhân dân làm đường, khơi thông cống rãnh",
        tags=["nông thôn mới", "Lâm Bình"],
    )
    make_article(section, title="Yên Lập có 114 mô hình “Dân vận khéo”")
    return {"section": section, "article": article}


def visitor_page(browser, width):
    context = browser.new_context(
        locale="vi-VN",
        viewport={"width": width, "height": 900},
        is_mobile=width < 500,
        has_touch=width < 500,
        bypass_csp=True,  # axe-core is injected by the test
    )
    return context, context.new_page()


def test_a_visitors_comment_shows_once_a_moderator_approves_it(
    browser, live_server, portal, screenshot_dir
):
    article = portal["article"]
    moderator = moderator_of(portal["section"])
    context, page = visitor_page(browser, 1280)
    page.goto(live_server.url + article.url)
    comments_box = page.locator("#y-kien")
    expect(comments_box.get_by_role("heading", level=2)).to_have_text("Ý kiến bạn đọc (0)")
    page.get_by_label("Họ và tên").fill("Hà Thị Lan")
    page.get_by_label("Thư điện tử").fill("lan@example.vn")
    page.get_by_label("Ý kiến của bạn").fill("Mong huyện nhân rộng cách làm này ra các thôn khác.")
    page.get_by_role("button", name="Gửi ý kiến").click()
    expect(page.get_by_role("status")).to_have_text(SENT)
    page.screenshot(path=screenshot_dir / "portal-comment-sent.png", full_page=True)
    assert Comment.objects.get().state == CommentState.PENDING
    page.reload()
    expect(comments_box.get_by_role("heading", level=2)).to_have_text("Ý kiến bạn đọc (0)")
    expect(page.get_by_text("nhân rộng cách làm này")).to_have_count(0)

    admin_context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    admin = admin_context.new_page()
    admin.goto(f"{live_server.url}/dang-nhap/?next=/bien-tap/y-kien/")
    admin.get_by_label("Tên đăng nhập").fill(moderator.username)
    admin.get_by_label("Mật khẩu").fill(PASSWORD)
    admin.get_by_role("button", name="Đăng nhập").click()
    expect(admin).to_have_url(re.compile(r"/bien-tap/y-kien/$"))
    row = admin.locator("tr", has_text="Hà Thị Lan")
    expect(row).to_contain_text("lan@example.vn")  # moderators see it; readers never
    row.get_by_role("button", name="Duyệt", exact=True).click()
    expect(admin.get_by_text("Ý kiến đã được duyệt và hiển thị.")).to_be_visible()
    admin.screenshot(path=screenshot_dir / "portal-comment-queue.png", full_page=True)
    admin_context.close()

    page.reload()
    expect(comments_box.get_by_role("heading", level=2)).to_have_text("Ý kiến bạn đọc (1)")
    expect(comments_box).to_contain_text("Mong huyện nhân rộng cách làm này ra các thôn khác.")
    expect(comments_box).not_to_contain_text("lan@example.vn")
    context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_every_portal_page_passes_axe_and_fits_a_phone(
    browser, live_server, portal, width, screenshot_dir
):
    assert AXE.exists(), "axe-core is copied by `make assets`"
    article = portal["article"]
    Comment.objects.create(
        article=article, name="Bạn đọc", body="Ý kiến đã duyệt.", state=CommentState.APPROVED
    )
    pages = {
        "home": "/",
        "section": portal["section"].url,
        "article": article.url,
        "category": "/chuyen-muc/tin-tuc-su-kien/",
        "search": "/tim-kiem/?q=lam+binh",
        "tag": "/the/lam-binh/",
        "comment": f"/y-kien/{article.pk}/",
    }
    context, page = visitor_page(browser, width)
    source = AXE.read_text()
    found = {}
    for name, path in pages.items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, f"{name} {path}: {response.status}"
        if name == "article":
            expect(page.get_by_label("Họ và tên")).to_be_visible()  # the fetched form
        page.evaluate(source)
        violations = page.evaluate(VIOLATIONS)
        if violations:
            found[name] = violations
        overflow = page.evaluate(OVERFLOW)
        if width < 500:
            assert overflow == 0, f"{name} is {overflow} px wider than a {width} px screen"
        page.screenshot(path=screenshot_dir / f"portal-{name}-{width}.png", full_page=True)
    context.close()
    assert not found, found
