"""The committee's pages for a round: list, create and edit, the round page (state, eligible
models, assignment), and the transitions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from danvan.core.forms import parse_int
from danvan.core.queries import events_for_object
from danvan.core.views import render_timeline_items, timeline_page
from danvan.initiatives.models import Initiative
from danvan.initiatives.queries import initiatives_visible_to
from danvan.reviews import queries, services
from danvan.reviews.enums import ROUND_TRANSITIONS, SETUP_STATES, RoundState
from danvan.reviews.forms import AddInitiativeForm, AssignForm, RoundForm, reviewer_accounts
from danvan.reviews.models import Assignment
from danvan.reviews.views.common import add_form_errors, error_text, managed_round, visible_round

ENTRIES_PAGE = 50
TRANSITION_LABELS = {
    RoundState.OPEN: gettext_lazy("Open the round for scoring"),
    RoundState.CLOSED: gettext_lazy("Close the round"),
    RoundState.DECIDED: gettext_lazy("Mark the round decided"),
}


def round_list(request: HttpRequest) -> HttpResponse:
    rounds = queries.review_rounds_visible_to(request.user).order_by("-period_end", "-id")
    context = {
        "rounds": rounds,
        "queue": queries.reviewer_queue(request.user),
        "can_add": request.user.has_perm("reviews.add_reviewround"),
    }
    return render(request, "reviews/round_list.html", context)


def round_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("reviews.add_reviewround"):
        raise PermissionDenied
    form = RoundForm(
        request.POST or None,
        user=request.user,
        initial={"criteria_set": services.default_criteria_set()},
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "reviewers"}
        try:
            review_round = services.create_round(
                data=data, reviewers=form.cleaned_data["reviewers"], acting_user=request.user
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The round was created as a draft."))
            return redirect("reviews:round-detail", review_round.pk)
    return render(
        request, "reviews/round_form.html", {"form": form, "title": _("New review round")}
    )


def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    review_round = managed_round(request, pk)
    initial = {field: getattr(review_round, field) for field in services.rounds.ROUND_FIELDS}
    initial["reviewers"] = list(review_round.reviewers.all())
    form = RoundForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "reviewers"}
        try:
            services.update_round(
                review_round=review_round,
                data=data,
                reviewers=form.cleaned_data["reviewers"],
                version=parse_int(request.POST.get("version")) or 0,
                acting_user=request.user,
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The round was saved."))
            return redirect("reviews:round-detail", review_round.pk)
    context = {"form": form, "title": _("Edit the round"), "review_round": review_round}
    return render(request, "reviews/round_form.html", context)


def _entries_page(request: HttpRequest, review_round):
    entries = (
        services.eligible_entries(review_round)
        .select_related("initiative", "initiative__place", "initiative__owner_organization")
        .order_by("initiative__code")
    )
    return Paginator(entries, ENTRIES_PAGE).get_page(request.GET.get("page"))


def round_detail(request: HttpRequest, pk: int, *, assignment_result=None) -> HttpResponse:
    review_round = visible_round(request, pk)
    events = events_for_object(review_round)
    if request.htmx and request.GET.get("timeline"):
        return render_timeline_items(request, events, f"{request.path}?timeline=1")
    can_manage = request.user.has_perm("reviews.change_reviewround", review_round)
    in_setup = review_round.state in SETUP_STATES
    eligible = Initiative.objects.filter(
        pk__in=services.eligible_entries(review_round).values("initiative_id")
    ).order_by("code")
    pool = review_round.reviewers.order_by("full_name")
    context = {
        "review_round": review_round,
        "progress": queries.round_progress(review_round),
        "entries": _entries_page(request, review_round),
        "assignments": queries.round_assignments(review_round)[:500],
        "pool": pool,
        "can_manage": can_manage,
        "in_setup": in_setup,
        "transitions": [
            (state, TRANSITION_LABELS[state])
            for state in ROUND_TRANSITIONS[review_round.state]
            if state in TRANSITION_LABELS
        ]
        if can_manage
        else [],
        "add_form": AddInitiativeForm(initiatives=initiatives_visible_to(request.user)),
        "assign_form": AssignForm(initiatives=eligible, reviewers=reviewer_accounts(request.user)),
        "assignment_result": assignment_result,
        "page": timeline_page(events, 1),
        "more_url": f"{request.path}?timeline=1",
    }
    return render(request, "reviews/round_detail.html", context)


def _act(request: HttpRequest, review_round, action, success: str) -> HttpResponse:
    try:
        action()
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, success)
    return redirect("reviews:round-detail", review_round.pk)


@require_POST
def round_transition(request: HttpRequest, pk: int) -> HttpResponse:
    review_round = managed_round(request, pk)
    target = request.POST.get("to_state", "")
    return _act(
        request,
        review_round,
        lambda: services.transition_round(
            review_round=review_round, to_state=target, acting_user=request.user
        ),
        _("The round is now %(state)s.")
        % {"state": RoundState(target).label if target in RoundState.values else target},
    )


@require_POST
def round_apply_filter(request: HttpRequest, pk: int) -> HttpResponse:
    review_round = managed_round(request, pk)
    try:
        added = services.apply_filter(review_round=review_round, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request, _("%(count)s models or exemplars added by the filter.") % {"count": added}
        )
    return redirect("reviews:round-detail", review_round.pk)


@require_POST
def round_add_initiative(request: HttpRequest, pk: int) -> HttpResponse:
    review_round = managed_round(request, pk)
    form = AddInitiativeForm(request.POST, initiatives=initiatives_visible_to(request.user))
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("initiative", [])))
        return redirect("reviews:round-detail", review_round.pk)
    initiative = form.cleaned_data["initiative"]
    return _act(
        request,
        review_round,
        lambda: services.include_initiative(
            review_round=review_round, initiative=initiative, acting_user=request.user
        ),
        _("Added: %(initiative)s.") % {"initiative": initiative.code},
    )


@require_POST
def round_remove_initiative(request: HttpRequest, pk: int, initiative_id: int) -> HttpResponse:
    review_round = managed_round(request, pk)
    initiative = get_object_or_404(Initiative, pk=initiative_id)
    return _act(
        request,
        review_round,
        lambda: services.exclude_initiative(
            review_round=review_round, initiative=initiative, acting_user=request.user
        ),
        _("Removed from the round: %(initiative)s.") % {"initiative": initiative.code},
    )


@require_POST
def round_assign_automatically(request: HttpRequest, pk: int) -> HttpResponse:
    review_round = managed_round(request, pk)
    try:
        result = services.assign_automatically(review_round=review_round, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("reviews:round-detail", review_round.pk)
    messages.success(
        request,
        _("%(created)s assignments made, %(short)s models left short")
        % {"created": result.created, "short": len(result.short)},
    )
    return round_detail(request, review_round.pk, assignment_result=result)


@require_POST
def round_assign(request: HttpRequest, pk: int) -> HttpResponse:
    review_round = managed_round(request, pk)
    eligible = Initiative.objects.filter(
        pk__in=services.eligible_entries(review_round).values("initiative_id")
    )
    form = AssignForm(request.POST, initiatives=eligible, reviewers=reviewer_accounts(request.user))
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("reviews:round-detail", review_round.pk)
    data = form.cleaned_data
    return _act(
        request,
        review_round,
        lambda: services.assign_reviewer(
            review_round=review_round,
            initiative=data["initiative"],
            reviewer=data["reviewer"],
            acting_user=request.user,
        ),
        _("%(reviewer)s will score %(initiative)s.")
        % {"reviewer": data["reviewer"], "initiative": data["initiative"].code},
    )


@require_POST
def round_unassign(request: HttpRequest, pk: int, assignment_id: int) -> HttpResponse:
    review_round = managed_round(request, pk)
    assignment = get_object_or_404(
        Assignment.objects.select_related("round", "initiative", "reviewer"),
        pk=assignment_id,
        round=review_round,
    )
    return _act(
        request,
        review_round,
        lambda: services.unassign(assignment=assignment, acting_user=request.user),
        _("The assignment was removed."),
    )
