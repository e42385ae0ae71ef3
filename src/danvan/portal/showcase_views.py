"""The public showcase and the public pages of the records articles cite: open to everyone,
cached whole for anonymous visitors like the portal's pages (``views``), keyed on the portal's
generation, the address and the filters actually applied."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from danvan.core.queries import latest_event_id
from danvan.portal import cache as portal_cache
from danvan.portal import figures, showcase


def _anonymous_cache(view):
    """Serve anonymous GETs from the cache; ``key_extra(request, **kwargs)`` on the view names
    what besides the path makes the page (the filters applied)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        extra = request.GET.urlencode() if request.GET else ""
        key = (
            f"portal:public:{portal_cache.generation()}:{latest_event_id()}:"
            f"{request.get_host()}:{request.path}?{extra}"
        )
        cached = cache.get(key)
        if cached is not None:
            response = HttpResponse(cached)
            response["X-Portal-Cache"] = "hit"
        else:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.cookies:
                cache.set(key, response.content, settings.DANVAN_PORTAL_CACHE_SECONDS)
            response["X-Portal-Cache"] = "miss"
        patch_cache_control(response, public=True, max_age=60)
        return response

    return wrapper


@login_not_required
@require_safe
@_anonymous_cache
def showcase_list(request):
    filters = showcase.parse_filters(request.GET)
    initiatives = showcase.filtered(filters)
    page = Paginator(initiatives, showcase.PER_PAGE).get_page(request.GET.get("trang"))
    query = "&".join(f"{key}={value}" for key, value in filters.query().items())
    context = {
        "filters": filters,
        "page_obj": page,
        "filter_query": query,
        "provinces": showcase.today_provinces(),
        "fields": showcase.fields_of_work(),
        "years": showcase.years(),
        "figures": figures.province_figures(filters.year),
        "period_label": f"năm {filters.year}" if filters.year else "các năm",
        "map_report": {"scope_label": "Bản đồ mô hình được công nhận theo tỉnh, thành phố"},
    }
    return render(request, "portal/showcase_list.html", context)


@login_not_required
@require_safe
@_anonymous_cache
def showcase_initiative(request, pk: int):
    return render(request, "portal/showcase_initiative.html", showcase.initiative_page(pk))


@login_not_required
@require_safe
@_anonymous_cache
def public_activity(request, pk: int):
    return render(request, "portal/public_activity.html", showcase.public_activity(pk))


@login_not_required
@require_safe
@_anonymous_cache
def public_document(request, pk: int):
    document = showcase.public_document(pk)
    return render(request, "portal/public_document.html", {"document": document})


@login_not_required
@require_safe
def public_document_file(request, pk: int):
    """The document's file, only when the document is marked public."""
    document = showcase.public_document(pk)
    if not document.public or not document.file:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    name = f"{document.number or 'van-ban'}.{document.file_kind or 'pdf'}".replace("/", "-")
    return FileResponse(handle, as_attachment=True, filename=name)
