"""What every portal page's frame shows: the site's name and the category menu (read lazily: the
work system's pages, which never show it, never query it)."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject


def portal(request):
    from danvan.portal.reading import categories

    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "portal_categories": SimpleLazyObject(categories),
    }
