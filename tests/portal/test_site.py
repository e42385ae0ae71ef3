"""The portal as a visitor reads it: root, lists, article, related news, search, feeds, cache."""

import xml.etree.ElementTree as ET

import pytest
from django.test import Client, override_settings

from tests.factories.accounts import UserFactory
from tests.portal.conftest import publish_article

HOST = {"HTTP_HOST": "127.0.0.1"}


def get(path, client=None):
    return (client or Client()).get(path, **HOST)


def test_a_visitor_at_the_root_sees_the_portal_and_an_officer_the_dashboard(portal):
    publish_article(portal["tq"], title="Cán bộ về thôn cùng dân làm đường")
    visitor = get("/")
    assert visitor.status_code == 200
    assert "Cán bộ về thôn cùng dân làm đường" in visitor.content.decode()
    officer = Client()
    officer.force_login(UserFactory())
    page = get("/", officer)
    assert page.status_code == 200
    assert "Cán bộ về thôn cùng dân làm đường" not in page.content.decode()
    assert "core/home.html" in [t.name for t in page.templates]
    # The portal's home stays reachable for the officer.
    assert "Cán bộ về thôn cùng dân làm đường" in get("/cong-thong-tin/", officer).content.decode()


def test_the_article_page_shows_its_facts_and_only_same_category_news_beside_it(portal):
    article = publish_article(
        portal["tq"],
        title="Ra quân Tháng Dân vận",
        lead="Sáng 5/10, hơn 300 đoàn viên ra quân.",
        author="Xuân Cường",
        photo_credit="Vũ Chiến",
        tags=["Tháng Dân vận"],
    )
    same = publish_article(portal["dt"], title="Đồng Tháp khảo sát Nghị quyết 01")
    other = publish_article(portal["dt"], title="Gương sáng bản làng", category="guong-dien-hinh")
    html = get(article.url).content.decode()
    assert "Sáng 5/10, hơn 300 đoàn viên ra quân." in html
    assert "Xuân Cường – Ảnh: Vũ Chiến" in html
    assert "Tin cùng chuyên mục" in html
    assert same.title in html
    assert other.title not in html
    assert 'href="/the/thang-dan-van/"' in html
    assert '<meta property="og:title" content="Ra quân Tháng Dân vận">' in html
    assert "Ý kiến bạn đọc (0)" in html


def test_a_draft_is_neither_listed_nor_served(portal):
    draft = publish_article(portal["tq"], title="Bản nháp chưa duyệt", publish=False)
    assert "Bản nháp chưa duyệt" not in get("/").content.decode()
    assert get("/tuyen-quang/" + draft.slug + "/").status_code == 404
    assert "Bản nháp chưa duyệt" not in get("/tim-kiem/?q=ban+nhap").content.decode()


def test_search_ignores_accents_and_case(portal):
    publish_article(
        portal["tq"], title="Mô hình Dân vận khéo ở Bình An", body="Đường hoa thôn Tống Pu"
    )
    publish_article(portal["dt"], title="Hội nghị sơ kết", body="Không liên quan")
    html = get("/tim-kiem/?q=dan+van+KHEO").content.decode()
    assert "1 tin bài có “dan van KHEO”" in html
    assert "Mô hình Dân vận khéo ở Bình An" in html
    assert "Hội nghị sơ kết" not in html
    assert "Mô hình Dân vận khéo" in get("/tim-kiem/?q=tong+pu").content.decode()
    nothing = get("/tim-kiem/?q=zzzz").content.decode()
    assert "Không tìm thấy tin bài nào" in nothing


def test_a_category_page_and_its_feeds_list_only_that_category(portal):
    inside = publish_article(portal["tq"], title="Dân vận khéo ở Lâm Bình", category="dan-van-kheo")
    publish_article(portal["tq"], title="Tin sự kiện khác")
    html = get("/chuyen-muc/dan-van-kheo/").content.decode()
    assert inside.title in html
    assert "Tin sự kiện khác" not in html
    rss = ET.fromstring(get("/chuyen-muc/dan-van-kheo/rss/").content)  # noqa: S314 (our own feed)
    assert [item.findtext("title") for item in rss.iter("item")] == [inside.title]
    atom = ET.fromstring(get("/chuyen-muc/dan-van-kheo/atom/").content)  # noqa: S314
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert [e.findtext("a:title", namespaces=ns) for e in atom.findall("a:entry", ns)] == [
        inside.title
    ]
    assert get("/chuyen-muc/khong-co/").status_code == 404


