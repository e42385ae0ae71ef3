"""The reviewer's pages: the queue with its progress, and the scoring form ("save and next").
Other reviewers' scores and the aggregate stay hidden until the reviewer submitted."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from danvan.initiatives.queries import initiatives_visible_to
from danvan.reviews import queries, services
from danvan.reviews.enums import SCORING_STATES
from danvan.reviews.forms import ReviewForm
from danvan.reviews.models import Review
from danvan.reviews.views.common import add_form_errors, out_of_scope_404, own_assignment


def queue(request: HttpRequest) -> HttpResponse:
    return render(request, "reviews/queue.html", {"queue": queries.reviewer_queue(request.user)})


def _initial(review: Review | None) -> dict:
    if review is None:
        return {"version": 0}
    # As typed in Vietnamese: "7" and "7,5", never "7.00".
    initial = {
        f"score_{criterion_id}": f"{value.normalize():f}".replace(".", ",")
        for criterion_id, value in queries.review_scores(review).items()
    }
    initial.update(
        comment=review.comment, recommendation=review.recommendation, version=review.version
    )
    return initial


@out_of_scope_404
def review_form(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = own_assignment(request, pk)
    review_round = assignment.round
    criteria_set = review_round.criteria_set
    criteria = list(criteria_set.criteria.all())
    review = Review.objects.filter(assignment=assignment).first()
    editable = review_round.state in SCORING_STATES
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        initial=_initial(review),
        criteria_set=criteria_set,
        criteria=criteria,
    )
    if request.method == "POST" and editable and form.is_valid():
        action = request.POST.get("action", "draft")
        try:
            review = services.save_review(
                assignment=assignment,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
                recommendation=form.cleaned_data["recommendation"],
                submit=action in {"submit", "next"},
                # 0 when the form saw no review yet: the check holds from the first save.
                version=form.cleaned_data.get("version") or 0,
                acting_user=request.user,
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            if action == "next":
                following = queries.next_assignment(assignment)
                messages.success(request, _("Your scores were submitted."))
                if following is None:
                    messages.info(request, _("Nothing left to score in this round."))
                    return redirect("reviews:queue")
                return redirect("reviews:review", following.pk)
            messages.success(
                request,
                _("Your scores were submitted.")
                if review.submitted_at
                else _("Saved as a draft: submit when every criterion is scored."),
            )
            return redirect("reviews:review", assignment.pk)
    elif request.method == "POST" and not editable:
        form.is_valid()  # the typed values stay on the page with the reason
        form.add_error(
            None,
            _("The round is %(state)s: scores can no longer be changed.")
            % {"state": review_round.get_state_display()},
        )
    initiative = assignment.initiative
    others = queries.others_reviews(assignment)
    if others is not None:
        by_review = queries.scores_by_review([r.pk for r in others["reviews"]])
        for other in others["reviews"]:
            values = by_review.get(other.pk, {})
            other.score_list = [values.get(criterion.pk) for criterion in criteria]
    context = {
        "assignment": assignment,
        "review_round": review_round,
        "initiative": initiative,
        "initiative_link": initiatives_visible_to(request.user).filter(pk=initiative.pk).exists(),
        "criteria_set": criteria_set,
        "criteria": criteria,
        "review": review,
        "form": form,
        "editable": editable,
        "others": others,
        "queue": next(
            (q for q in queries.reviewer_queue(request.user) if q.round.pk == review_round.pk),
            None,
        ),
    }
    return render(request, "reviews/review_form.html", context)
