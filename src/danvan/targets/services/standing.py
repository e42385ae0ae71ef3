"""Keeping each target's figure and standing up to date (``Target.current_value``,
``standing``…), so that the dashboard reads them instead of judging every unit at every request.

A target's figure is its own latest one (computed for a computed target, else reported); a
target without figures of its own takes its units' (their sum, or their average for a rate),
as of the latest of their dates."""

from decimal import Decimal

from danvan.targets.assessment import assess
from danvan.targets.enums import Rollup, ValueSource
from danvan.targets.models import Target, TargetValue

STANDING_FIELDS = ["current_value", "current_as_of", "projection", "standing"]


def _own_points(target: Target, values=None) -> list:
    source = ValueSource.COMPUTED if target.is_computed else ValueSource.REPORTED
    if values is None:
        values = TargetValue.objects.filter(target=target, source=source).order_by("as_of")
        return list(values.values_list("as_of", "value"))
    return [(v.as_of, v.value) for v in values if v.source == source]


def _rolled_up(target: Target, children) -> list:
    known = [c for c in children if c.current_value is not None]
    if not known:
        return []
    values = [c.current_value for c in known]
    total = sum(values, Decimal(0))
    if target.rollup == Rollup.SAME:
        total = (total / len(values)).quantize(Decimal("0.01"))
    return [(max(c.current_as_of for c in known), total)]


def judge(target: Target, *, points, milestones) -> dict:
    result = assess(
        direction=target.direction,
        goal=target.target_value,
        deadline=target.deadline,
        starts_on=target.programme.starts_on,
        baseline=target.baseline,
        points=points,
        milestones=milestones,
    )
    return {
        "current_value": result.value,
        "current_as_of": result.as_of,
        "projection": result.projection,
        "standing": result.standing,
    }


def refresh_standing(target: Target, *, with_parents: bool = True) -> None:
    """Judge ``target`` again from its figures (or its units'), then the targets above it."""
    while target is not None:
        points = _own_points(target)
        if not points:
            points = _rolled_up(target, list(target.children.all()))
        milestones = list(target.milestones.values_list("due", "value"))
        fields = judge(target, points=points, milestones=milestones)
        for key, value in fields.items():
            setattr(target, key, value)
        Target.objects.filter(pk=target.pk).update(**fields)
        target = target.parent if with_parents else None


def refresh_programme(programme) -> int:
    """Judge every target of the programme again, the units' first: a few queries whatever the
    number of targets, then one UPDATE per target whose standing changed."""
    targets = list(Target.objects.filter(programme=programme).select_related("programme"))
    by_id = {t.pk: t for t in targets}
    children: dict = {}
    for t in targets:
        children.setdefault(t.parent_id, []).append(t)
    values: dict = {}
    for value in TargetValue.objects.filter(target__programme=programme).order_by("as_of"):
        values.setdefault(value.target_id, []).append(value)
    marks: dict = {}
    for target_id, due, value in (
        Target.objects.filter(programme=programme)
        .filter(milestones__isnull=False)
        .values_list("pk", "milestones__due", "milestones__value")
    ):
        marks.setdefault(target_id, []).append((due, value))

    def depth(t):
        n = 0
        while t.parent_id:
            t = by_id[t.parent_id]
            n += 1
        return n

    changed = 0
    for target in sorted(targets, key=depth, reverse=True):
        points = _own_points(target, values.get(target.pk, []))
        if not points:
            points = _rolled_up(target, children.get(target.pk, []))
        fields = judge(target, points=points, milestones=marks.get(target.pk, []))
        if any(getattr(target, k) != v for k, v in fields.items()):
            for key, value in fields.items():
                setattr(target, key, value)
            Target.objects.filter(pk=target.pk).update(**fields)
            changed += 1
    return changed
