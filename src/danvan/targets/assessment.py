"""Where a target stands: met, likely to be met, hard to meet, or no figures yet — from its
figures, its milestones and a straight-line projection to the deadline. Pure functions: no
database, so that the dashboard, the review document and the tests judge alike.

The rules (written down because officers will ask why a unit is red):

1. No figure yet: *chưa có số liệu*.
2. The latest figure meets the target (≥ for "at least", ≤ for "at most"): *đạt*.
3. The deadline has passed without meeting it: *khó đạt* (it was not met in time).
4. A milestone due by the latest figure's date that the figure misses: *khó đạt*.
5. Otherwise the line from the starting point (the baseline on the programme's first day —
   0 for an "at least" target without a baseline — else the first figure) through the latest
   figure is extended to the deadline: meeting the target there is *có khả năng đạt*, missing
   it *khó đạt*. Without two points to draw the line, a met milestone is *có khả năng đạt* and
   nothing to judge by is *khó đạt*.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from danvan.targets.enums import Direction, Standing


@dataclass(frozen=True)
class Assessment:
    standing: str
    value: Decimal | None = None
    as_of: date | None = None
    projection: Decimal | None = None
    milestone: tuple[date, Decimal] | None = None  # the latest one due by ``as_of``
    milestone_met: bool | None = None


def meets(value: Decimal, goal: Decimal, direction: str) -> bool:
    return value <= goal if direction == Direction.AT_MOST else value >= goal


def project(
    *, origin: tuple[date, Decimal], latest: tuple[date, Decimal], deadline: date
) -> Decimal | None:
    """The straight line through ``origin`` and ``latest``, read on ``deadline``."""
    (start, first), (when, value) = origin, latest
    span = (when - start).days
    if span <= 0:
        return None
    slope = (value - first) / Decimal(span)
    return (value + slope * Decimal((deadline - when).days)).quantize(Decimal("0.01"))


def assess(
    *,
    direction: str,
    goal: Decimal,
    deadline: date,
    starts_on: date,
    baseline: Decimal | None,
    points: list[tuple[date, Decimal]],
    milestones: list[tuple[date, Decimal]] = (),
) -> Assessment:
    """Judge a target from its figures (``points``, oldest first) — see the module's rules."""
    if not points:
        return Assessment(standing=Standing.NO_DATA)
    when, value = points[-1]
    due = [m for m in sorted(milestones) if m[0] <= when]
    milestone = due[-1] if due else None
    milestone_met = meets(value, milestone[1], direction) if milestone else None
    origin = None
    if baseline is not None and starts_on < when:
        origin = (starts_on, baseline)
    elif baseline is None and direction == Direction.AT_LEAST and starts_on < when:
        origin = (starts_on, Decimal(0))
    elif len(points) > 1:
        origin = points[0]
    projection = project(origin=origin, latest=(when, value), deadline=deadline) if origin else None
    facts = {
        "value": value,
        "as_of": when,
        "projection": projection,
        "milestone": milestone,
        "milestone_met": milestone_met,
    }
    if meets(value, goal, direction):
        return Assessment(standing=Standing.MET, **facts)
    if when >= deadline or milestone_met is False:
        return Assessment(standing=Standing.AT_RISK, **facts)
    likely = meets(projection, goal, direction) if projection is not None else bool(milestone_met)
    return Assessment(standing=Standing.LIKELY if likely else Standing.AT_RISK, **facts)
