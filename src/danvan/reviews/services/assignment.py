"""Assigning reviewers: by hand and automatically (balanced), never with a conflict of
interest."""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.core.permissions import allowed, ensure, ensure_choice
from danvan.core.services import record_event
from danvan.initiatives.models import Initiative
from danvan.organizations.models import Membership, Position
from danvan.reviews.enums import (
    RoundState,
)
from danvan.reviews.models import (
    Assignment,
    Review,
    ReviewRound,
)
from danvan.reviews.services.notifications import notify_assigned
from danvan.reviews.services.rounds import (
    acting,
    check_setup,
    eligible_entries,
    in_managing_scope,
)


def conflict_reason(*, reviewer: User, initiative: Initiative, organizations=None) -> str:
    """Why ``reviewer`` may not score ``initiative`` ("" when they may): they are the person
    carrying it out, or they belong to (membership or position in) the organisation carrying it
    out. ``organizations``: the reviewer's organisation ids, when already read."""
    if reviewer.person_id and reviewer.person_id == initiative.owner_person_id:
        return _("%(reviewer)s is the person carrying it out") % {"reviewer": reviewer}
    if organizations is None:
        organizations = reviewer_organizations([reviewer]).get(reviewer.pk, set())
    if initiative.owner_organization_id in organizations:
        return _("%(reviewer)s belongs to the organisation carrying it out") % {
            "reviewer": reviewer
        }
    return ""


def reviewer_organizations(reviewers) -> dict[int, set[int]]:
    """Each reviewer's organisations (memberships and positions of the person linked to the
    account, current or past), in two queries."""
    person_of = {user.pk: user.person_id for user in reviewers if user.person_id}
    by_person: dict[int, set[int]] = {}
    for model in (Membership, Position):
        rows = model.objects.filter(person_id__in=set(person_of.values())).values_list(
            "person_id", "organization_id"
        )
        for person_id, organization_id in rows:
            by_person.setdefault(person_id, set()).add(organization_id)
    return {user_id: by_person.get(person_id, set()) for user_id, person_id in person_of.items()}


@transaction.atomic
def assign_reviewer(
    *, review_round: ReviewRound, initiative: Initiative, reviewer: User, acting_user
) -> Assignment:
    """Assign by hand; refused with the reason on a conflict of interest. The round's managers
    only, a model in their scope (else ``OutOfScope``), a reviewer of their scope."""
    ensure(
        acting_user,
        "reviews.add_assignment",
        Assignment(round=review_round, initiative=initiative, reviewer=reviewer),
    )
    ensure_choice(
        acting_user,
        "reviews.assign_reviewer",
        reviewer,
        field="reviewer",
        message=_("Choose a reviewer from your own scope."),
    )
    check_setup(review_round)
    if not eligible_entries(review_round).filter(initiative=initiative).exists():
        raise ValidationError(_("This model or exemplar is not in the round."))
    reason = conflict_reason(reviewer=reviewer, initiative=initiative)
    if reason:
        raise ValidationError(_("Conflict of interest: %(reason)s.") % {"reason": reason})
    if Assignment.objects.filter(
        round=review_round, initiative=initiative, reviewer=reviewer
    ).exists():
        raise ValidationError(_("This reviewer is already assigned to it."))
    review_round.reviewers.add(reviewer)
    assignment = Assignment.objects.create(
        round=review_round,
        initiative=initiative,
        reviewer=reviewer,
        assigned_by=acting(acting_user),
    )
    record_event(
        action="reviews.assignment.created",
        acting_user=acting_user,
        obj=review_round,
        message=f"{initiative.code} → {reviewer}",
    )
    if review_round.state == RoundState.OPEN:
        notify_assigned(reviewer=reviewer, review_round=review_round, count=1)
    return assignment


@transaction.atomic
def unassign(*, assignment: Assignment, acting_user) -> None:
    """Remove an assignment not scored yet (the round's managers, a model in their scope)."""
    ensure(acting_user, "reviews.delete_assignment", assignment)
    check_setup(assignment.round)
    if Review.objects.filter(assignment=assignment).exists():
        raise ValidationError(_("The reviewer has already scored it: the assignment stays."))
    record_event(
        action="reviews.assignment.removed",
        acting_user=acting_user,
        obj=assignment.round,
        message=f"{assignment.initiative.code} → {assignment.reviewer}",
    )
    assignment.delete()


