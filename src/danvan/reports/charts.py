"""Charts drawn on the server as SVG (no JavaScript chart library): the first measure of the
report for each group of the first dimension, this period against the previous one, as
horizontal bars; and the map of units as points sized by their figure (``map_points``), drawn
from the units' coordinates with no tile server (``core.maps``, which also puts map tiles under
the points when ``DANVAN_MAP_TILE_URL`` is set)."""

import math

from danvan.core import maps, measures
from danvan.core.measures import UNIT
from danvan.reports.figures import Report

MAX_BARS = 40
BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, CHART_WIDTH = 16, 10, 280, 760


def _chart_rows(report: Report):
    rows = report.subtotals or report.rows
    return rows[:MAX_BARS]


def bar_chart(report: Report, measure: str | None = None) -> dict | None:
    """Bars of the first measure of the report (or ``measure``)."""
    rows = _chart_rows(report)
    if not rows or not report.measures:
        return None
    measure = measure or report.measures[0]
    top = max(max(r.figures[measure].value, r.figures[measure].previous) for r in rows) or 1
    span = CHART_WIDTH - LABEL_WIDTH - 60
    bars = []
    for index, row in enumerate(rows):
        figure = row.figures[measure]
        y = index * (2 * BAR_HEIGHT + BAR_GAP)
        bars.append(
            {
                "label": row.keys[0].label,
                "value": figure.value,
                "previous": figure.previous,
                "y": y,
                "y_previous": y + BAR_HEIGHT,
                "text_y": y + BAR_HEIGHT + 4,
                "width": round(span * figure.value / top, 1),
                "width_previous": round(span * figure.previous / top, 1),
                "value_x": LABEL_WIDTH + round(span * figure.value / top, 1) + 4,
                "previous_x": LABEL_WIDTH + round(span * figure.previous / top, 1) + 4,
            }
        )
    height = len(rows) * (2 * BAR_HEIGHT + BAR_GAP)
    return {
        "measure": str(measures.get_measure(measure).label),
        "bars": bars,
        "width": CHART_WIDTH,
        "height": height,
        "label_width": LABEL_WIDTH,
        "label_x": LABEL_WIDTH - 6,
        "bar_height": BAR_HEIGHT,
    }


# ---- the map -----------------------------------------------------------------------------------

MAP_WIDTH, MAP_HEIGHT, MAP_PADDING, MAX_RADIUS = 520, 640, 30, 28


def map_points(report: Report, measure: str | None = None) -> dict | None:
    """Points of the units of the first "unit" grouping, sized by their figure (of the report's
    first measure, or ``measure``; area proportional to it), fitted to the drawing
    (``core.maps``); None when the report is not by unit."""
    if not report.by or report.by[0] != UNIT or not report.measures:
        return None
    measure = measure or report.measures[0]
    rows = [
        row
        for row in (report.subtotals or report.rows)
        if row.keys[0].latitude is not None and row.keys[0].longitude is not None
    ]
    if not rows:
        return None
    frame = maps.fit(
        [(r.keys[0].latitude, r.keys[0].longitude) for r in rows],
        width=MAP_WIDTH,
        max_height=MAP_HEIGHT,
        padding=MAP_PADDING,
    )
    largest = max(row.figures[measure].value for row in rows) or 1
    points = []
    for row in rows:
        value = row.figures[measure].value
        x, y = frame.place(row.keys[0].latitude, row.keys[0].longitude)
        points.append(
            {
                "label": row.keys[0].label,
                "value": value,
                "unit_id": row.keys[0].unit_id,
                "x": x,
                "y": y,
                "r": round(max(3.0, MAX_RADIUS * math.sqrt(value / largest)), 1) if value else 2,
            }
        )
    points.sort(key=lambda p: -p["r"])  # small points drawn last, on top
    for point in points:
        point.update(
            maps.label_place(
                point["label"], point["x"], point["y"], point["r"],
                width=MAP_WIDTH, height=frame.height,
            )
        )  # fmt: skip
    return {
        "measure": str(measures.get_measure(measure).label),
        "points": points,
        "width": MAP_WIDTH,
        "height": frame.height,
        "labels": len(points) <= 40,
        "tiles": frame.tiles(),
    }
