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
    and a slice reads one page — through ``queries.page_rows``, or by id when the ids of the
    list are already known (a text search under the cap)."""

    def __init__(self, initiatives, *, ordering: list[str], count: int, ids=None):
        self.initiatives, self.ordering, self.total, self.ids = initiatives, ordering, count, ids

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, window: slice) -> list:
        if self.ids is not None:
            return queries.rows_by_ids(self.ids[window], ordering=self.ordering)
        return queries.page_rows(
            self.initiatives,
            ordering=self.ordering,
            offset=window.start,
            limit=window.stop - window.start,
        )


class UncountedPage:
    """A page of a list that was not counted (more matches than the cap), up to the cap's last
    page: one row more than the page is read from ``rows`` (a ``ListRows``) to know whether a
    next page exists; the pager shows no number of pages."""

    def __init__(self, rows, *, number: str | None):
        last = max(1, -(-queries.COUNT_CAP // PAGE_SIZE))  # the pages the cap holds
        try:
            self.number = min(max(int(number or 1), 1), last)
        except ValueError:
            self.number = 1
        rows = rows[(self.number - 1) * PAGE_SIZE : self.number * PAGE_SIZE + 1]
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


def _counts_and_page(request: HttpRequest, filters: InitiativeFilterForm, initiatives):
    """The counts by status (over every filter but the status) and the page (with it): two
    queries whatever the filters and the page. The structured filters are counted exactly from
    the index. A text search is read once for both, up to ``COUNT_CAP`` matches; above, it is
    "more than 10.000" unless the officer asks for the exact count."""
    status = filters.values()["status"]
    ordering = filters.ordering()
    shown = initiatives.filter(status=status) if status else initiatives
    number = request.GET.get("page")
    ids = None
    if filters.values()["q"] and request.GET.get("count") != "exact":
        counts, found = queries.first_matches(initiatives, ordering=ordering, cap=queries.COUNT_CAP)
        if counts.capped and status:
            # The first matches of every status do not hold every match of this one.
            rows = ListRows(shown, ordering=ordering, count=queries.COUNT_CAP + 1)
            return counts, UncountedPage(rows, number=number)
        ids = [pk for pk, found_status in found if not status or found_status == status]
        if counts.capped:
            # The pages the cap holds are among the first matches, in order: read by id.
            rows = ListRows(shown, ordering=ordering, count=len(ids), ids=ids)
            return counts, UncountedPage(rows, number=number)
    else:
        counts = queries.count_by_status(initiatives)
    total = counts.by_status.get(status, 0) if status else counts.total
    rows = ListRows(shown, ordering=ordering, count=total, ids=ids)
    return counts, Paginator(rows, PAGE_SIZE).get_page(number)


def initiative_list(request: HttpRequest) -> HttpResponse:
    filters = InitiativeFilterForm(request.GET, user=request.user)
    initiatives = filters.filter(queries.initiatives_visible_to(request.user))
    counts, page = _counts_and_page(request, filters, initiatives)
    status = filters.values()["status"]
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
        "row_count": page.paginator.count if page.paginator else counts.total,
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
        visible = queries.initiatives_visible_to(request.user).filter(
            kind=Kind.MODEL, place__isnull=False
        )
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
