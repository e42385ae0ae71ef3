"""The committee's decisions: recognitions citing a quyết định, on the initiative's
timeline."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.core.services import diff, record_event, snapshot
from danvan.documents.enums import DocumentKind
from danvan.initiatives.models import Initiative
from danvan.reviews.enums import (
    LEVELLED_OUTCOMES,
    RecognitionLevel,
    RecognitionOutcome,
    RoundState,
)
from danvan.reviews.models import (
    Recognition,
    ReviewRound,
)
from danvan.reviews.services.notifications import notify_decision
from danvan.reviews.services.rounds import acting, eligible_entries


def _clean_decision(*, outcome: str, level: str, decision, decided_on) -> str:
    errors = {}
    if outcome not in RecognitionOutcome.values:
        errors["outcome"] = _("Choose the decision.")
    level = level or ""
    if outcome in LEVELLED_OUTCOMES and level not in RecognitionLevel.values:
        errors["level"] = _("Choose the level at which it is recognised.")
    if outcome not in LEVELLED_OUTCOMES:
        level = ""
    if decision is None:
        errors["decision"] = _("Cite the decision (quyết định).")
    elif decision.kind != DocumentKind.DECISION:
        errors["decision"] = _("The document cited must be a decision (quyết định).")
    if decided_on is None:
        errors["decided_on"] = _("Enter the day of the decision.")
    if errors:
        raise ValidationError(errors)
    return level


def _record(*, initiative, outcome, level, decision, decided_on, note, review_round, acting_user):
    recognition = Recognition.objects.filter(round=review_round, initiative=initiative).first()
    fields = ["outcome", "level", "decision", "decided_on", "note"]
    before = snapshot(recognition, fields) if recognition and review_round else {}
    before_label = str(recognition) if before else ""
    if recognition is None or review_round is None:
        recognition = Recognition(
            initiative=initiative, round=review_round, created_by=acting(acting_user)
        )
    recognition.outcome, recognition.level = outcome, level
    recognition.decision, recognition.decided_on = decision, decided_on
    recognition.note = (note or "").strip()[:500]
    recognition.save()
    changes = diff(before, snapshot(recognition, fields))
    if not changes:
        return recognition
    action = "reviews.recognition.changed" if before else "reviews.recognition.decided"
    # The fields, on the recognition itself; the decision in words on the initiative, whose
    # timeline shows it (its fields are not the recognition's).
    record_event(action=action, acting_user=acting_user, obj=recognition, changes=changes)
    record_event(
        action=action,
        acting_user=acting_user,
        obj=initiative,
        message=f"{before_label} → {recognition} — {decision}"
        if before_label
        else f"{recognition} — {decision}",
    )
    notify_decision(recognition)
    return recognition


@transaction.atomic
def decide(
    *,
    review_round: ReviewRound,
    initiatives,
    outcome: str,
    level: str = "",
    decision,
    decided_on: date,
    note: str = "",
    acting_user,
) -> list[Recognition]:
    """The committee's decision on models of a closed round (bulk): recognised at a level,
    outstanding, not met, or to be strengthened, citing the quyết định. A second decision on a
    model replaces the first (both audited). Refused before the round is closed."""
    locked = ReviewRound.objects.select_for_update().get(pk=review_round.pk)
    if locked.state != RoundState.CLOSED:
        raise ValidationError(
            _("Decisions are taken once the round is closed (it is %(state)s).")
            % {"state": RoundState(locked.state).label}
        )
    level = _clean_decision(outcome=outcome, level=level, decision=decision, decided_on=decided_on)
    initiatives = list(initiatives)
    if not initiatives:
        raise ValidationError(_("Tick the models or exemplars to decide on."))
    eligible = set(
        eligible_entries(locked)
        .filter(initiative__in=initiatives)
        .values_list("initiative_id", flat=True)
    )
    if any(initiative.pk not in eligible for initiative in initiatives):
        raise ValidationError(_("This model or exemplar is not in the round."))
    return [
        _record(
            initiative=initiative,
            outcome=outcome,
            level=level,
            decision=decision,
            decided_on=decided_on,
            note=note,
            review_round=locked,
            acting_user=acting_user,
        )
        for initiative in initiatives
    ]


@transaction.atomic
def record_recognition(
    *,
    initiative: Initiative,
    outcome: str,
    level: str = "",
    decision,
    decided_on: date,
    note: str = "",
    acting_user,
) -> Recognition:
    """A recognition decided outside any round (an earlier decision entered afterwards)."""
    level = _clean_decision(outcome=outcome, level=level, decision=decision, decided_on=decided_on)
    return _record(
        initiative=initiative,
        outcome=outcome,
        level=level,
        decision=decision,
        decided_on=decided_on,
        note=note,
        review_round=None,
        acting_user=acting_user,
    )
