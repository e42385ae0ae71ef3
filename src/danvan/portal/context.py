"""What every portal page's frame shows: the site's name, the category menu (read lazily: the
work system's pages, which never show it, never query it) and the way to the work system (on the
portal's own host name, an absolute address on the work system's)."""

from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject


def portal(request):
    from danvan.portal.reading import categories

    own_host = getattr(request, "urlconf", None) == "config.urls_portal"
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/") if own_host else ""
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "portal_categories": SimpleLazyObject(categories),
        "work_login_url": base + reverse("accounts:login", urlconf=settings.ROOT_URLCONF),
        "work_home_url": base + reverse("core:home", urlconf=settings.ROOT_URLCONF),
    }