@dataclass
class AssignmentResult:
    created: int = 0
    # (initiative, how many are missing, why) for the models left short of reviewers.
    short: list[tuple[Initiative, int, str]] = field(default_factory=list)


@transaction.atomic
def assign_automatically(*, review_round: ReviewRound, acting_user) -> AssignmentResult:
    """Give every eligible model ``reviewers_per_initiative`` reviewers from the round's pool,
    balancing the load (the least loaded reviewer first, ties by name), never a reviewer with a
    conflict of interest. Existing assignments are kept. A model left short says why. Only the
    models and the reviewers of the acting user's scope are paired."""
    ensure(acting_user, "reviews.change_reviewround", review_round)
    check_setup(review_round)
    pool = [
        user
        for user in review_round.reviewers.filter(is_active=True).order_by("full_name", "pk")
        if allowed(acting_user, "reviews.assign_reviewer", user)
    ]
    wanted = review_round.reviewers_per_initiative
    organizations = reviewer_organizations(pool)
    load = Counter(
        {
            row["reviewer_id"]: row["n"]
            for row in review_round.assignments.values("reviewer_id").annotate(n=Count("id"))
        }
    )
    taken: dict[int, set[int]] = {}
    for initiative_id, reviewer_id in review_round.assignments.values_list(
        "initiative_id", "reviewer_id"
    ):
        taken.setdefault(initiative_id, set()).add(reviewer_id)
    initiatives = in_managing_scope(
        Initiative.objects.filter(pk__in=eligible_entries(review_round).values("initiative_id")),
        acting_user,
    ).order_by("code")
    order = {user.pk: index for index, user in enumerate(pool)}
    result = AssignmentResult()
    new = []
    for initiative in initiatives.only(
        "pk", "code", "name", "owner_organization_id", "owner_person_id"
    ):
        have = taken.setdefault(initiative.pk, set())
        missing = wanted - len(have)
        if missing <= 0:
            continue
        conflicted = {}
        candidates = []
        for user in pool:
            if user.pk in have:
                continue
            reason = conflict_reason(
                reviewer=user,
                initiative=initiative,
                organizations=organizations.get(user.pk, set()),
            )
            if reason:
                conflicted[user.pk] = reason
            else:
                candidates.append(user)
        candidates.sort(key=lambda user: (load[user.pk], order[user.pk]))
        for user in candidates[:missing]:
            new.append(
                Assignment(
                    round=review_round,
                    initiative=initiative,
                    reviewer=user,
                    automatic=True,
                    assigned_by=acting(acting_user),
                )
            )
            have.add(user.pk)
            load[user.pk] += 1
        left = wanted - len(have)
        if left > 0:
            result.short.append((initiative, left, _short_reason(pool, have, conflicted)))
    Assignment.objects.bulk_create(new, batch_size=1000)
    result.created = len(new)
    record_event(
        action="reviews.round.assigned_automatically",
        acting_user=acting_user,
        obj=review_round,
        message=_("%(created)s assignments made, %(short)s models left short")
        % {"created": len(new), "short": len(result.short)},
    )
    if review_round.state == RoundState.OPEN and new:
        counts = Counter(a.reviewer_id for a in new)
        for reviewer in pool:
            if counts[reviewer.pk]:
                notify_assigned(
                    reviewer=reviewer, review_round=review_round, count=counts[reviewer.pk]
                )
    return result


def _short_reason(pool, have: set[int], conflicted: dict[int, str]) -> str:
    if not pool:
        return _("the round has no reviewers: add reviewers to the round")
    parts = [
        _("%(pool)s reviewers in the round, %(have)s already assigned")
        % {"pool": len(pool), "have": len(have)}
    ]
    if conflicted:
        parts.append(
            _("conflict of interest: %(reasons)s") % {"reasons": "; ".join(conflicted.values())}
        )
    return ", ".join(parts)