def test_the_sitemap_lists_published_articles_only(portal):
    shown = publish_article(portal["tq"], title="Đã xuất bản")
    hidden = publish_article(portal["tq"], title="Chưa xuất bản", publish=False)
    body = get("/sitemap.xml").content.decode()
    assert shown.slug in body
    assert hidden.slug not in body


def test_anonymous_pages_come_from_the_cache_until_something_is_published(
    portal, django_capture_on_commit_callbacks
):
    publish_article(portal["tq"], title="Tin thứ nhất")
    assert get("/")["X-Portal-Cache"] == "miss"
    assert get("/")["X-Portal-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        publish_article(portal["dt"], title="Tin thứ hai vừa đăng")
    fresh = get("/")
    assert fresh["X-Portal-Cache"] == "miss"
    assert "Tin thứ hai vừa đăng" in fresh.content.decode()
    # Signed-in readers always get the page fresh.
    editor = Client()
    editor.force_login(UserFactory())
    assert "X-Portal-Cache" not in get("/cong-thong-tin/", editor)


def test_a_tag_page_gathers_accent_variants_and_unknown_tags_are_404(portal):
    publish_article(portal["tq"], title="Bài một", tags=["Nông thôn mới"])
    publish_article(portal["dt"], title="Bài hai", tags=["nông thôn mới"])
    html = get("/the/nong-thon-moi/").content.decode()
    assert "Bài một" in html
    assert "Bài hai" in html
    assert get("/the/khong-co-the-nay/").status_code == 404


@override_settings(DANVAN_PORTAL_HOST="tin.danvan.example.vn", ALLOWED_HOSTS=["*"])
def test_on_its_own_host_only_the_portal_answers(portal):
    publish_article(portal["tq"], title="Tin trên tên miền riêng")
    client = Client()
    assert (
        "Tin trên tên miền riêng"
        in client.get("/", HTTP_HOST="tin.danvan.example.vn").content.decode()
    )
    assert client.get("/mo-hinh/", HTTP_HOST="tin.danvan.example.vn").status_code == 404
    assert client.get("/bien-tap/", HTTP_HOST="tin.danvan.example.vn").status_code == 404
    # The work system stays on its own name.
    assert client.get("/mo-hinh/", HTTP_HOST="127.0.0.1").status_code == 302


# Wagtail's rendition code leaves its temporary files to the garbage collector (Willow's
# SpooledTemporaryFile): not ours to close.
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_cover_picture_is_served_to_visitors_and_nothing_else_of_the_media(portal):
    from io import BytesIO

    from django.core.files.images import ImageFile
    from django.core.files.storage import default_storage
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    buffer = BytesIO()
    PILImage.new("RGB", (800, 600), (164, 22, 26)).save(buffer, "JPEG")
    picture = Image.objects.create(title="Ra quân", file=ImageFile(buffer, name="ra-quan.jpg"))
    article = publish_article(portal["tq"], title="Tin có ảnh", cover=picture)
    html = get(article.url).content.decode()
    src = html.split('<figure class="p-figure"><img ', 1)[1].split('src="', 1)[1].split('"', 1)[0]
    assert src.startswith("/media/images/")
    served = get(src)
    assert served.status_code == 200
    assert b"".join(served.streaming_content)[:2] == b"\xff\xd8"  # a JPEG
    served.close()
    default_storage.save("documents/2026/mat.pdf", BytesIO(b"%PDF-1.4 private"))
    assert get("/media/images/../documents/2026/mat.pdf").status_code == 404
    assert get("/media/documents/2026/mat.pdf").status_code == 404
