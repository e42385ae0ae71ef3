"""The activities in the measures registry: seed 000 in the quarterly report of huyện Lâm Bình
(quý II/2022) as it was and remapped to today's xã Bình An, the sentence for none, one and
many, and ``value_of`` agreeing with the report."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.activities.measures import WORK_MEASURES
from danvan.core import measures
from danvan.reports.periods import Period
from danvan.reports.queries import ReportSpec, Scope, build_report
from tests.activities import factories as f
from tests.permissions import user_with_role

pytestmark = pytest.mark.django_db

QUARTER = Period(date(2022, 4, 1), date(2022, 6, 30))
CHOSEN = ("activities_held", "participants", "people_reached", "work_field_road")


@pytest.fixture(autouse=True)
def _catalogues():
    f.seed()


def test_the_codes_are_registered_with_one_measure_a_kind_of_work():
    codes = {m.code for m in measures.measures()}
    assert {"activities_held", "participants", "people_reached"} <= codes
    assert set(WORK_MEASURES) <= codes
    assert WORK_MEASURES["work_concrete_road"] == "concrete-road"
    assert measures.get_measure("work_money").label == "Tiền đóng góp (đồng)"
    defaults = [m.code for m in measures.measures() if m.default and m.app == "activities"]
    assert defaults == ["activities_held", "participants", "people_reached"]
    dimensions = [d.code for d in measures.dimensions()]
    assert {"activity_kind", "campaign", "participant_category", "work_kind"} <= set(dimensions)


def test_seed_000_in_the_quarterly_report_of_lam_binh_as_it_was():
    f.seed_000()
    # Around it, what must not count: another quarter, another district.
    f.make_activity(place=f.binh_an_old(), day=date(2022, 7, 1))
    f.make_activity(place=f.legacy("L.08.070.").children.first(), day=date(2022, 5, 2))
    report = build_report(
        ReportSpec(period=QUARTER, scope=Scope(unit=f.lam_binh()), by=("unit",), measures=CHOSEN),
        user=None,
    )
    assert [(row.label, row.value("activities_held")) for row in report.rows] == [("Xã Bình An", 1)]
    total = report.total
    assert total.value("activities_held") == 1
    assert total.value("participants") == 110
    assert total.value("people_reached") == 120
    assert total.value("work_field_road") == 1200
    assert report.narrative == (
        "Trong thời gian từ ngày 01/04/2022 đến ngày 30/06/2022, toàn huyện tổ chức 1 đợt hoạt "
        "động với Nhân dân tại cơ sở, thu hút 110 lượt cán bộ, đảng viên tham gia, tiếp cận "
        "120 lượt người dân; kết quả: 1.200 m đường nội đồng bê tông, 2.500 m đường giao "
        "thông được phát quang, vệ sinh, 800 m đường hoa chăm sóc, trồng mới, 600 m cống rãnh "
        "khơi thông."
    )


def test_seed_000_remapped_counts_for_the_commune_of_today():
    f.seed_000()
    report = build_report(
        ReportSpec(
            period=QUARTER,
            scope=Scope(unit=f.tuyen_quang()),
            by=("unit",),
            remap=True,
            measures=CHOSEN,
        ),
        user=None,
    )
    rows = [
        (row.label, row.value("activities_held"), row.value("participants")) for row in report.rows
    ]
    assert rows == [("Xã Bình An", 1, 110)]
    assert report.rows[0].keys[0].key == f.binh_an_today().path


def test_participants_by_category_and_works_by_kind():
    f.seed_000()
    by_category = build_report(
        ReportSpec(
            period=QUARTER,
            scope=Scope(unit=f.lam_binh()),
            by=("participant_category",),
            measures=("participants",),
        ),
        user=None,
    )
    assert sorted((row.label, row.value("participants")) for row in by_category.rows) == [
        ("Cán bộ, công chức", 40),
        ("Viên chức", 15),
        ("Đảng viên", 55),
    ]


def test_the_sentence_for_none_and_many_and_a_default_report_says_nothing_of_none():
    lam_binh = f.lam_binh()
    only = ReportSpec(period=QUARTER, scope=Scope(unit=lam_binh), measures=("activities_held",))
    assert build_report(only, user=None).narrative == (
        "Trong thời gian từ ngày 01/04/2022 đến ngày 30/06/2022, toàn huyện chưa tổ chức đợt "
        "hoạt động nào với Nhân dân tại cơ sở."
    )
    default = build_report(ReportSpec(period=QUARTER, scope=Scope(unit=lam_binh)), user=None)
    assert "hoạt động với Nhân dân" not in default.narrative
    assert "activities_held" in default.measures
    for day in (5, 6, 7):
        f.make_activity(place=f.binh_an_old(), day=date(2022, 5, day), counts={})
    many = build_report(only, user=None)
    assert many.narrative == (
        "Trong thời gian từ ngày 01/04/2022 đến ngày 30/06/2022, toàn huyện tổ chức 3 đợt hoạt "
        "động với Nhân dân tại cơ sở."
    )


def test_value_of_is_the_figure_the_report_shows_and_the_selector_bounds_it():
    f.seed_000()
    f.make_activity(
        place=f.thap_muoi(),
        organiser=f.make_organization(unit=f.dong_thap()),
        day=date(2022, 5, 2),
        works={f.work("field-road"): Decimal("300")},
    )
    assert measures.value_of(measure="work_field_road", user=None, period=QUARTER) == 1500
    viewer = user_with_role("viewer", unit=f.tuyen_quang())
    for code, expected in (
        ("activities_held", 1),
        ("participants", 110),
        ("people_reached", 120),
        ("work_field_road", 1200),
    ):
        assert measures.value_of(measure=code, user=viewer, period=QUARTER) == expected
    report = build_report(ReportSpec(period=QUARTER, measures=CHOSEN), user=viewer)
    assert report.total.value("work_field_road") == 1200


@pytest.mark.parametrize("rows", [1, 3])
def test_one_group_by_per_source_whatever_the_size(rows):
    for day in range(1, rows + 1):
        f.make_activity(
            place=f.binh_an_old(), day=date(2022, 5, day), works={f.work("trees"): Decimal(5)}
        )
    spec = ReportSpec(period=QUARTER, scope=Scope(unit=f.lam_binh()), by=("unit",), measures=CHOSEN)
    build_report(spec, user=None)
    with CaptureQueriesContext(connection) as queries:
        report = build_report(spec, user=None)
    assert report.total.value("activities_held") == rows
    assert len(queries) == EXPECTED_QUERIES


# Three sources, one GROUP BY each (the total is the sum of the rows), the unit names, the
# scope's label and its ancestors, the kinds of work the sentence names.
EXPECTED_QUERIES = 7


def test_a_work_says_its_quantity_and_a_name_beginning_with_its_unit_says_it_once():
    from danvan.activities.narrative import work_phrase

    assert work_phrase(f.work("trees"), Decimal(350)) == "350 cây xanh trồng mới"
    assert work_phrase(f.work("workdays"), Decimal(120)) == "120 ngày công"
    assert work_phrase(f.work("concrete-road"), Decimal("3500.5")) == (
        "3.500,5 m đường bê tông làm mới"
    )
    assert work_phrase(f.work("money"), Decimal(97_000_000)) == "97.000.000 đ tiền đóng góp"
    assert work_phrase(f.work("houses"), Decimal(2)) == "2 nhà đại đoàn kết xây mới, sửa chữa"
