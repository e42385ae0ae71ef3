from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import capfirst

from danvan.initiatives import queries
from danvan.initiatives.enums import Kind, Status
from danvan.initiatives.forms import InitiativeFilterForm, search
from danvan.initiatives.views.common import PAGE_SIZE

PICKER_SIZE = 15


def initiative_list(request: HttpRequest) -> HttpResponse:
    filters = InitiativeFilterForm(request.GET, user=request.user)
    initiatives = filters.filter(queries.initiatives_visible_to(request.user))
    # Counted before the status filter: each status shows how many the other filters leave.
    counts = queries.counts_by_status(initiatives)
    status = filters.values()["status"]
    if status:
        initiatives = initiatives.filter(status=status)
    initiatives = initiatives.select_related("place", "owner_organization").order_by(
        *filters.ordering()
    )
    page = Paginator(initiatives, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "status_counts": [
            {
                "value": item.value,
                "label": capfirst(item.label),
                "count": counts.get(item.value, 0),
                "current": item.value == status,
            }
            for item in Status
            if counts.get(item.value)
        ],
        "total": sum(counts.values()),
        "filtered": filters.is_filtered(),
        "query": query.urlencode(),
        "can_add": request.user.has_perm("initiatives.add_initiative"),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "initiatives/initiative_list.html#results", context)
    return render(request, "initiatives/initiative_list.html", context)


def initiative_picker(request: HttpRequest) -> HttpResponse:
    """Options for the "replicates" picker (htmx): visible models matching what was typed."""
    field = request.GET.get("field", "")
    query = (request.GET.get("q") or request.GET.get(f"{field}__search") or "").strip()[:200]
    options = []
    if query:
        visible = queries.initiatives_visible_to(request.user).filter(kind=Kind.MODEL)
        found = (
            search(visible, query)
            .select_related("place")
            .order_by("name_folded", "id")[:PICKER_SIZE]
        )
        options = [
            {
                "id": item.pk,
                "label": f"{item.code} — {item.name} ({item.place.inline_name}, {item.year})",
            }
            for item in found
        ]
    return render(
        request, "initiatives/_initiative_options.html", {"options": options, "query": query}
    )
