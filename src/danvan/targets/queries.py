"""Reading programmes, targets and inspections (the selectors are in ``scopes``)."""

from django.db.models import Count, QuerySet

from danvan.accounts.enums import READ_ROLES
from danvan.accounts.queries import covers
from danvan.targets.enums import Standing
from danvan.targets.models import Milestone, Programme, Recommendation, Target, TargetValue
from danvan.targets.scopes import (
    inspections_visible_to,
    programmes_visible_to,
    targets_visible_to,
)

__all__ = ["inspections_visible_to", "programmes_visible_to", "targets_visible_to"]


def _targets_of(programme: Programme, user) -> QuerySet:
    """The programme's targets the user may see: all of them when the user's scope covers the
    programme's area or organisation (what ``targets_visible_to`` gives then, without its
    conditions on every unit's path), else through the selector."""
    if user.is_superuser or covers(
        user, roles=READ_ROLES, units=[programme.unit], organizations=[programme.owner]
    ):
        return Target.objects.filter(programme=programme)
    return targets_visible_to(user).filter(programme=programme)


def programme_targets(programme: Programme, user) -> QuerySet:
    """The programme's own (top) targets the user may see, in their order."""
    return (
        _targets_of(programme, user)
        .filter(parent__isnull=True)
        .select_related("unit")
        .order_by("order", "number", "id")
    )


def unit_standings(targets) -> dict[int, dict[str, int]]:
    """For each target, how many of its units' targets stand where: ``{target id: {standing:
    n}}`` — one GROUP BY whatever the number of units."""
    counts: dict[int, dict[str, int]] = {t.pk: dict.fromkeys(Standing.values, 0) for t in targets}
    programmes = {t.programme_id for t in targets}
    rows = (
        # The programme too: the (programme, parent, standing) index covers the whole count.
        Target.objects.filter(programme__in=programmes, parent__in=[t.pk for t in targets])
        .values("parent_id", "standing")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[row["parent_id"]][row["standing"]] = row["n"]
    return counts


def children_of(target: Target, user) -> QuerySet:
    """The units' targets under ``target`` the user may see, in the order of the units."""
    return (
        _targets_of(target.programme, user)
        .filter(parent=target)
        .select_related("unit")
        .order_by("unit__path")
    )


def values_of(target: Target) -> QuerySet:
    """The figures of a target over time (oldest first), who recorded them included."""
    return (
        TargetValue.objects.filter(target=target)
        .select_related("recorded_by")
        .order_by("as_of", "source")
    )


def targets_of_unit(unit, user) -> QuerySet:
    """The targets set for ``unit`` (of every programme) the user may see."""
    return (
        targets_visible_to(user)
        .filter(unit=unit)
        .select_related("programme", "unit")
        .order_by("programme__name", "order", "id")
    )


def ancestors(target: Target) -> list[Target]:
    """The targets above ``target``, the top first."""
    chain = []
    current = target.parent
    while current is not None:
        chain.append(current)
        current = current.parent
    return list(reversed(chain))


def milestones_of(targets) -> dict:
    """``{target id: [milestones, by due date]}`` in one query."""
    found: dict = {}
    for milestone in Milestone.objects.filter(target__in=[t.pk for t in targets]).order_by("due"):
        found.setdefault(milestone.target_id, []).append(milestone)
    return found


def programme_standings(programmes) -> dict[int, dict[str, int]]:
    """For each programme, how many of its own targets stand where: one GROUP BY."""
    counts: dict = {p.pk: dict.fromkeys(Standing.values, 0) for p in programmes}
    rows = (
        Target.objects.filter(programme__in=[p.pk for p in programmes], parent__isnull=True)
        .values("programme_id", "standing")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[row["programme_id"]][row["standing"]] = row["n"]
    return counts


def programme_recommendations(programme: Programme, user) -> QuerySet:
    """The recommendations of the programme's surveys and inspections the user may see, with
    their follow-ups, oldest survey first."""
    return (
        Recommendation.objects.filter(
            inspection__in=inspections_visible_to(user).filter(programme=programme)
        )
        .select_related("organization", "followup", "inspection")
        .order_by("inspection__starts_on", "order", "id")
    )
