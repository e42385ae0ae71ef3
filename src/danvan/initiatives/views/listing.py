from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import capfirst

from danvan.initiatives import queries
from danvan.initiatives.enums import Kind, Status
from danvan.initiatives.forms import InitiativeFilterForm
from danvan.initiatives.views.common import PAGE_SIZE

PICKER_SIZE = 15


class ListRows:
    """The filtered list for the paginator: its length is already known (counted by status),
    and a slice reads one page through ``queries.page_rows``."""

    def __init__(self, initiatives, *, ordering: list[str], count: int):
        self.initiatives, self.ordering, self.total = initiatives, ordering, count

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, window: slice) -> list:
        return queries.page_rows(
            self.initiatives,
            ordering=self.ordering,
            offset=window.start,
            limit=window.stop - window.start,
        )


class UncountedPage:
    """A page of a list that was not counted (more matches than the cap): one row more than the
    page is read to know whether a next page exists; the pager shows no number of pages."""

    def __init__(self, initiatives, *, ordering: list[str], number: str | None, last: int):
        try:
            self.number = min(max(int(number or 1), 1), last)
        except ValueError:
            self.number = 1
        rows = queries.page_rows(
            initiatives,
            ordering=ordering,
            offset=(self.number - 1) * PAGE_SIZE,
            limit=PAGE_SIZE + 1,
        )
        self.object_list = rows[:PAGE_SIZE]
        self._has_next = len(rows) > PAGE_SIZE and self.number < last
        self.paginator = None

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def initiative_list(request: HttpRequest) -> HttpResponse:
    filters = InitiativeFilterForm(request.GET, user=request.user)
    initiatives = filters.filter(queries.initiatives_visible_to(request.user))
    # A text search over many rows is counted up to a cap (exactly when asked); the structured
    # filters are counted exactly from the index. One query either way.
    exact = request.GET.get("count") == "exact"
    cap = None if exact or not filters.values()["q"] else queries.COUNT_CAP
    # Counted before the status filter: each status shows how many the other filters leave.
    counts = queries.count_by_status(initiatives, cap=cap)
    status = filters.values()["status"]
    if status:
        initiatives = initiatives.filter(status=status)
    ordering = filters.ordering()
    if counts.capped:
        page = UncountedPage(
            initiatives,
            ordering=ordering,
            number=request.GET.get("page"),
            last=queries.COUNT_CAP // PAGE_SIZE,
        )
        total = counts.total
    else:
        total = counts.by_status.get(status, 0) if status else counts.total
        rows = ListRows(initiatives, ordering=ordering, count=total)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    exact_query = query.copy()
    exact_query["count"] = "exact"
    context = {
        "filters": filters,
        "page": page,
        "status_counts": [
            {
                "value": item.value,
                "label": capfirst(item.label),
                "count": counts.by_status.get(item.value, 0),
                "current": item.value == status,
            }
            for item in Status
            if counts.by_status.get(item.value)
        ],
        "row_count": total,
        "capped": counts.capped,
        "exact_query": exact_query.urlencode(),
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
            queries.search_initiatives(visible, query)
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
