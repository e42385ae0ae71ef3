"""The completeness board's map: each reporting unit a point at its coordinates (Web Mercator,
drawn as SVG on the server like the reports' map), coloured by where it stands."""

import math

from danvan.submissions.enums import Standing

WIDTH, HEIGHT, PADDING, RADIUS = 520, 560, 24, 6
COLOURS = {
    Standing.ACCEPTED: "#1b7f3b",
    Standing.ON_TIME: "#1f5fa8",
    Standing.LATE: "#d9822b",
    Standing.RETURNED: "#7b3fa0",
    Standing.NOT_YET: "#9aa0a6",
    Standing.OVERDUE: "#b3261e",
}


def _mercator(latitude: float, longitude: float) -> tuple[float, float]:
    sin = math.sin(math.radians(latitude))
    return (longitude + 180) / 360, 0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)


def board_map(board) -> dict | None:
    """Points for the board's units that have coordinates; None when none has."""
    placed = [
        row
        for row in board.rows
        if row.obligation.unit_id
        and row.obligation.unit.latitude is not None
        and row.obligation.unit.longitude is not None
    ]
    if not placed:
        return None
    projected = [
        _mercator(row.obligation.unit.latitude, row.obligation.unit.longitude) for row in placed
    ]
    xs, ys = [p[0] for p in projected], [p[1] for p in projected]
    span_x, span_y = max(max(xs) - min(xs), 1e-4), max(max(ys) - min(ys), 1e-4)
    scale = min((WIDTH - 2 * PADDING) / span_x, (HEIGHT - 2 * PADDING) / span_y)
    height = max(200, round(span_y * scale + 2 * PADDING))
    left = min(xs) - (WIDTH / scale - span_x) / 2
    top = min(ys) - (height / scale - span_y) / 2
    points = [
        {
            "x": round((x - left) * scale, 1),
            "y": round((y - top) * scale, 1),
            "colour": COLOURS[row.standing],
            "label": f"{row.obligation.reporter_name()}: {row.standing_label}",
            "standing": row.standing,
        }
        for row, (x, y) in zip(placed, projected, strict=True)
    ]
    legend = [{"colour": COLOURS[value], "label": label} for value, label in Standing.choices]
    return {"points": points, "width": WIDTH, "height": height, "radius": RADIUS, "legend": legend}
