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
    assert report.scope_label == "Huyện Yên Lập, Tỉnh Phú Thọ"


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
