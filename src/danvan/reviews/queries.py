"""Reading review rounds, assignments and recognitions. The selectors here are the only way to
list them: ``review_rounds_visible_to`` (the committee's staff and leaders), ``assignments_for``
(a reviewer's own), ``recognitions_visible_to``."""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, FloatField, Q, QuerySet
from django.db.models.functions import Cast

from danvan.accounts.enums import MANAGE_ROLES, Role
from danvan.accounts.models import Grant, User
from danvan.accounts.queries import NOTHING, grants_of, organization_scope_q, unit_scope_q
from danvan.core.folding import fold
from danvan.initiatives.models import Initiative
from danvan.initiatives.queries import initiatives_visible_to
from danvan.organizations.enums import OrganizationKind
from danvan.organizations.models import Organization
from danvan.reviews.enums import RecognitionOutcome
from danvan.reviews.models import (
    Assignment,
    Recognition,
    Review,
    ReviewRound,
    RoundEntry,
    Score,
)
from danvan.territory.models import AdministrativeUnit
from danvan.territory.queries import ancestor_paths

# Who sees a round and its committee table: the committee's staff, administrators, leaders.
ROUND_READ_ROLES = frozenset({Role.ADMIN, Role.STAFF, Role.VIEWER})


def review_rounds_visible_to(user, *, roles=ROUND_READ_ROLES) -> QuerySet:
    """Rounds whose steering committee is in the user's scope (its organisation subtree or the
    unit it works in). Reviewers reach their assignments through ``assignments_for``."""
    rounds = ReviewRound.objects.select_related("committee", "criteria_set", "scope_unit")
    if user.is_superuser:
        return rounds
    return rounds.filter(
        organization_scope_q(user, roles=roles, field="committee")
        | unit_scope_q(user, roles=roles, field="committee__unit")
    )


# ---- what a round's manager may choose (the rules of ``reviews.rules``, as querysets) ---------


def organizations_managed_by(user) -> QuerySet:
    """Organisations in the user's managing scope: inside a managing organisation grant, or
    attached to a unit of a managing unit grant (``reviews.choose_organization``)."""
    organizations = Organization.objects.select_related("unit")
    if user.is_superuser:
        return organizations
    return organizations.filter(
        organization_scope_q(user, roles=MANAGE_ROLES)
        | unit_scope_q(user, roles=MANAGE_ROLES, field="unit")
    )


def committees_managed_by(user) -> QuerySet:
    """Steering committees whose rounds the user may run (``reviews.choose_committee``)."""
    return organizations_managed_by(user).filter(kind=OrganizationKind.STEERING)


def areas_managed_by(user) -> QuerySet:
    """Units a round's area may be: inside one of the user's managing unit grants
    (``reviews.choose_area``)."""
    units = AdministrativeUnit.objects.all()
    if user.is_superuser:
        return units
    condition = NOTHING
    for grant in grants_of(user):
        if grant.role in MANAGE_ROLES and grant.unit_id:
            condition |= Q(path__startswith=grant.unit.path)
            condition |= Q(today_path__startswith=grant.unit.path)
    return units.filter(condition)


def reviewers_assignable_by(user) -> QuerySet:
    """Active accounts holding a reviewer grant inside the user's managing scope, or on a unit
    containing a unit the user manages (``reviews.assign_reviewer``)."""
    grants = Grant.objects.filter(role=Role.REVIEWER)
    if not user.is_superuser:
        above: set[str] = set()
        for grant in grants_of(user):
            if grant.role in MANAGE_ROLES and grant.unit_id:
                for path in filter(None, (grant.unit.path, grant.unit.today_path)):
                    above.update([*ancestor_paths(path), path])
        grants = grants.filter(
            unit_scope_q(user, roles=MANAGE_ROLES, field="unit")
            | organization_scope_q(user, roles=MANAGE_ROLES, field="organization")
            | Q(unit__path__in=sorted(above))
        )
    return User.objects.filter(is_active=True, pk__in=grants.values("user_id")).order_by(
        "full_name", "username"
    )


