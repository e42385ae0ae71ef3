"""The trend of a target as an SVG drawn on the server (no script, nothing for the CSP to block):
its figures over time, the target line, the milestones and the projection to the deadline."""

from decimal import Decimal

from danvan.core.formatting import format_date, format_number

WIDTH, HEIGHT, PAD = 600, 220, 36


def _number(value: Decimal) -> str:
    value = Decimal(value).normalize()
    return (
        format_number(int(value))
        if value == value.to_integral_value()
        else f"{value:f}".replace(".", ",")
    )


def trend_chart(target, *, values, milestones) -> dict | None:
    points = [(v.as_of, v.value) for v in values if (v.source == "computed") == target.is_computed]
    if not points:
        return None
    start = target.programme.starts_on
    end = max(target.deadline, points[-1][0])
    numbers = [p[1] for p in points] + [target.target_value] + [m.value for m in milestones]
    if target.projection is not None:
        numbers.append(target.projection)
    if target.baseline is not None:
        numbers.append(target.baseline)
    low = min(*numbers, Decimal(0))
    high = max(numbers) or Decimal(1)
    span_days = max((end - start).days, 1)
    span_value = (high - low) or Decimal(1)

    # Coordinates as text with a dot: a template would write a float the Vietnamese way
    # ("60,7"), which SVG refuses.
    def x(day) -> str:
        return f"{PAD + (WIDTH - 2 * PAD) * (day - start).days / span_days:.1f}"

    def y(value) -> str:
        return f"{HEIGHT - PAD - float((value - low) / span_value) * (HEIGHT - 2 * PAD):.1f}"

    line = [(x(d), y(v)) for d, v in points]
    if target.baseline is not None and points[0][0] > start:
        line.insert(0, (x(start), y(target.baseline)))
    projection = None
    if target.projection is not None and points[-1][0] < target.deadline:
        projection = (line[-1], (x(target.deadline), y(target.projection)))
    return {
        "width": str(WIDTH),
        "height": str(HEIGHT),
        "polyline": " ".join(f"{a},{b}" for a, b in line),
        "dots": [
            {"x": x(d), "y": y(v), "label": f"{format_date(d)}: {_number(v)}"} for d, v in points
        ],
        "goal_y": y(target.target_value),
        "goal_label": _number(target.target_value),
        "left": str(PAD),
        "right": str(WIDTH - PAD),
        "bottom": str(HEIGHT - PAD),
        "milestones": [
            {
                "x": f"{float(x(m.due)) - 4:.1f}",
                "y": y(m.value),
                "label": f"{format_date(m.due)}: {_number(m.value)}",
            }
            for m in milestones
        ],
        "projection": projection,
        "start_label": format_date(start),
        "end_label": format_date(end),
    }
