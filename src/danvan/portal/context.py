"""What every portal page's frame shows: the site's name, the category menu (read lazily: the
work system's pages, which never show it, never query it) and the portal's own links."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

PORTAL_LINKS = [{"label": "Mô hình, điển hình", "url": "/dien-hinh/"}]


def portal(request):
    from danvan.portal.reading import categories

    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "portal_categories": SimpleLazyObject(categories),
        "portal_links": PORTAL_LINKS,
    }