def assignments_for(user) -> QuerySet:
    """The user's own assignments (nobody sees another reviewer's queue)."""
    return Assignment.objects.filter(reviewer=user).select_related(
        "round", "round__criteria_set", "initiative", "initiative__place"
    )


def recognitions_visible_to(user) -> QuerySet:
    """Recognitions of the initiatives the user may see (``initiatives_visible_to``)."""
    recognitions = Recognition.objects.select_related("initiative", "decision")
    if user.is_superuser:
        return recognitions
    return recognitions.filter(initiative__in=initiatives_visible_to(user).values("pk"))


def recognitions_between(*, initiatives: QuerySet, date_from, date_to) -> QuerySet:
    """Recognitions decided from ``date_from`` to ``date_to`` (both included) on the
    initiatives of ``initiatives`` (a queryset, e.g. already scoped by the caller)."""
    return Recognition.objects.filter(
        initiative__in=initiatives.values("pk"),
        decided_on__gte=date_from,
        decided_on__lte=date_to,
    ).select_related("initiative", "decision")


def recognitions_of(initiative) -> QuerySet:
    """An initiative's recognitions, newest first (the caller found it through its selector)."""
    return Recognition.objects.filter(initiative=initiative).select_related(
        "decision", "round", "decision__issuer"
    )


# ---- a reviewer's queue -----------------------------------------------------------------------


@dataclass
class QueueRound:
    round: ReviewRound
    assignments: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.assignments)

    @property
    def done(self) -> int:
        return sum(1 for a in self.assignments if a.submitted_at)

    @property
    def left(self) -> int:
        return self.total - self.done

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def reviewer_queue(user) -> list[QueueRound]:
    """The user's assignments by round (newest round first), each marked with its submission
    time; one query whatever the number."""
    assignments = (
        assignments_for(user)
        .select_related("review")
        .order_by("-round__deadline", "round_id", "initiative__code")
    )
    rounds: dict[int, QueueRound] = {}
    for assignment in assignments:
        review = assignment.review if _has_review(assignment) else None
        assignment.submitted_at = review.submitted_at if review else None
        assignment.saved = review is not None
        queue = rounds.setdefault(assignment.round_id, QueueRound(round=assignment.round))
        queue.assignments.append(assignment)
    return list(rounds.values())


def _has_review(assignment) -> bool:
    try:
        return assignment.review is not None
    except Review.DoesNotExist:
        return False


def next_assignment(assignment: Assignment):
    """The reviewer's next model in the same round that is not submitted yet, after this one
    in code order (then from the start), or None."""
    left = (
        Assignment.objects.filter(round_id=assignment.round_id, reviewer_id=assignment.reviewer_id)
        .exclude(pk=assignment.pk)
        .exclude(review__submitted_at__isnull=False)
        .select_related("initiative")
        .order_by("initiative__code")
    )
    later = [a for a in left if a.initiative.code > assignment.initiative.code]
    return later[0] if later else next(iter(left), None)


def review_scores(review: Review | None) -> dict[int, Decimal]:
    if review is None:
        return {}
    return dict(review.scores.values_list("criterion_id", "value"))


def others_reviews(assignment: Assignment) -> dict | None:
    """The other reviewers' submitted reviews and the aggregate of the model — None (hidden)
    until the user has submitted their own."""
    own = Review.objects.filter(assignment=assignment, submitted_at__isnull=False).first()
    if own is None:
        return None
    reviews = list(
        Review.objects.filter(
            round_id=assignment.round_id,
            initiative_id=assignment.initiative_id,
            submitted_at__isnull=False,
        )
        .select_related("assignment__reviewer")
        .order_by("assignment__reviewer__full_name")
    )
    values = [r.weighted_score for r in reviews if r.weighted_score is not None]
    return {
        "reviews": [r for r in reviews if r.pk != own.pk],
        "stats": score_stats(values),
    }


# ---- the committee table ----------------------------------------------------------------------


