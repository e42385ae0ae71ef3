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
