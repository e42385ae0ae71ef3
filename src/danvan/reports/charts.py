"""Charts drawn on the server as SVG (no JavaScript chart library): the first measure of the
report for each group of the first dimension, this period against the previous one, as
horizontal bars; and the map of units as points sized by their figure (``map_points``), drawn
from the units' coordinates with no tile server. A tile URL (``DANVAN_MAP_TILE_URL``, e.g.
``https://tile.example.vn/{z}/{x}/{y}.png``) puts map tiles under the points."""

import math

from django.conf import settings

from danvan.core import measures
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
TILE = 256


def _mercator(latitude: float, longitude: float) -> tuple[float, float]:
    """Web Mercator in tile units at zoom 0 (0..1), the projection map tiles use."""
    x = (longitude + 180) / 360
    sin = math.sin(math.radians(latitude))
    y = 0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)
    return x, y


def map_points(report: Report, measure: str | None = None) -> dict | None:
    """Points of the units of the first "unit" grouping, sized by their figure (of the report's
    first measure, or ``measure``; area proportional to it), fitted to the drawing; None when
    the report is not by unit."""
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
    projected = [_mercator(r.keys[0].latitude, r.keys[0].longitude) for r in rows]
    xs, ys = [p[0] for p in projected], [p[1] for p in projected]
    span_x, span_y = max(max(xs) - min(xs), 1e-4), max(max(ys) - min(ys), 1e-4)
    # As wide as the drawing allows, as tall as the units lie (never taller than MAP_HEIGHT).
    scale = min((MAP_WIDTH - 2 * MAP_PADDING) / span_x, (MAP_HEIGHT - 2 * MAP_PADDING) / span_y)
    height = max(200, round(span_y * scale + 2 * MAP_PADDING))
    left = min(xs) - (MAP_WIDTH / scale - span_x) / 2
    top = min(ys) - (height / scale - span_y) / 2
    largest = max(row.figures[measure].value for row in rows) or 1
    points = []
    for row, (x, y) in zip(rows, projected, strict=True):
        value = row.figures[measure].value
        points.append(
            {
                "label": row.keys[0].label,
                "value": value,
                "unit_id": row.keys[0].unit_id,
                "x": round((x - left) * scale, 1),
                "y": round((y - top) * scale, 1),
                "r": round(max(3.0, MAX_RADIUS * math.sqrt(value / largest)), 1) if value else 2,
            }
        )
    points.sort(key=lambda p: -p["r"])  # small points drawn last, on top
    for point in points:
        point.update(_label_place(point, height))
    return {
        "measure": str(measures.get_measure(measure).label),
        "points": points,
        "width": MAP_WIDTH,
        "height": height,
        "labels": len(points) <= 40,
        "tiles": _tiles(left, top, scale, height),
    }


LABEL_SIZE, LABEL_CHARS = 10, 24  # font size of the labels, characters kept of a name


def _label_place(point: dict, height: int) -> dict:
    """Where a point's label goes so that it stays inside the drawing: above the point (below
    it near the top), centred on it, or starting or ending at it near the sides."""
    text = point["label"] if len(point["label"]) <= LABEL_CHARS else point["label"][:23] + "…"
    half = len(text) * LABEL_SIZE * 0.3  # an average glyph is about 0.6 em wide
    x, y, r = point["x"], point["y"], point["r"]
    if x - half < 2:
        anchor, label_x = "start", max(2.0, x - r)
    elif x + half > MAP_WIDTH - 2:
        anchor, label_x = "end", min(MAP_WIDTH - 2.0, x + r)
    else:
        anchor, label_x = "middle", x
    label_y = y - r - 3
    if label_y < LABEL_SIZE + 2:
        label_y = min(y + r + LABEL_SIZE + 2, height - 3)
    return {
        "text": text,
        "anchor": anchor,
        "label_x": round(label_x, 1),
        "label_y": round(label_y, 1),
    }


def _tiles(left: float, top: float, scale: float, height: int) -> list[dict]:
    url = getattr(settings, "DANVAN_MAP_TILE_URL", "")
    if not url:
        return []
    zoom = max(0, min(18, round(math.log2(scale / TILE))))
    first_x, first_y = int(left * 2**zoom), int(top * 2**zoom)
    last_x = int((left + MAP_WIDTH / scale) * 2**zoom)
    last_y = int((top + height / scale) * 2**zoom)
    tiles = []
    for tile_x in range(first_x, last_x + 1):
        for tile_y in range(first_y, last_y + 1):
            tiles.append(
                {
                    "href": url.format(z=zoom, x=tile_x, y=tile_y),
                    "x": round((tile_x / 2**zoom - left) * scale, 1),
                    "y": round((tile_y / 2**zoom - top) * scale, 1),
                    "size": round(scale / 2**zoom, 1),
                }
            )
    return tiles[:64]
