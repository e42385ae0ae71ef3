"""Review rounds: the default criteria, the round and its one state transition, the
eligible models."""

from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from danvan.accounts.enums import MANAGE_ROLES
from danvan.accounts.models import User
from danvan.core.permissions import allowed, ensure, ensure_choice
from danvan.core.services import diff, record_event, snapshot
from danvan.initiatives.enums import Status
from danvan.initiatives.models import Initiative
from danvan.initiatives.queries import initiatives_visible_to
from danvan.organizations.enums import OrganizationKind
from danvan.reviews.enums import (
    ROUND_TRANSITIONS,
    SCORING_STATES,
    SETUP_STATES,
    RoundState,
)
from danvan.reviews.models import (
    Assignment,
    CriteriaSet,
    Criterion,
    Review,
    ReviewRound,
    RoundEntry,
)
from danvan.reviews.services.notifications import end_scoring_notices, notify_assigned

# The default criteria of a "Dân vận khéo" appraisal, with their weights (reference data).
DEFAULT_CRITERIA_SET = "Tiêu chí bình xét mô hình, điển hình “Dân vận khéo”"
DEFAULT_CRITERIA = (
    ("hieu-qua", "Hiệu quả thiết thực", 25),
    ("lan-toa", "Sức lan tỏa", 20),
    ("nhan-rong", "Khả năng nhân rộng", 20),
    ("ben-vung", "Tính bền vững", 15),
    ("dong-tinh", "Được Nhân dân đồng tình", 10),
    ("sang-tao", "Sáng tạo", 10),
)
ROUND_FIELDS = (
    "name",
    "committee",
    "scope_unit",
    "scope_organization",
    "period_start",
    "period_end",
    "deadline",
    "criteria_set",
    "reviewers_per_initiative",
)


def acting(acting_user):
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def seed_criteria(**_kwargs) -> str:
    """The default criteria set (idempotent: an existing set is left as it is)."""
    criteria_set, created = CriteriaSet.objects.get_or_create(
        name=DEFAULT_CRITERIA_SET, defaults={"scale_min": 0, "scale_max": 10, "is_default": True}
    )
    if created:
        for order, (code, name, weight) in enumerate(DEFAULT_CRITERIA, start=1):
            Criterion.objects.create(
                criteria_set=criteria_set, code=code, name=name, weight=weight, order=order
            )
    return _("%(count)s review criteria") % {"count": criteria_set.criteria.count()}


def default_criteria_set() -> CriteriaSet:
    seed_criteria()
    return CriteriaSet.objects.get(name=DEFAULT_CRITERIA_SET)


