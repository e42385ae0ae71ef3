"""A reviewer's scores: saved, changed and submitted while the round is open, audited."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.permissions import ensure
from danvan.core.services import record_event
from danvan.reviews.enums import (
    SCORING_STATES,
    RecognitionOutcome,
    RoundState,
)
from danvan.reviews.models import (
    Assignment,
    Review,
    ReviewRound,
    Score,
)


def weighted_mean(values: dict[int, Decimal], criteria) -> Decimal | None:
    """Σ score × weight / Σ weight over ``criteria``; None until every criterion is scored."""
    criteria = list(criteria)
    if not criteria or any(criterion.pk not in values for criterion in criteria):
        return None
    total = sum(Decimal(values[c.pk]) * c.weight for c in criteria)
    weights = sum(c.weight for c in criteria)
    return (total / weights).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def _clean_scores(
    *, criteria_set, criteria, scores: dict, recommendation: str, complete: bool
) -> dict[int, Decimal]:
    """The scores given, each on the scale; all of them when ``complete``."""
    errors = {}
    values: dict[int, Decimal] = {}
    for criterion in criteria:
        raw = scores.get(criterion.pk)
        if raw in (None, ""):
            if complete:
                errors[f"score_{criterion.pk}"] = _("Score every criterion before submitting.")
            continue
        value = Decimal(str(raw))
        if not criteria_set.scale_min <= value <= criteria_set.scale_max:
            errors[f"score_{criterion.pk}"] = _("A score from %(low)s to %(high)s.") % {
                "low": criteria_set.scale_min,
                "high": criteria_set.scale_max,
            }
        values[criterion.pk] = value
    if recommendation and recommendation not in RecognitionOutcome.values:
        errors["recommendation"] = _("Choose a recommendation from the list.")
    if errors:
        raise ValidationError(errors)
    return values


def _apply_scores(*, review: Review, criteria, values: dict[int, Decimal]) -> dict:
    """Write the scores that changed; ``{criterion name: [before, after]}``."""
    old_scores = {score.criterion_id: score for score in review.scores.all()}
    changes = {}
    for criterion in criteria:
        old = old_scores.get(criterion.pk)
        new = values.get(criterion.pk)
        before = old.value if old else None
        if before == new:
            continue
        changes[criterion.name] = [before, new]
        if new is None:
            old.delete()
        elif old is None:
            Score.objects.create(review=review, criterion=criterion, value=new)
        else:
            old.value = new
            old.save(update_fields=["value"])
    return changes


@transaction.atomic
def save_review(
    *,
    assignment: Assignment,
    scores: dict[int, Decimal | None],
    comment: str = "",
    recommendation: str = "",
    submit: bool = False,
    version: int,
    acting_user,
) -> Review:
    """Save the reviewer's scores (criterion id → score on the round's scale), comment and
    recommendation; ``submit`` hands them in (every criterion scored). Only the assigned
    reviewer (else ``OutOfScope``), only while the round is open; changes after submitting
    stay submitted and are audited like the first scores.

    ``version`` is the review's version the form started from, 0 when there was no review yet:
    the check holds from the first save, so a second tab opened before the first save cannot
    overwrite it."""
    ensure(acting_user, "reviews.score_assignment", assignment)
    review_round = ReviewRound.objects.select_for_update().get(pk=assignment.round_id)
    if review_round.state not in SCORING_STATES:
        raise ValidationError(
            _("The round is %(state)s: scores can no longer be changed.")
            % {"state": RoundState(review_round.state).label}
        )
    criteria_set = review_round.criteria_set
    criteria = list(criteria_set.criteria.all())
    review, _created = Review.objects.select_for_update().get_or_create(
        assignment=assignment,
        defaults={"round": review_round, "initiative_id": assignment.initiative_id},
    )
    if version != (0 if _created else review.version):
        raise ValidationError(
            _(
                "Someone else changed this record while you were editing it. "
                "Reload the page to see their change, then edit again."
            )
        )
    values = _clean_scores(
        criteria_set=criteria_set,
        criteria=criteria,
        scores=scores,
        recommendation=recommendation,
        complete=bool(submit or review.submitted_at),
    )
    changes = _apply_scores(review=review, criteria=criteria, values=values)
    comment = (comment or "").strip()
    for name, before, after in (
        ("comment", review.comment, comment),
        ("recommendation", review.recommendation, recommendation or ""),
    ):
        if before != after:
            changes[name] = [before, after]
    review.comment, review.recommendation = comment, recommendation or ""
    review.weighted_score = weighted_mean(values, criteria)
    submitting = submit and review.submitted_at is None
    if submitting:
        review.submitted_at = timezone.now()
    if changes or submitting or _created:
        review.version += 1
        review.save()
        record_event(
            action="reviews.review.submitted" if submitting else "reviews.review.saved",
            acting_user=acting_user,
            obj=review,
            changes=changes,
        )
    return review
