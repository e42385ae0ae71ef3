from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from danvan.core import measures
from danvan.core.permissions import OutOfScope
from danvan.dialogues import queries, services
from tests.dialogues.factories import binh_an, dong_thap, officer, tuyen_quang

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def note(level, *, days_ago=0, place=None, field="environment", acting_user=None):
    return services.record_opinion_note(
        data={
            "noted_on": TODAY - timedelta(days=days_ago),
            "place": place or binh_an(),
            "field": field,
            "topic": "Xe chở đá gây bụi thôn Bản Khiển",
            "level": level,
            "content": "Nhân dân bức xúc",
        },
        acting_user=acting_user,
    )


def test_the_latest_note_of_a_place_and_field_shows_its_trend():
    note("watch", days_ago=60)
    note("hot", days_ago=5)
    note("normal", days_ago=10, field="land")
    note("hot", days_ago=3, place=dong_thap())
    viewer = officer("viewer", unit=tuyen_quang())
    found = queries.spots(
        queries.opinion_notes_visible_to(viewer), since=TODAY - timedelta(days=180)
    )
    assert [(s.note.level, s.note.field, s.trend, s.notes) for s in found] == [
        ("hot", "environment", "up", 2),
        ("normal", "land", "new", 1),
    ]
    assert queries.count_levels(found) == {"normal": 1, "watch": 0, "hot": 1}


def test_a_note_outside_ones_territory_is_refused():
    commune = officer("unit_editor", unit=binh_an())
    with pytest.raises(ValidationError) as error:
        note("hot", place=dong_thap(), acting_user=commune)
    assert "place" in error.value.message_dict
    with pytest.raises(OutOfScope):
        note("hot", acting_user=officer("viewer", unit=tuyen_quang()))


def test_the_overview_lists_hot_spots_first_in_vietnamese(client):
    note("watch", days_ago=60)
    note("hot", days_ago=5)
    note("normal", days_ago=10, field="land")
    client.force_login(officer("viewer", unit=tuyen_quang()))
    body = client.get("/tinh-hinh-nhan-dan/").content.decode()
    assert "1 điểm nóng, 0 cần theo dõi, 1 bình thường" in body
    assert body.index("Điểm nóng") < body.index("Bình thường</td>")
    assert "tăng" in body
    body = client.get("/tinh-hinh-nhan-dan/", {"level": "normal"}).content.decode()
    assert "Đất đai" in body


def test_a_note_is_added_through_the_form(client):
    client.force_login(officer("unit_editor", unit=binh_an()))
    response = client.post(
        "/tinh-hinh-nhan-dan/them/",
        {
            "noted_on": TODAY.strftime("%d/%m/%Y"),
            "place": binh_an().pk,
            "field": "land",
            "topic": "Tranh chấp đất rừng",
            "level": "watch",
        },
    )
    assert response.status_code == 302
    assert queries.opinion_notes_visible_to(officer("viewer", unit=tuyen_quang())).get().topic == (
        "Tranh chấp đất rừng"
    )


def test_hot_spots_are_counted_up_the_hierarchy():
    note("hot", days_ago=1)
    note("watch", days_ago=1, field="land")
    period = type("P", (), {"start": TODAY - timedelta(days=30), "end": TODAY})()
    province = measures.Scope(unit=tuyen_quang())
    assert measures.value_of(measure="hot_spots", user=None, period=period, scope=province) == 1
    assert measures.value_of(measure="watch_points", user=None, period=period, scope=province) == 1
    assert measures.value_of(measure="opinion_notes", user=None, period=period, scope=province) == 2
