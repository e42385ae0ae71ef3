"""The committee's pages for a round: list, create and edit, the round page (state, eligible
models, assignment), and the transitions."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from danvan.accounts.enums import MANAGE_ROLES
from danvan.core.queries import events_for_object
from danvan.core.views import render_panels, render_timeline_items, timeline_page
from danvan.initiatives.queries import initiatives_visible_to
from danvan.reviews import queries, services
from danvan.reviews.enums import ROUND_TRANSITIONS, SETUP_STATES, RoundState
from danvan.reviews.forms import AddInitiativeForm, AssignForm, RoundForm
from danvan.reviews.models import Assignment, Review
from danvan.reviews.views.common import (
    add_form_errors,
    error_text,
    managed_round,
    out_of_scope_404,
    posted_int,
    visible_round,
)

ENTRIES_PAGE = 50
ASSIGNMENTS_PAGE = 100
TRANSITION_LABELS = {
    RoundState.OPEN: gettext_lazy("Open the round for scoring"),
    RoundState.CLOSED: gettext_lazy("Close the round"),
    RoundState.DECIDED: gettext_lazy("Mark the round decided"),
}


def _managed_initiatives(request: HttpRequest):
    """The models the user may put in a round and act on (the services' rule)."""
    return initiatives_visible_to(request.user, roles=MANAGE_ROLES)


def _eligible_managed(request: HttpRequest, review_round):
    """The round's models that the user may assign and decide on."""
    return _managed_initiatives(request).filter(
        pk__in=services.eligible_entries(review_round).values("initiative_id")
    )


def round_list(request: HttpRequest) -> HttpResponse:
    rounds = queries.review_rounds_visible_to(request.user).order_by("-period_end", "-id")
    context = {
        "rounds": rounds,
        "queue": queries.reviewer_queue(request.user),
        "can_add": request.user.has_perm("reviews.add_reviewround"),
    }
    return render(request, "reviews/round_list.html", context)


@out_of_scope_404
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


@out_of_scope_404
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
                version=posted_int(request.POST.get("version")),
                acting_user=request.user,
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The round was saved."))
            return redirect("reviews:round-detail", review_round.pk)
    context = {"form": form, "title": _("Edit the round"), "review_round": review_round}
    return render(request, "reviews/round_form.html", context)


def _entries_page(request: HttpRequest, review_round, *, can_remove: bool = False):
    """A page of the round's models, each saying whether the user may take it out: a round in
    set-up, a model the user manages, no scores on it in the round (the service's rule)."""
    entries = (
        services.eligible_entries(review_round)
        .select_related("initiative", "initiative__place", "initiative__owner_organization")
        .order_by("initiative__code")
    )
    page = Paginator(entries, ENTRIES_PAGE).get_page(request.GET.get("page"))
    ids = [entry.initiative_id for entry in page.object_list]
    removable = set()
    if can_remove:
        scored = set(
            Review.objects.filter(round=review_round, initiative_id__in=ids).values_list(
                "initiative_id", flat=True
            )
        )
        managed = _managed_initiatives(request).filter(pk__in=ids).values_list("pk", flat=True)
        removable = set(managed) - scored
    for entry in page.object_list:
        entry.removable = entry.initiative_id in removable
    return page


def _assignments_page(request: HttpRequest, review_round, *, can_remove: bool):
    """A page of the round's assignments (``apage``), each saying whether the user may remove
    it: a round in set-up, a model the user manages, no scores yet (the service's rule)."""
    page = Paginator(queries.round_assignments(review_round), ASSIGNMENTS_PAGE).get_page(
        request.GET.get("apage")
    )
    managed = (
        set(
            _managed_initiatives(request)
            .filter(pk__in=[a.initiative_id for a in page.object_list])
            .values_list("pk", flat=True)
        )
        if can_remove
        else set()
    )
    for assignment in page.object_list:
        try:
            scored = assignment.review is not None
        except ObjectDoesNotExist:
            scored = False
        assignment.removable = assignment.initiative_id in managed and not scored
    return page


def round_detail(request: HttpRequest, pk: int, *, assignment_result=None) -> HttpResponse:
    review_round = visible_round(request, pk)
    events = events_for_object(review_round)
    if request.htmx and request.GET.get("timeline"):
        return render_timeline_items(request, events, f"{request.path}?timeline=1")
    can_manage = request.user.has_perm("reviews.change_reviewround", review_round)
    in_setup = review_round.state in SETUP_STATES
    eligible = _eligible_managed(request, review_round).order_by("code")
    pool = review_round.reviewers.order_by("full_name")
    context = {
        "review_round": review_round,
        "progress": queries.round_progress(review_round),
        "entries": _entries_page(request, review_round, can_remove=can_manage and in_setup),
        "assignments": _assignments_page(request, review_round, can_remove=can_manage and in_setup),
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
        "add_form": AddInitiativeForm(initiatives=_managed_initiatives(request)),
        "assign_form": AssignForm(
            initiatives=eligible, reviewers=queries.reviewers_assignable_by(request.user)
        ),
        "assignment_result": assignment_result,
        "page": timeline_page(events, 1),
        "more_url": f"{request.path}?timeline=1",
        "panels": render_panels(request, review_round),
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


@out_of_scope_404
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


@out_of_scope_404
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


@out_of_scope_404
@require_POST
def round_add_initiative(request: HttpRequest, pk: int) -> HttpResponse:
    review_round = managed_round(request, pk)
    form = AddInitiativeForm(request.POST, initiatives=_managed_initiatives(request))
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


@out_of_scope_404
@require_POST
def round_remove_initiative(request: HttpRequest, pk: int, initiative_id: int) -> HttpResponse:
    review_round = managed_round(request, pk)
    # A model of the round that the user manages; anything else does not exist here (404):
    # neither its code nor its name is ever shown.
    initiative = get_object_or_404(
        _managed_initiatives(request).filter(
            pk__in=services.eligible_entries(review_round).values("initiative_id")
        ),
        pk=initiative_id,
    )
    return _act(
        request,
        review_round,
        lambda: services.exclude_initiative(
            review_round=review_round, initiative=initiative, acting_user=request.user
        ),
        _("Removed from the round: %(initiative)s.") % {"initiative": initiative.code},
    )


@out_of_scope_404
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


@out_of_scope_404
@require_POST
def round_assign(request: HttpRequest, pk: int) -> HttpResponse:
    review_round = managed_round(request, pk)
    form = AssignForm(
        request.POST,
        initiatives=_eligible_managed(request, review_round),
        reviewers=queries.reviewers_assignable_by(request.user),
    )
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


@out_of_scope_404
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
