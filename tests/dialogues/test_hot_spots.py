"""The map and list of hot spots of the people's opinion (issue 17, 3): by place and field,
counted up to the viewer's unit, with the level noted in each period and its trend."""

from datetime import date

import pytest
from django.utils import timezone

from danvan.dialogues import hotspots, queries, services
from danvan.territory.models import AdministrativeUnit
from tests.dialogues.factories import binh_an, dong_thap, make_organization, officer, tuyen_quang
from tests.permissions import check_matrix

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
SPANS = hotspots.periods("quarter", TODAY)


def commune_of(province, *, skip: int = 0) -> AdministrativeUnit:
    return (
        AdministrativeUnit.objects.filter(
            era="current", level="commune", path__startswith=province.path
        )
        .exclude(pk=binh_an().pk)
        .order_by("path")[skip]
    )


def note(level, *, on, place=None, field="environment", topic="Xe chở đá gây bụi"):
    return services.record_opinion_note(
        data={
            "noted_on": on,
            "place": place or binh_an(),
            "field": field,
            "topic": topic,
            "level": level,
            "content": "",
        },
        acting_user=None,
    )


def test_the_periods_are_the_last_quarters_or_months_oldest_first():
    spans = hotspots.periods("quarter", date(2026, 2, 10))
    assert [(s.start, s.end, s.label) for s in spans] == [
        (date(2025, 4, 1), date(2025, 6, 30), "Quý 2/2025"),
        (date(2025, 7, 1), date(2025, 9, 30), "Quý 3/2025"),
        (date(2025, 10, 1), date(2025, 12, 31), "Quý 4/2025"),
        (date(2026, 1, 1), date(2026, 3, 31), "Quý 1/2026"),
    ]
    months = hotspots.periods("month", date(2026, 2, 10))
    assert [m.label for m in months] == [
        "09/2025",
        "10/2025",
        "11/2025",
        "12/2025",
        "01/2026",
        "02/2026",
    ]
    assert months[-1].end == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("levels", "trend"),
    [
        (["watch", None, "hot", None], "up"),
        (["hot", "hot"], "same"),
        (["hot", None, "normal"], "down"),
        ([None, None, "watch"], "new"),
    ],
)
def test_the_trend_compares_the_last_two_periods_noted(levels, trend):
    assert hotspots.trend_of(levels) == trend


def test_spots_are_counted_up_to_the_viewers_province_with_their_series():
    other = commune_of(tuyen_quang())
    note("watch", on=SPANS[-2].start)
    note("hot", on=SPANS[-1].start)
    note("normal", on=SPANS[-1].start, field="land", topic="Đo đạc đất rừng")
    note("watch", on=SPANS[-3].start, place=other, field="security", topic="Tụ tập")
    note("normal", on=SPANS[-1].start, place=other, field="security", topic="Tụ tập")
    note("hot", on=SPANS[0].start - (SPANS[1].start - SPANS[0].start))  # before the periods
    viewer = officer("viewer", unit=tuyen_quang())
    assert hotspots.default_root(viewer) == tuyen_quang()
    found = hotspots.hot_spot_map(
        queries.opinion_notes_visible_to(viewer), root=tuyen_quang(), kind="quarter", today=TODAY
    )
    assert found["counts"] == {"hot": 1, "watch": 0, "normal": 2}
    by_place = {(s.place.pk, s.field): s for s in found["spots"]}
    quarry = by_place[(binh_an().pk, "environment")]
    assert (quarry.level, quarry.series, quarry.trend) == (
        "hot",
        [None, None, "watch", "hot"],
        "up",
    )
    assert by_place[(other.pk, "security")].trend == "down"
    assert [a.unit for a in found["areas"]] == [binh_an(), other]
    area = found["areas"][0]
    assert (area.hot, area.watch, area.series, area.trend) == (1, 0, [0, 0, 1, 1], "same")
    # An area's trend compares this period with the one before.
    assert (found["areas"][1].series, found["areas"][1].trend) == ([0, 1, 0, 0], "same")
    # The eased concern stays in the list (it was watched in the periods), the normal one not.
    assert [(s.place, s.field) for s in found["attention"]] == [
        (binh_an(), "environment"),
        (other, "security"),
    ]


def test_the_country_counts_the_spots_of_each_province():
    note("hot", on=SPANS[-1].start)
    note("watch", on=SPANS[-1].start, place=commune_of(tuyen_quang()))
    note("hot", on=SPANS[-1].start, place=commune_of(dong_thap()))
    from tests.factories.accounts import AdminFactory

    admin = AdminFactory()
    assert hotspots.default_root(admin) is None
    found = hotspots.hot_spot_map(
        queries.opinion_notes_visible_to(admin), root=None, kind="quarter", today=TODAY
    )
    assert [(a.unit, a.hot, a.watch) for a in found["areas"]] == [
        (tuyen_quang(), 1, 1),
        (dong_thap(), 1, 0),
    ]