def score_stats(values: list) -> dict:
    """Mean, median, spread (highest − lowest) and number of the reviewers' weighted scores,
    to the hundredth, half up. Computed on floats (the table reads thousands of them); the
    hundredths are rounded on ``value × 100`` to six places first, so that 8.725 (872.4999… as
    a float) becomes 8.73."""
    if not values:
        return {"mean": None, "median": None, "spread": None, "count": 0}
    values = sorted(float(value) for value in values)
    count = len(values)
    middle = count // 2
    median = values[middle] if count % 2 else (values[middle - 1] + values[middle]) / 2
    return {
        "mean": _cents(sum(values) / count),
        "median": _cents(median),
        "spread": _cents(values[-1] - values[0]),
        "count": count,
    }


def _cents(value: float) -> Decimal:
    return Decimal(math.floor(round(value * 100, 6) + 0.5)).scaleb(-2)


@dataclass
class TableFilters:
    text: str = ""
    min_mean: Decimal | None = None
    decided: str = ""  # "yes", "no" or ""
    complete: str = ""  # "yes": every assigned reviewer submitted; "no": some missing
    recommendation: str = ""  # the outcome most reviewers recommend
    tag: str = ""  # a tag of the round's managers


def committee_table(
    review_round: ReviewRound, filters: TableFilters | None = None, *, details: bool = True
) -> list[dict]:
    """One row per eligible model: weighted mean, median, spread, number of reviews (submitted)
    and of assignments, the reviewers' recommendations, the rank by mean (1 = best; equal
    means share a rank), whether it is decided and its tags. Five queries whatever the size of the
    round: the aggregates are computed in one pass over the round's submitted scores, on
    plain values. ``details`` adds the initiative and recognition objects to every row (two
    more queries); a page of a large table passes False and calls ``add_details`` on the rows
    it shows."""
    filters = filters or TableFilters()
    entries = (
        RoundEntry.objects.filter(round=review_round, excluded=False)
        .order_by("initiative__code")
        .values_list("initiative_id", "initiative__code", "initiative__name_folded")
    )
    scores: dict[int, list[float]] = defaultdict(list)
    recommendations: dict[int, Counter] = defaultdict(Counter)
    # Floats, not Decimals: no per-row decimal converter on 25,000 rows.
    for initiative_id, score, recommendation in Review.objects.filter(
        round=review_round, submitted_at__isnull=False
    ).values_list("initiative_id", Cast("weighted_score", FloatField()), "recommendation"):
        if score is not None:
            scores[initiative_id].append(score)
        if recommendation:
            recommendations[initiative_id][recommendation] += 1
    assigned = dict(
        Assignment.objects.filter(round=review_round)
        .values_list("initiative_id")
        .annotate(n=Count("id"))
        .values_list("initiative_id", "n")
    )
    decided = set(
        Recognition.objects.filter(round=review_round).values_list("initiative_id", flat=True)
    )
    tags: dict[int, list[str]] = defaultdict(list)
    for initiative_id, name in (
        RoundEntry.tags.through.objects.filter(roundentry__round=review_round)
        .order_by("roundtag__name")
        .values_list("roundentry__initiative_id", "roundtag__name")
    ):
        tags[initiative_id].append(name)
    rows = []
    for initiative_id, code, name_folded in entries:
        counted = recommendations.get(initiative_id)
        common = counted.most_common() if counted else []
        rows.append(
            {
                "initiative_id": initiative_id,
                "code": code,
                "name_folded": name_folded,
                **score_stats(scores.get(initiative_id, [])),
                "assigned": assigned.get(initiative_id, 0),
                "counted": common,
                "top_recommendation": common[0][0] if common else "",
                "decided": initiative_id in decided,
                "tags": tags.get(initiative_id, []),
            }
        )
    _rank(rows)
    rows = [row for row in rows if _matches(row, filters)]
    if details:
        add_details(rows, review_round)
    return rows


