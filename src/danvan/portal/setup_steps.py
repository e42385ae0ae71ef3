"""Reference data of the portal: its home page at the site root and the news categories."""

from django.conf import settings
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

CATEGORIES = [
    ("Tin tức – Sự kiện", "tin-tuc-su-kien", 10),
    ("Dân vận khéo", "dan-van-kheo", 20),
    ("Gương điển hình", "guong-dien-hinh", 30),
    ("Văn bản – Chỉ đạo", "van-ban-chi-dao", 40),
    ("Hoạt động cơ sở", "hoat-dong-co-so", 50),
]


@transaction.atomic
def ensure_site(stdout=None) -> str:
    from danvan.portal.models import NewsCategory, PortalHomePage

    # Wagtail's migrations make the default locale and the tree's root; a database emptied since
    # (a flush) has neither.
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    for name, slug, order in CATEGORIES:
        NewsCategory.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})
    home = PortalHomePage.objects.first()
    made = home is None
    if made:
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        # Wagtail's own first page ("Welcome to your new Wagtail site!") gives way to ours.
        for child in root.get_children():
            if not isinstance(child.specific, PortalHomePage):
                Site.objects.filter(root_page=child).delete()
                child.delete()
        home = root.add_child(
            instance=PortalHomePage(
                title=settings.WAGTAIL_SITE_NAME,
                slug="trang-chu",
                intro="Tin tức, gương điển hình và mô hình “Dân vận khéo” từ cơ sở.",
            )
        )
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=settings.WAGTAIL_SITE_NAME,
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = settings.WAGTAIL_SITE_NAME
        site.save()
    return "trang chủ cổng thông tin: " + ("đã tạo" if made else "đã có")
