"""The portal's entry points: the site root, Wagtail's pages served (cached for anonymous
visitors), and the sitemap."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.urls import ResolverMatch
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe
from wagtail import views as wagtail_views
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from danvan.core import views as core_views
from danvan.portal import cache as portal_cache


def _cacheable(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and not request.GET
        and not getattr(request, "is_preview", False)
    )


def _cache_key(request) -> str:
    return f"portal:page:{portal_cache.generation()}:{request.get_host()}:{request.path}"


def cached_response(request):
    """The cached page for this anonymous request, or None (``PortalCacheMiddleware`` asks
    before the session and authentication middleware have run)."""
    try:
        key = _cache_key(request)
    except DisallowedHost:
        return None
    cached = cache.get(key)
    if cached is None:
        return None
    content, content_type = cached
    response = HttpResponse(content, content_type=content_type)
    response["X-Portal-Cache"] = "hit"
    patch_cache_control(response, public=True, max_age=60)
    # What CommonMiddleware, LanguageMiddleware and XFrameOptionsMiddleware add on the long way.
    response.headers["Content-Length"] = str(len(content))
    response.headers["Content-Language"] = settings.LANGUAGE_CODE
    patch_vary_headers(response, ["Cookie"])
    response.headers["X-Frame-Options"] = settings.X_FRAME_OPTIONS
    return response


@login_not_required
def serve(request, path=""):
    """A portal page. Anonymous visitors get it from the cache when it is there (no query
    string, nothing personal on it); signed-in readers (editors) always get it fresh."""
    if not _cacheable(request):
        return wagtail_views.serve(request, path)
    key = _cache_key(request)
    cached = cache.get(key)
    if cached is not None:
        content, content_type = cached
        response = HttpResponse(content, content_type=content_type)
        response["X-Portal-Cache"] = "hit"
    else:
        response = wagtail_views.serve(request, path)
        if hasattr(response, "render"):
            response.render()
        if response.status_code == 200 and not response.cookies:
            cache.set(
                key,
                (response.content, response["Content-Type"]),
                settings.DANVAN_PORTAL_CACHE_SECONDS,
            )
        response["X-Portal-Cache"] = "miss"
    patch_cache_control(response, public=True, max_age=60)
    return response


@login_not_required
def root(request):
    """The site root: the portal for visitors, the work dashboard for signed-in officers (the
    portal's home stays at /cong-thong-tin/ for them)."""
    if request.user.is_authenticated and not settings.DANVAN_PORTAL_HOST:
        # The dashboard, as if reached by its own name (the menu marks "Trang chủ").
        request.resolver_match = ResolverMatch(
            core_views.home, (), {}, url_name="home", app_names=["core"], namespaces=["core"]
        )
        return core_views.home(request)
    if not _portal_exists():
        # No portal set up (a database made without `manage.py setup`): the sign-in page.
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    return serve(request, "")


def _portal_exists() -> bool:
    from danvan.portal.models import PortalHomePage

    key = f"portal:exists:{portal_cache.generation()}"
    exists = cache.get(key)
    if exists is None:
        exists = PortalHomePage.objects.live().exists()
        cache.set(key, exists, 60)
    return exists


@login_not_required
def portal_home(request):
    return serve(request, "")


@login_not_required
@require_safe
def sitemap(request):
    return wagtail_sitemap(request)


def not_found(request, exception=None):
    """The portal's own "not found" page (on its own host name, where the work system's
    addresses do not exist)."""
    from django.shortcuts import render

    return render(request, "portal/404.html", status=404)


RENDITIONS = "images/"


@login_not_required
@require_safe
def rendition(request, name: str):
    """A picture of the portal as its pages show it (Wagtail's renditions, ``images/``), for
    anyone; nothing else of the media storage is reachable here (nginx may serve the same
    folder directly in production)."""
    from django.core.files.storage import default_storage
    from django.http import FileResponse, Http404

    path = RENDITIONS + name
    if ".." in name.split("/") or name.startswith("/") or not default_storage.exists(path):
        raise Http404
    response = FileResponse(default_storage.open(path, "rb"))
    patch_cache_control(response, public=True, max_age=7 * 24 * 3600)
    return response