def add_details(rows: list[dict], review_round: ReviewRound) -> list[dict]:
    """Give ``rows`` of the committee table their initiative (with place and owner), their
    recognition in the round and the recommendations in words (two queries)."""
    ids = [row["initiative_id"] for row in rows]
    initiatives = (
        Initiative.objects.filter(pk__in=ids)
        .select_related("place", "owner_organization")
        .in_bulk()
    )
    recognitions = {
        recognition.initiative_id: recognition
        for recognition in Recognition.objects.filter(
            round=review_round, initiative_id__in=ids
        ).select_related("decision")
    }
    for row in rows:
        row["initiative"] = initiatives[row["initiative_id"]]
        row["recognition"] = recognitions.get(row["initiative_id"])
        row["recommendations"] = [
            (value, RecognitionOutcome(value).label, n) for value, n in row["counted"]
        ]
    return rows


def _rank(rows: list[dict]) -> None:
    """Competition ranking by mean (1, 2, 2, 4); unscored models get no rank and go last."""
    scored = sorted((r for r in rows if r["mean"] is not None), key=lambda r: -r["mean"])
    previous, rank = None, 0
    for position, row in enumerate(scored, start=1):
        if row["mean"] != previous:
            rank, previous = position, row["mean"]
        row["rank"] = rank
    for row in rows:
        row.setdefault("rank", None)
    rows.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0, r["code"]))


# The committee table's columns that sort, and what each sorts by.
TABLE_SORTS = {
    "rank": lambda row: row["rank"],
    "code": lambda row: row["code"],
    "name": lambda row: row["name_folded"],
    "mean": lambda row: row["mean"],
    "median": lambda row: row["median"],
    "spread": lambda row: row["spread"],
    "reviews": lambda row: row["count"],
    "recommendation": lambda row: row["top_recommendation"] or None,
    "decision": lambda row: row["decided"],
}


def sort_rows(rows: list[dict], sort: str) -> tuple[list[dict], str]:
    """The committee table's rows by ``sort`` (a ``TABLE_SORTS`` key, "-" first: descending),
    code breaking ties; rows without a value (no mean yet) last either way. An unknown key
    keeps the ranking. Returns the rows and the sort applied ("" for the ranking)."""
    name = sort.removeprefix("-")
    key = TABLE_SORTS.get(name)
    if key is None:
        return rows, ""
    valued = sorted((r for r in rows if key(r) is not None), key=lambda r: r["code"])
    valued.sort(key=key, reverse=sort.startswith("-"))
    empty = [r for r in rows if key(r) is None]
    return valued + sorted(empty, key=lambda r: r["code"]), sort


def _matches(row: dict, filters: TableFilters) -> bool:
    folded = fold(filters.text)
    complete = row["assigned"] > 0 and row["count"] >= row["assigned"]
    checks = (
        not folded or folded in row["name_folded"] or folded in fold(row["code"]),
        filters.min_mean is None or (row["mean"] is not None and row["mean"] >= filters.min_mean),
        filters.decided != "yes" or row["decided"],
        filters.decided != "no" or not row["decided"],
        filters.complete != "yes" or complete,
        filters.complete != "no" or not complete,
        not filters.recommendation or row["top_recommendation"] == filters.recommendation,
        not filters.tag or filters.tag in row["tags"],
    )
    return all(checks)


def round_progress(review_round: ReviewRound) -> dict:
    """Eligible models, assignments, submitted reviews (three counts)."""
    eligible = RoundEntry.objects.filter(round=review_round, excluded=False).count()
    assignments = Assignment.objects.filter(round=review_round).count()
    submitted = Review.objects.filter(round=review_round, submitted_at__isnull=False).count()
    return {
        "eligible": eligible,
        "assignments": assignments,
        "submitted": submitted,
        "left": assignments - submitted,
        "percent": round(100 * submitted / assignments) if assignments else 0,
    }


def round_assignments(review_round: ReviewRound) -> QuerySet:
    return (
        Assignment.objects.filter(round=review_round)
        .select_related("initiative", "reviewer", "review")
        .order_by("initiative__code", "reviewer__full_name")
    )


def unread_notifications(user) -> QuerySet:
    return user.review_notifications.filter(read_at__isnull=True)


def scores_by_review(reviews) -> dict[int, dict[int, Decimal]]:
    rows = Score.objects.filter(review__in=reviews).values_list(
        "review_id", "criterion_id", "value"
    )
    found: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for review_id, criterion_id, value in rows:
        found[review_id][criterion_id] = value
    return found
