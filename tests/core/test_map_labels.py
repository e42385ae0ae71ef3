"""A map's labels stay inside its drawing (issue 12, 6): ``core.maps``, which the reports' map
and the people's opinion map use."""

import pytest

from danvan.core.maps import LABEL_SIZE, label_place

MAP_WIDTH = 520


def extent(place: dict) -> tuple[float, float]:
    width = len(place["text"]) * LABEL_SIZE * 0.6
    start = {"start": 0, "middle": width / 2, "end": width}[place["anchor"]]
    return place["label_x"] - start, place["label_x"] - start + width


@pytest.mark.parametrize(
    ("x", "y"),
    [(30, 30), (MAP_WIDTH - 30, 30), (260, 300), (31, 610), (MAP_WIDTH - 31, 610), (260, 2)],
)
def test_a_label_stays_inside_the_map_wherever_its_point_lies(x, y):
    label = "Thị trấn Chợ Rã, Huyện Ba Bể, Tỉnh Bắc Kạn"
    place = label_place(label, x, y, 28, width=MAP_WIDTH, height=640)
    left, right = extent(place)
    assert left >= 0
    assert right <= MAP_WIDTH
    assert LABEL_SIZE <= place["label_y"] <= 640
    assert len(place["text"]) <= 24


def test_points_fit_the_drawing_and_tiles_come_only_with_a_tile_url(settings):
    from danvan.core.maps import fit

    corners = [(22.5, 105.0), (21.5, 106.0)]  # north-west, south-east
    frame = fit(corners, width=MAP_WIDTH, max_height=640, padding=30)
    (x1, y1), (x2, y2) = (frame.place(*corner) for corner in corners)
    assert 0 <= x1 < x2 <= MAP_WIDTH
    assert 0 <= y1 < y2 <= frame.height <= 640
    settings.DANVAN_MAP_TILE_URL = ""
    assert frame.tiles() == []
    settings.DANVAN_MAP_TILE_URL = "https://tile.example.vn/{z}/{x}/{y}.png"
    tiles = frame.tiles()
    assert 0 < len(tiles) <= 64
    assert tiles[0]["href"].startswith("https://tile.example.vn/")
