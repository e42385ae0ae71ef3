"""The seed scenarios as figures: from data built here, the report prints exactly what the
articles say, for the district as it was and remapped to today's units."""

from datetime import date

import pytest

from danvan.reports.periods import Period
from danvan.reports.queries import ReportSpec, Scope, build_report
from tests.reports import factories

pytestmark = pytest.mark.django_db

YEN_LAP_NARRATIVE = (
    "Trong 10 tháng năm 2022, toàn huyện xây dựng được 114 mô hình, trong đó có 99 mô hình "
    "tập thể và 15 mô hình cá nhân."
)


@pytest.fixture
def yen_lap():
    """Huyện Yên Lập (Phú Thọ) in 2022: 114 models from 01/01 to 31/10 across 17 communes, 99
    collective and 15 individual; around them what must not count."""
    district = factories.unit("huyện Yên Lập, tỉnh Phú Thọ", as_of=date(2022, 1, 1))
    communes = factories.communes(district)[:17]
    assert len(communes) == 17
    factories.add(communes, 99, year=2022, start=date(2022, 3, 15))
    factories.add(communes[:15], 14, year=2022, start=date(2022, 10, 31), subject="individual")
    factories.add(communes[3], 1, year=2022, subject="individual")  # no start date: 1 January
    # Not counted: after the period, drafts and withdrawn, another district.
    factories.add(communes[0], 5, year=2022, start=date(2022, 11, 1))
    factories.add(communes[0], 3, year=2022, start=date(2022, 5, 1), status="draft")
    factories.add(communes[0], 2, year=2022, start=date(2022, 5, 1), status="withdrawn")
    other = factories.unit("huyện Thanh Sơn, tỉnh Phú Thọ", as_of=date(2022, 1, 1))
    factories.add(factories.communes(other)[0], 7, year=2022, start=date(2022, 5, 1))
    return district


@pytest.mark.parametrize("remap", [False, True])
def test_seed_001_yen_lap_ten_months_of_2022(yen_lap, remap):
    spec = ReportSpec(
        period=Period.preset("10m", 2022), scope=Scope(unit=yen_lap), by=("subject",), remap=remap
    )
    report = build_report(spec, user=None)
    assert [(row.label, row.value("registered")) for row in report.rows] == [
        ("Tập thể", 99),
        ("Cá nhân", 15),
    ]
    assert report.total.value("registered") == 114
    assert report.narrative == YEN_LAP_NARRATIVE
    assert report.scope_label == "Huyện Yên Lập, tỉnh Phú Thọ"


def test_seed_001_by_commune_as_it_was_and_remapped(yen_lap):
    period = Period.preset("10m", 2022)
    as_it_was = build_report(
        ReportSpec(period=period, scope=Scope(unit=yen_lap), by=("unit",)), user=None
    )
    assert len(as_it_was.rows) == 17
    assert all(row.keys[0].key.startswith(yen_lap.path) for row in as_it_was.rows)
    assert sum(row.value("registered") for row in as_it_was.rows) == 114
    today = build_report(
        ReportSpec(period=period, scope=Scope(unit=yen_lap), by=("unit",), remap=True), user=None
    )
    assert all(row.keys[0].key.startswith("C.25.") for row in today.rows)
    assert 1 < len(today.rows) < 17  # the 17 old communes were merged into fewer new ones
    assert sum(row.value("registered") for row in today.rows) == 114
    assert today.narrative == YEN_LAP_NARRATIVE


BA_BE_NARRATIVE = (
    "Trong năm 2023, toàn huyện xây dựng được 128 mô hình, trong đó có 118 mô hình tập thể "
    "và 10 mô hình cá nhân."
)


@pytest.mark.parametrize("remap", [False, True])
def test_seed_002_ba_be_2023(remap):
    district = factories.unit("huyện Ba Bể, tỉnh Bắc Kạn", as_of=date(2023, 1, 1))
    communes = factories.communes(district)
    factories.add(communes, 118, year=2023, start=date(2023, 4, 1))
    factories.add(communes, 10, year=2023, subject="individual")
    factories.add(communes, 4, year=2024, start=date(2024, 1, 2))  # another year
    spec = ReportSpec(
        period=Period.preset("year", 2023), scope=Scope(unit=district), by=("subject",), remap=remap
    )
    report = build_report(spec, user=None)
    assert report.total.value("registered") == 128
    assert [(row.label, row.value("registered")) for row in report.rows] == [
        ("Tập thể", 118),
        ("Cá nhân", 10),
    ]
    assert report.narrative == BA_BE_NARRATIVE


@pytest.fixture
def bac_giang_2018():
    province = factories.unit("tỉnh Bắc Giang", as_of=date(2018, 1, 1))
    communes = factories.communes(province)
    factories.add(communes, 559, year=2018, start=date(2018, 6, 1), minority=True)
    factories.add(communes, 41, year=2018, start=date(2018, 6, 1))
    return province


@pytest.mark.parametrize("remap", [False, True])
def test_seed_004_bac_giang_2018_filtered_by_ethnic_minority_areas(bac_giang_2018, remap):
    spec = ReportSpec(
        period=Period.preset("year", 2018),
        scope=Scope(unit=bac_giang_2018),
        by=("unit",),
        areas=("ethnic_minority",),
        remap=remap,
    )
    report = build_report(spec, user=None)
    assert report.total.value("registered") == 559
    assert sum(row.value("registered") for row in report.rows) == 559
    prefix = "C.24." if remap else "L.24."  # today's Bắc Ninh; the old Bắc Giang's districts
    assert all(row.keys[0].key.startswith(prefix) for row in report.rows)
    assert report.narrative == (
        "Trong năm 2018, toàn tỉnh xây dựng được 559 mô hình tập thể "
        "ở vùng đồng bào dân tộc thiểu số."
    )


def test_seed_004_grouped_by_the_flag(bac_giang_2018):
    spec = ReportSpec(
        period=Period.preset("year", 2018),
        scope=Scope(unit=bac_giang_2018),
        by=("ethnic_minority",),
    )
    report = build_report(spec, user=None)
    assert [(row.label, row.value("registered")) for row in report.rows] == [
        ("Vùng đồng bào dân tộc thiểu số", 559),
        ("Địa bàn khác", 41),
    ]
    assert report.narrative == (
        "Trong năm 2018, toàn tỉnh xây dựng được 600 mô hình tập thể. "
        "Có 559 mô hình ở vùng đồng bào dân tộc thiểu số."
    )
