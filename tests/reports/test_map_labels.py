"""The report map's labels stay inside its drawing (issue 12, 6)."""

import pytest

from danvan.reports.charts import LABEL_SIZE, MAP_WIDTH, _label_place


def extent(place: dict) -> tuple[float, float]:
    width = len(place["text"]) * LABEL_SIZE * 0.6
    start = {"start": 0, "middle": width / 2, "end": width}[place["anchor"]]
    return place["label_x"] - start, place["label_x"] - start + width


@pytest.mark.parametrize(
    ("x", "y"),
    [(30, 30), (MAP_WIDTH - 30, 30), (260, 300), (31, 610), (MAP_WIDTH - 31, 610), (260, 2)],
)
def test_a_label_stays_inside_the_map_wherever_its_point_lies(x, y):
    point = {"label": "Thị trấn Chợ Rã, Huyện Ba Bể, Tỉnh Bắc Kạn", "x": x, "y": y, "r": 28}
    place = _label_place(point, 640)
    left, right = extent(place)
    assert left >= 0
    assert right <= MAP_WIDTH
    assert LABEL_SIZE <= place["label_y"] <= 640
    assert len(place["text"]) <= 24
