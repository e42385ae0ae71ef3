"""Maps drawn on the server as SVG, with no tile server: points at their coordinates in Web
Mercator (the projection map tiles use), fitted to a drawing of a given width, each label
placed so that it stays inside. Domain-free: the reports' map, the completeness board's map and
the people's opinion map give their own points and colours.

A tile URL (``DANVAN_MAP_TILE_URL``, e.g. ``https://tile.example.vn/{z}/{x}/{y}.png``) puts map
tiles under the points (``Frame.tiles``); without it the points stand on a plain background."""

import math
from dataclasses import dataclass

from django.conf import settings

TILE = 256
LABEL_SIZE, LABEL_CHARS = 10, 24  # font size of the labels, characters kept of a name


def mercator(latitude: float, longitude: float) -> tuple[float, float]:
    """Web Mercator in tile units at zoom 0 (0..1)."""
    x = (longitude + 180) / 360
    sin = math.sin(math.radians(latitude))
    y = 0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)
    return x, y


@dataclass(frozen=True)
class Frame:
    """Where the points lie in the drawing: ``place`` turns coordinates into x, y."""

    left: float
    top: float
    scale: float
    width: int
    height: int

    def place(self, latitude: float, longitude: float) -> tuple[float, float]:
        x, y = mercator(latitude, longitude)
        return round((x - self.left) * self.scale, 1), round((y - self.top) * self.scale, 1)

    def tiles(self) -> list[dict]:
        """The map tiles under the drawing (none without ``DANVAN_MAP_TILE_URL``), 64 at most."""
        url = getattr(settings, "DANVAN_MAP_TILE_URL", "")
        if not url:
            return []
        zoom = max(0, min(18, round(math.log2(self.scale / TILE))))
        first_x, first_y = int(self.left * 2**zoom), int(self.top * 2**zoom)
        last_x = int((self.left + self.width / self.scale) * 2**zoom)
        last_y = int((self.top + self.height / self.scale) * 2**zoom)
        tiles = []
        for tile_x in range(first_x, last_x + 1):
            for tile_y in range(first_y, last_y + 1):
                tiles.append(
                    {
                        "href": url.format(z=zoom, x=tile_x, y=tile_y),
                        "x": round((tile_x / 2**zoom - self.left) * self.scale, 1),
                        "y": round((tile_y / 2**zoom - self.top) * self.scale, 1),
                        "size": round(self.scale / 2**zoom, 1),
                    }
                )
        return tiles[:64]


def fit(
    coordinates: list[tuple[float, float]],
    *,
    width: int,
    max_height: int,
    padding: int,
    min_height: int = 200,
) -> Frame:
    """The frame in which ``coordinates`` (latitude, longitude; at least one) fill a drawing
    ``width`` wide, as tall as they lie (between ``min_height`` and ``max_height``)."""
    projected = [mercator(latitude, longitude) for latitude, longitude in coordinates]
    xs, ys = [p[0] for p in projected], [p[1] for p in projected]
    span_x, span_y = max(max(xs) - min(xs), 1e-4), max(max(ys) - min(ys), 1e-4)
    scale = min((width - 2 * padding) / span_x, (max_height - 2 * padding) / span_y)
    height = max(min_height, round(span_y * scale + 2 * padding))
    left = min(xs) - (width / scale - span_x) / 2
    top = min(ys) - (height / scale - span_y) / 2
    return Frame(left=left, top=top, scale=scale, width=width, height=height)


def label_place(label: str, x: float, y: float, r: float, *, width: int, height: int) -> dict:
    """Where a point's label goes so that it stays inside the drawing: above the point (below
    it near the top), centred on it, or starting or ending at it near the sides."""
    text = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
    half = len(text) * LABEL_SIZE * 0.3  # an average glyph is about 0.6 em wide
    if x - half < 2:
        anchor, label_x = "start", max(2.0, x - r)
    elif x + half > width - 2:
        anchor, label_x = "end", min(width - 2.0, x + r)
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
