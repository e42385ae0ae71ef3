"""What the targets pages share: a target's row in words (figure, share, standing, milestone)."""

from decimal import Decimal

from danvan.targets.enums import Direction, Standing

STANDING_ORDER = [Standing.MET, Standing.LIKELY, Standing.AT_RISK, Standing.NO_DATA]


def due_milestone(milestones, day):
    """The latest milestone due by ``day`` (else the first one to come)."""
    if not milestones:
        return None
    due = [m for m in milestones if day is not None and m.due <= day]
    return due[-1] if due else milestones[0]


def percent_of(value, goal, direction) -> Decimal | None:
    """How far the figure has come, as a percentage of the target (at least), or of how far
    under it the unit must stay (at most: 100 when at or under)."""
    if value is None or not goal:
        return None
    if direction == Direction.AT_MOST:
        return Decimal(100) if value <= goal else (goal * 100 / value).quantize(Decimal("0.1"))
    return (value * 100 / goal).quantize(Decimal("0.1"))


def target_data(target, *, units=None, milestones=()) -> dict:
    milestones = list(milestones)
    return {
        "target": target,
        "standing": Standing(target.standing),
        "percent": percent_of(target.current_value, target.target_value, target.direction),
        "milestone": due_milestone(milestones, target.current_as_of),
        "units": [(Standing(s), (units or {}).get(s, 0)) for s in STANDING_ORDER],
        "unit_total": sum((units or {}).values()),
    }
