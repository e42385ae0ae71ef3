"""The committee table (aggregates, ranking, filters) and the bulk decisions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from danvan.accounts.enums import MANAGE_ROLES
from danvan.initiatives.models import Initiative
from danvan.initiatives.queries import initiatives_visible_to
from danvan.reviews import queries, services
from danvan.reviews.enums import RoundState
from danvan.reviews.forms import DecisionForm, TableFilterForm
from danvan.reviews.models import Recognition
from danvan.reviews.views.common import (
    add_form_errors,
    error_text,
    managed_round,
    out_of_scope_404,
    posted_ids,
    posted_int,
    visible_round,
)


def table_filters(
    request: HttpRequest, review_round, data=None, prefix=None
) -> tuple[TableFilterForm, queries.TableFilters]:
    form = TableFilterForm(
        data if data is not None else (request.GET or None),
        prefix=prefix,
        tags=review_round.tags.values_list("name", flat=True),
    )
    if not form.is_valid():
        return form, queries.TableFilters()
    data = form.cleaned_data
    return form, queries.TableFilters(
        text=data["q"],
        min_mean=data["min_mean"],
        decided=data["decided"],
        complete=data["complete"],
        recommendation=data["recommendation"],
        tag=data["tag"],
    )


def _page_size(request: HttpRequest) -> int:
    """The rows per page asked for (kept for the user's next visits), else the one kept."""
    asked = posted_int(request.GET.get("size"))
    if asked in services.PAGE_SIZES:
        return services.remember_page_size(user=request.user, size=asked)
    return services.table_page_size(request.user)


# The committee table's columns, each sorting by ``queries.TABLE_SORTS[key]``.
COLUMNS = {
    "rank": gettext_lazy("Rank"),
    "code": gettext_lazy("Code"),
    "name": gettext_lazy("Name"),
    "mean": gettext_lazy("Weighted mean"),
    "median": gettext_lazy("Median"),
    "spread": gettext_lazy("Spread"),
    "reviews": gettext_lazy("Reviews"),
    "recommendation": gettext_lazy("Recommendations"),
    "decision": gettext_lazy("Decision"),
}


def _columns(request: HttpRequest, applied: str) -> list[dict]:
    """Each column's label, the link that sorts by it (again: the other way) and its
    ``aria-sort``."""
    columns = []
    for key, label in COLUMNS.items():
        query = request.GET.copy()
        query.pop("page", None)
        query.pop("partial", None)
        state = ""
        if applied == key:
            state, query["sort"] = "ascending", f"-{key}"
        elif applied == f"-{key}":
            state, query["sort"] = "descending", key
        else:
            query["sort"] = key
        columns.append(
            {"key": key, "label": label, "href": f"?{query.urlencode()}", "state": state}
        )
    return columns


def _managed_ids(request: HttpRequest, review_round) -> set[int]:
    """The round's models the user may decide on (the service's rule: models they manage)."""
    return set(
        initiatives_visible_to(request.user, roles=MANAGE_ROLES)
        .filter(pk__in=services.eligible_entries(review_round).values("initiative_id"))
        .values_list("pk", flat=True)
    )


def round_table(request: HttpRequest, pk: int, *, decision_form=None) -> HttpResponse:
    review_round = visible_round(request, pk)
    filter_form, filters = table_filters(request, review_round)
    rows = queries.committee_table(review_round, filters, details=False)
    rows, sort = queries.sort_rows(rows, request.GET.get("sort", ""))
    size = _page_size(request)
    page = Paginator(rows, size).get_page(request.GET.get("page"))
    queries.add_details(page.object_list, review_round)
    # The committee's staff may not see every model's page (scope): link only those they may.
    linked = set(
        initiatives_visible_to(request.user)
        .filter(pk__in=[row["initiative_id"] for row in page.object_list])
        .values_list("pk", flat=True)
    )
    can_manage = request.user.has_perm("reviews.change_reviewround", review_round)
    can_decide = can_manage and review_round.state == RoundState.CLOSED
    # Only the models the user manages may be ticked, to tag or decide (the services' rule).
    decidable = _managed_ids(request, review_round) if can_manage else set()
    for row in page.object_list:
        row["linked"] = row["initiative_id"] in linked
        row["decidable"] = row["initiative_id"] in decidable
    if can_decide and decision_form is None:
        decision_form = DecisionForm(user=request.user)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("partial", None)
    context = {
        "review_round": review_round,
        "page": page,
        "filter_form": filter_form,
        "filtered": any(v for v in filters.__dict__.values()),
        # The filters again, for "decide on every filtered model" in the decision form.
        "filter_values": [
            (f"filter-{name}", value)
            for name, value in request.GET.items()
            if name in filter_form.fields
        ],
        "decidable_filtered": sum(1 for row in rows if row["initiative_id"] in decidable),
        "query": query.urlencode(),
        "sort": sort,
        "columns": _columns(request, sort),
        "page_size": size,
        "page_sizes": services.PAGE_SIZES,
        "decision_form": decision_form if can_decide else None,
        "can_pick": can_manage,
        "criteria": list(review_round.criteria_set.criteria.all()),
    }
    if request.htmx and not request.htmx.boosted and request.GET.get("partial"):
        return render(request, "reviews/round_table.html#table", context)
    return render(request, "reviews/round_table.html", context)


def _picked(request: HttpRequest, review_round) -> tuple[list[int], dict[int, int]]:
    """The models ticked, or with "all filtered" every model the posted filters select that
    the user may decide on; and each one's decision version as the table showed it (0: none).
    A model on another page of the filtered table was not shown: its decision is taken as it
    stands now."""
    seen = {}
    if request.POST.get("all_filtered") == "1":
        _form, filters = table_filters(request, review_round, data=request.POST, prefix="filter")
        managed = _managed_ids(request, review_round)
        rows = queries.committee_table(review_round, filters, details=False)
        picked = [row["initiative_id"] for row in rows if row["initiative_id"] in managed]
        seen = dict(
            Recognition.objects.filter(round=review_round).values_list("initiative_id", "version")
        )
    else:
        picked = posted_ids(request.POST.getlist("pick"))
    for pk in picked:
        posted = request.POST.get(f"seen-{pk}")
        if posted is not None or pk not in seen:
            seen[pk] = posted_int(posted)
    return picked, seen


@out_of_scope_404
@require_POST
def round_decide(request: HttpRequest, pk: int) -> HttpResponse:
    review_round = managed_round(request, pk)
    if request.POST.get("action") in {"tag", "untag"}:
        return _tag(request, review_round)
    form = DecisionForm(request.POST, user=request.user)
    picked, seen = _picked(request, review_round)
    # The round's models ticked; one out of the user's scope makes the service refuse (404).
    initiatives = list(
        Initiative.objects.filter(
            pk__in=services.eligible_entries(review_round)
            .filter(initiative_id__in=picked)
            .values("initiative_id")
        ).order_by("code")
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            recognitions = services.decide(
                review_round=review_round,
                initiatives=initiatives,
                outcome=data["outcome"],
                level=data["level"],
                decision=data["decision"],
                decided_on=data["decided_on"],
                note=data["note"],
                seen=seen,
                acting_user=request.user,
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(
                request,
                _("Decision recorded for %(count)s models or exemplars.")
                % {"count": len(recognitions)},
            )
            return redirect("reviews:round-table", review_round.pk)
    messages.error(request, _("The decision was not recorded: see the form below the table."))
    return round_table(request, review_round.pk, decision_form=form)


def _tag(request: HttpRequest, review_round) -> HttpResponse:
    """The table's "tag the ticked models" (or take the tag off): same ticks as a decision."""
    picked, _seen = _picked(request, review_round)
    initiatives = Initiative.objects.filter(
        pk__in=services.eligible_entries(review_round)
        .filter(initiative_id__in=picked)
        .values("initiative_id")
    )
    remove = request.POST.get("action") == "untag"
    try:
        count = services.tag_initiatives(
            review_round=review_round,
            initiatives=initiatives,
            name=request.POST.get("tag_name", ""),
            remove=remove,
            acting_user=request.user,
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        done = (
            _("Tag taken off %(count)s models or exemplars.")
            if remove
            else _("Tag given to %(count)s models or exemplars.")
        )
        messages.success(request, done % {"count": count})
    return redirect("reviews:round-table", review_round.pk)
