"""The committee table (aggregates, ranking, filters) and the bulk decisions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.core.forms import parse_id
from danvan.initiatives.models import Initiative
from danvan.initiatives.queries import initiatives_visible_to
from danvan.reviews import queries, services
from danvan.reviews.enums import RoundState
from danvan.reviews.forms import DecisionForm, TableFilterForm
from danvan.reviews.views.common import add_form_errors, managed_round, visible_round

TABLE_PAGE = 100


def table_filters(request: HttpRequest) -> tuple[TableFilterForm, queries.TableFilters]:
    form = TableFilterForm(request.GET or None)
    if not form.is_valid():
        return form, queries.TableFilters()
    data = form.cleaned_data
    return form, queries.TableFilters(
        text=data["q"],
        min_mean=data["min_mean"],
        decided=data["decided"],
        complete=data["complete"],
        recommendation=data["recommendation"],
    )


def round_table(request: HttpRequest, pk: int, *, decision_form=None) -> HttpResponse:
    review_round = visible_round(request, pk)
    filter_form, filters = table_filters(request)
    rows = queries.committee_table(review_round, filters, details=False)
    page = Paginator(rows, TABLE_PAGE).get_page(request.GET.get("page"))
    queries.add_details(page.object_list, review_round)
    # The committee's staff may not see every model's page (scope): link only those they may.
    linked = set(
        initiatives_visible_to(request.user)
        .filter(pk__in=[row["initiative_id"] for row in page.object_list])
        .values_list("pk", flat=True)
    )
    for row in page.object_list:
        row["linked"] = row["initiative_id"] in linked
    can_decide = (
        request.user.has_perm("reviews.change_reviewround", review_round)
        and review_round.state == RoundState.CLOSED
    )
    if can_decide and decision_form is None:
        decision_form = DecisionForm(user=request.user)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "review_round": review_round,
        "page": page,
        "filter_form": filter_form,
        "filtered": any(v for v in filters.__dict__.values()),
        "query": query.urlencode(),
        "decision_form": decision_form if can_decide else None,
        "criteria": list(review_round.criteria_set.criteria.all()),
    }
    if request.htmx and not request.htmx.boosted and request.GET.get("partial"):
        return render(request, "reviews/round_table.html#table", context)
    return render(request, "reviews/round_table.html", context)


@require_POST
def round_decide(request: HttpRequest, pk: int) -> HttpResponse:
    review_round = managed_round(request, pk)
    form = DecisionForm(request.POST, user=request.user)
    picked = [number for value in request.POST.getlist("pick") if (number := parse_id(value))]
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
