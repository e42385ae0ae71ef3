"""The completeness board's map: each reporting unit a point at its coordinates (Web Mercator,
drawn as SVG on the server by ``core.maps``), coloured by where it stands."""

from danvan.core import maps
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
    frame = maps.fit(
        [(row.obligation.unit.latitude, row.obligation.unit.longitude) for row in placed],
        width=WIDTH,
        max_height=HEIGHT,
        padding=PADDING,
    )
    points = []
    for row in placed:
        x, y = frame.place(row.obligation.unit.latitude, row.obligation.unit.longitude)
        points.append(
            {
                "x": x,
                "y": y,
                "colour": COLOURS[row.standing],
                "label": f"{row.obligation.reporter_name()}: {row.standing_label}",
                "standing": row.standing,
            }
        )
    legend = [{"colour": COLOURS[value], "label": label} for value, label in Standing.choices]
    return {
        "points": points,
        "width": WIDTH,
        "height": frame.height,
        "radius": RADIUS,
        "legend": legend,
    }