def _clean_round(data: dict) -> dict:
    cleaned = {key: data.get(key) for key in ROUND_FIELDS if key in data}
    cleaned["name"] = " ".join((cleaned.get("name") or "").split())
    errors = {}
    if not cleaned["name"]:
        errors["name"] = _("Enter the name of the round.")
    committee = cleaned.get("committee")
    if committee is None or committee.kind != OrganizationKind.STEERING:
        errors["committee"] = _("Choose a steering committee (Ban Chỉ đạo).")
    start, end, deadline = (cleaned.get(k) for k in ("period_start", "period_end", "deadline"))
    if not start or not end or end < start:
        errors["period_end"] = _("The period must end on or after the day it starts.")
    if not deadline:
        errors["deadline"] = _("Enter the scoring deadline.")
    if cleaned.get("criteria_set") is None:
        errors["criteria_set"] = _("Choose the criteria.")
    per = cleaned.get("reviewers_per_initiative")
    if not per or not 1 <= int(per) <= 15:
        errors["reviewers_per_initiative"] = _("Between 1 and 15 reviewers per model.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_choices(acting_user, cleaned: dict) -> None:
    """The committee, the area and the organisation of a round lie in the acting user's
    managing scope (the form offers only those; this is the same rule for every caller)."""
    errors = {}
    for field, perm, message in (
        ("committee", "reviews.choose_committee", _("Choose a steering committee in your scope.")),
        ("scope_unit", "reviews.choose_area", _("Choose an area inside your scope.")),
        (
            "scope_organization",
            "reviews.choose_organization",
            _("Choose an organisation inside your scope."),
        ),
    ):
        chosen = cleaned.get(field)
        if chosen is not None and not allowed(acting_user, perm, chosen):
            errors[field] = message
    if errors:
        raise ValidationError(errors)


def check_reviewers(acting_user, reviewers) -> None:
    """Every reviewer chosen holds a reviewer grant inside the acting user's managing scope.
    The message names nobody: an account out of scope does not exist for the user."""
    for reviewer in reviewers:
        ensure_choice(
            acting_user,
            "reviews.assign_reviewer",
            reviewer,
            field="reviewers",
            message=_("Choose reviewers from your own scope."),
        )


def in_managing_scope(initiatives, acting_user):
    """``initiatives`` narrowed to those the acting user manages (all of them for the system
    itself): what a round takes is never wider than what its manager may see."""
    if acting_user is None:
        return initiatives
    return initiatives & initiatives_visible_to(acting_user, roles=MANAGE_ROLES)


@transaction.atomic
def create_round(*, data: dict, reviewers=(), acting_user) -> ReviewRound:
    """A round in draft, with its committee, scope, period, criteria and reviewer pool —
    committee, area, organisation and reviewers all inside the acting user's managing scope."""
    ensure(acting_user, "reviews.add_reviewround")
    cleaned = _clean_round(data)
    _check_choices(acting_user, cleaned)
    reviewers = list(reviewers)
    check_reviewers(acting_user, reviewers)
    review_round = ReviewRound.objects.create(**cleaned, created_by=acting(acting_user))
    review_round.reviewers.set(reviewers)
    record_event(
        action="reviews.round.created",
        acting_user=acting_user,
        obj=review_round,
        changes=diff({}, snapshot(review_round, ROUND_FIELDS)),
    )
    return review_round


@transaction.atomic
def update_round(
    *, review_round: ReviewRound, data: dict, version: int, reviewers=None, acting_user
) -> ReviewRound:
    """Edit a round still in draft or open; ``version`` refuses a stale edit. The round's
    managers only; its new committee, area, organisation and added reviewers in their scope."""
    locked = ReviewRound.objects.select_for_update().get(pk=review_round.pk)
    ensure(acting_user, "reviews.change_reviewround", locked)
    if locked.version != version:
        raise ValidationError(
            _(
                "Someone else changed this record while you were editing it. "
                "Reload the page to see their change, then edit again."
            )
        )
    if locked.state not in SETUP_STATES:
        raise ValidationError(_("A closed or decided round can no longer be changed."))
    if (
        locked.state != RoundState.DRAFT
        and "criteria_set" in data
        and data["criteria_set"] != locked.criteria_set
    ):
        raise ValidationError({"criteria_set": _("The criteria are fixed once the round opens.")})
    cleaned = _clean_round({**{k: getattr(locked, k) for k in ROUND_FIELDS}, **data})
    _check_choices(acting_user, cleaned)
    if reviewers is not None:
        reviewers = list(reviewers)
        kept = set(locked.reviewers.values_list("pk", flat=True))
        check_reviewers(acting_user, [r for r in reviewers if r.pk not in kept])
    before = snapshot(locked, ROUND_FIELDS)
    for key, value in cleaned.items():
        setattr(locked, key, value)
    changes = diff(before, snapshot(locked, ROUND_FIELDS))
    if reviewers is not None:
        old = sorted(str(u) for u in locked.reviewers.all())
        locked.reviewers.set(reviewers)
        new = sorted(str(u) for u in reviewers)
        if old != new:
            changes["reviewers"] = ["; ".join(old), "; ".join(new)]
    if changes:
        locked.version += 1
        locked.save()
        record_event(
            action="reviews.round.updated", acting_user=acting_user, obj=locked, changes=changes
        )
    return locked


@transaction.atomic
def transition_round(*, review_round: ReviewRound, to_state: str, acting_user) -> ReviewRound:
    """The only way a round's state changes: draft → open → closed → decided (a closed round
    may be reopened). Opening needs eligible models with reviewers assigned and tells each
    reviewer; deciding needs a decision on every eligible model."""
    locked = ReviewRound.objects.select_for_update().get(pk=review_round.pk)
    ensure(acting_user, "reviews.change_reviewround", locked)
    if to_state not in ROUND_TRANSITIONS.get(locked.state, frozenset()):
        raise ValidationError(
            _("A round that is %(current)s cannot become %(target)s.")
            % {
                "current": RoundState(locked.state).label,
                "target": RoundState(to_state).label if to_state in RoundState.values else to_state,
            }
        )
    if (
        to_state == RoundState.OPEN
        and locked.state == RoundState.DRAFT
        and not locked.assignments.exists()
    ):
        raise ValidationError(_("Assign reviewers before opening the round."))
    if to_state == RoundState.DECIDED:
        undecided = eligible_entries(locked).exclude(initiative__recognitions__round=locked).count()
        if undecided:
            raise ValidationError(
                _("%(count)s models or exemplars of the round have no decision yet.")
                % {"count": undecided}
            )
    before = snapshot(locked, ["state"])
    first_opening = locked.state == RoundState.DRAFT
    locked.state = to_state
    locked.version += 1
    locked.save(update_fields=["state", "version"])
    record_event(
        action=f"reviews.round.{to_state}",
        acting_user=acting_user,
        obj=locked,
        changes=diff(before, snapshot(locked, ["state"])),
    )
    if to_state not in SCORING_STATES:
        end_scoring_notices(locked)
    if to_state == RoundState.OPEN and first_opening:
        counts = Counter(locked.assignments.values_list("reviewer_id", flat=True))
        for reviewer in User.objects.filter(pk__in=counts):
            notify_assigned(reviewer=reviewer, review_round=locked, count=counts[reviewer.pk])
    return locked


# ---- eligible initiatives --------------------------------------------------------------------


# A draft is not registered yet, a withdrawn model never ran: both stay out of a round. A model
# that ended during the year is appraised on what it did.
NOT_REVIEWED = frozenset({Status.DRAFT, Status.WITHDRAWN})


def eligible_entries(review_round: ReviewRound):
    return RoundEntry.objects.filter(round=review_round, excluded=False)


def _filtered_initiatives(review_round: ReviewRound, acting_user):
    initiatives = Initiative.objects.filter(
        year__gte=review_round.period_start.year,
        year__lte=review_round.period_end.year,
    ).exclude(status__in=NOT_REVIEWED)
    if review_round.scope_unit_id:
        prefix = review_round.scope_unit.path
        initiatives = initiatives.filter(
            Q(place__path__startswith=prefix) | Q(place__today_path__startswith=prefix)
        )
    if review_round.scope_organization_id:
        initiatives = initiatives.filter(
            owner_organization__path__startswith=review_round.scope_organization.path
        )
    return in_managing_scope(initiatives, acting_user)


def check_setup(review_round: ReviewRound) -> None:
    if review_round.state not in SETUP_STATES:
        raise ValidationError(_("A closed or decided round can no longer be changed."))


@transaction.atomic
def apply_filter(*, review_round: ReviewRound, acting_user) -> int:
    """Take the models registered in the years of the round's period and placed in its area
    (not drafts, not withdrawn) that the acting user manages; models removed by hand stay
    out. Returns how many were added."""
    ensure(acting_user, "reviews.change_reviewround", review_round)
    check_setup(review_round)
    existing = set(
        RoundEntry.objects.filter(round=review_round).values_list("initiative_id", flat=True)
    )
    new_ids = [
        pk
        for pk in _filtered_initiatives(review_round, acting_user).values_list("pk", flat=True)
        if pk not in existing
    ]
    RoundEntry.objects.bulk_create(
        [RoundEntry(round=review_round, initiative_id=pk) for pk in new_ids], batch_size=1000
    )
    if new_ids:
        record_event(
            action="reviews.round.filter_applied",
            acting_user=acting_user,
            obj=review_round,
            message=_("%(count)s models or exemplars added by the filter.")
            % {"count": len(new_ids)},
        )
    return len(new_ids)


@transaction.atomic
def include_initiative(*, review_round: ReviewRound, initiative: Initiative, acting_user) -> None:
    """Add a model to the round by hand (or take back a hand removal): a round the acting user
    manages, a model in their scope (else ``OutOfScope``)."""
    ensure(
        acting_user,
        "reviews.change_roundentry",
        RoundEntry(round=review_round, initiative=initiative),
    )
    check_setup(review_round)
    entry, created = RoundEntry.objects.get_or_create(
        round=review_round, initiative=initiative, defaults={"by_hand": True}
    )
    if not created and entry.excluded:
        entry.excluded = False
        entry.save(update_fields=["excluded"])
    elif not created:
        return
    record_event(
        action="reviews.round.initiative_added",
        acting_user=acting_user,
        obj=review_round,
        message=str(initiative),
    )


@transaction.atomic
def exclude_initiative(*, review_round: ReviewRound, initiative: Initiative, acting_user) -> None:
    """Take a model out of the round by hand; its assignments without scores go too. A model
    out of the acting user's scope raises ``OutOfScope``; one not in the round is refused
    (neither message names the model)."""
    ensure(
        acting_user,
        "reviews.change_roundentry",
        RoundEntry(round=review_round, initiative=initiative),
    )
    check_setup(review_round)
    entry = RoundEntry.objects.filter(round=review_round, initiative=initiative).first()
    if entry is None or entry.excluded:
        raise ValidationError(_("This model or exemplar is not in the round."))
    if Review.objects.filter(round=review_round, initiative=initiative).exists():
        raise ValidationError(_("This model already has scores in the round: it stays."))
    entry.excluded = True
    entry.save(update_fields=["excluded"])
    Assignment.objects.filter(round=review_round, initiative=initiative).delete()
    record_event(
        action="reviews.round.initiative_removed",
        acting_user=acting_user,
        obj=review_round,
        message=str(initiative),
    )