def test_the_page_shows_the_map_and_hot_spots_of_the_viewers_scope_only(client):
    note("watch", on=SPANS[-2].start)
    note("hot", on=SPANS[-1].start)
    stranger = note(
        "hot", on=SPANS[-1].start, place=commune_of(dong_thap()), topic="Sạt lở bờ sông"
    )
    client.force_login(officer("viewer", unit=tuyen_quang()))
    response = client.get("/tinh-hinh-nhan-dan/ban-do/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Điểm nóng tình hình tư tưởng nhân dân — Tỉnh Tuyên Quang" in body
    assert '<svg class="map"' in body
    assert 'data-level="hot"' in body
    assert "Xe chở đá gây bụi" in body
    assert "↑ tăng" in body
    assert f"Từ {SPANS[0].label} đến {SPANS[-1].label}: 1 điểm nóng, 0 cần theo dõi" in body
    # Not the hot spot of another province: not in the list, not on the map.
    assert "Sạt lở bờ sông" not in body
    assert stranger.place.name not in body
    areas = response.context["areas"]
    assert [(a.unit, a.hot) for a in areas] == [(binh_an(), 1)]
    assert {p["area"].unit for p in response.context["map"]["points"]} == {binh_an()}
    # Drilling into the other province is refused as if it did not exist.
    assert client.get(f"/tinh-hinh-nhan-dan/ban-do/{dong_thap().pk}/").status_code == 404
    assert client.get(f"/tinh-hinh-nhan-dan/ban-do/{stranger.place.pk}/").status_code == 404


def test_an_organisation_grant_sees_the_spots_its_bodies_noted_around_its_unit(client):
    body = make_organization(name="Ban Dân vận Tỉnh ủy Tuyên Quang", unit=tuyen_quang())
    services.record_opinion_note(
        data={
            "noted_on": SPANS[-1].start,
            "place": binh_an(),
            "reporter": body,
            "field": "land",
            "topic": "Đền bù giải phóng mặt bằng",
            "level": "watch",
        },
        acting_user=None,
    )
    note("hot", on=SPANS[-1].start)  # noted by no body: not the grant's
    client.force_login(officer("viewer", organization=body))
    page = client.get("/tinh-hinh-nhan-dan/ban-do/").content.decode()
    assert "Đền bù giải phóng mặt bằng" in page
    assert "Xe chở đá gây bụi" not in page
    assert client.get(f"/tinh-hinh-nhan-dan/ban-do/{binh_an().pk}/").status_code == 200
    assert client.get(f"/tinh-hinh-nhan-dan/ban-do/{dong_thap().pk}/").status_code == 404


def test_drilling_into_a_commune_lists_its_spots_and_the_months(client):
    note("hot", on=TODAY)
    client.force_login(officer("viewer", unit=tuyen_quang()))
    response = client.get(f"/tinh-hinh-nhan-dan/ban-do/{binh_an().pk}/", {"period": "month"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Xã Bình An" in body
    assert [(a.unit, a.hot) for a in response.context["areas"]] == [(binh_an(), 1)]
    assert len(response.context["periods"]) == 6
    assert f'href="/tinh-hinh-nhan-dan/ban-do/{tuyen_quang().pk}/?period=month"' in body


def test_empty_states_are_in_vietnamese(client):
    client.force_login(officer("viewer", unit=tuyen_quang()))
    body = client.get("/tinh-hinh-nhan-dan/ban-do/").content.decode()
    assert "Chưa có ghi nhận tình hình tư tưởng nhân dân nào" in body
    note("normal", on=TODAY)
    body = client.get("/tinh-hinh-nhan-dan/ban-do/").content.decode()
    assert "Không có điểm nóng" in body
    assert client.get("/tinh-hinh-nhan-dan/ban-do/", {"period": "<script>"}).status_code == 200


def test_the_drill_down_is_covered_by_the_permission_matrix():
    every_role = dict.fromkeys(("admin", "staff", "unit_editor", "reviewer", "viewer"), (200, 404))
    check_matrix(
        url_for=lambda unit: f"/tinh-hinh-nhan-dan/ban-do/{unit.pk}/",
        inside=binh_an(),
        outside=commune_of(dong_thap()),
        scope_unit=tuyen_quang(),
        expect=every_role,
    )
