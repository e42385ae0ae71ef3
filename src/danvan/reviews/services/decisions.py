"""The committee's decisions: recognitions citing a quyết định, on the initiative's
timeline."""

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.core.formatting import format_date
from danvan.core.permissions import ensure, ensure_choice
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


def _clean_decision(*, outcome: str, level: str, decision, decided_on, acting_user) -> str:
    # The quyết định cited is one the acting user may see (the form offers only those).
    ensure_choice(
        acting_user,
        "reviews.cite_decision",
        decision,
        field="decision",
        message=_("Cite a decision (quyết định) from your own scope."),
    )
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
    elif decision is not None and decision.issued_on and decided_on != decision.issued_on:
        # A recognition is dated by the quyết định that makes it: a report of the year counts
        # it by that day, so a day the document does not bear would count it in another year.
        errors["decided_on"] = _(
            "The day of the decision must be the day the quyết định cited was issued (%(day)s)."
        ) % {"day": format_date(decision.issued_on)}
    if errors:
        raise ValidationError(errors)
    return level


def _record(
    *,
    initiative,
    outcome,
    level,
    decision,
    decided_on,
    note,
    review_round,
    acting_user,
    recognition=None,
):
    """Write the recognition: a new one, or (in a round) ``recognition``, the one it replaces."""
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
    changes = diff(before, snapshot(recognition, fields))
    if before and not changes:
        return recognition
    if before:
        recognition.version += 1
    recognition.decided_by = acting(acting_user)
    recognition.save()
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
    seen: Mapping[int, int],
    acting_user,
) -> list[Recognition]:
    """The committee's decision on models of a closed round (bulk): recognised at a level,
    outstanding, not met, or to be strengthened, citing the quyết định. A second decision on a
    model replaces the first (both audited). Refused before the round is closed; the round's
    managers only, each model in their scope (else ``OutOfScope``).

    ``seen`` maps an initiative's id to the version of its recognition in the round that the
    user saw (absent or 0: none). A model decided or re-decided meanwhile by another committee
    member refuses the whole decision, naming who decided what: nothing is overwritten
    unseen."""
    locked = ReviewRound.objects.select_for_update().get(pk=review_round.pk)
    ensure(acting_user, "reviews.change_reviewround", locked)
    initiatives = list(initiatives)
    for initiative in initiatives:
        ensure(
            acting_user,
            "reviews.decide_recognition",
            Recognition(round=locked, initiative=initiative),
        )
    if locked.state != RoundState.CLOSED:
        raise ValidationError(
            _("Decisions are taken once the round is closed (it is %(state)s).")
            % {"state": RoundState(locked.state).label}
        )
    level = _clean_decision(
        outcome=outcome,
        level=level,
        decision=decision,
        decided_on=decided_on,
        acting_user=acting_user,
    )
    if not initiatives:
        raise ValidationError(_("Tick the models or exemplars to decide on."))
    eligible = set(
        eligible_entries(locked)
        .filter(initiative__in=initiatives)
        .values_list("initiative_id", flat=True)
    )
    if any(initiative.pk not in eligible for initiative in initiatives):
        raise ValidationError(_("This model or exemplar is not in the round."))
    current = {
        recognition.initiative_id: recognition
        for recognition in Recognition.objects.filter(
            round=locked, initiative__in=initiatives
        ).select_related("decided_by", "decision")
    }
    _check_seen(initiatives, current, seen)
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
            recognition=current.get(initiative.pk),
        )
        for initiative in initiatives
    ]


def _check_seen(initiatives, current: dict[int, Recognition], seen: Mapping[int, int]) -> None:
    """Refuse when a model's decision is not the one the user saw (the round is locked: the
    decisions read here are the latest)."""
    stale = []
    for initiative in initiatives:
        recognition = current.get(initiative.pk)
        if (seen.get(initiative.pk) or 0) == (recognition.version if recognition else 0):
            continue
        if recognition is None:  # the user saw a decision that is no longer there
            stale.append(_("%(code)s has no decision any more") % {"code": initiative.code})
            continue
        stale.append(
            _("%(code)s was decided meanwhile by %(user)s: %(outcome)s (%(decision)s)")
            % {
                "code": initiative.code,
                "user": recognition.decided_by or _("the system"),
                "outcome": recognition,
                "decision": recognition.decision,
            }
        )
    if stale:
        raise ValidationError(
            _(
                "The decision was not recorded: %(changes)s. Reload the table to see the "
                "decisions as they stand, then decide again."
            )
            % {"changes": "; ".join(stale)}
        )


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
    """A recognition decided outside any round (an earlier decision entered afterwards), by the
    staff of the model's place or owner (else ``OutOfScope``)."""
    ensure(acting_user, "reviews.add_recognition", initiative)
    level = _clean_decision(
        outcome=outcome,
        level=level,
        decision=decision,
        decided_on=decided_on,
        acting_user=acting_user,
    )
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
