"""The engine beyond the seeds: measures, the comparison, recognitions, groupings, scope,
permissions and a constant number of queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.initiatives.services import seed_catalogues
from danvan.reports.periods import Period
from danvan.reports.queries import ReportSpec, Scope, build_report, resolve_scope
from tests.factories.organizations import tuyen_quang
from tests.initiatives.factories import field
from tests.permissions import user_with_role
from tests.reports import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def lam_binh():
    return factories.unit("huyện Lâm Bình, tỉnh Tuyên Quang", as_of=date(2022, 1, 1))


def report(scope, *, period=None, by=(), user=None, **extra):
    spec = ReportSpec(period=period or Period.preset("year", 2022), scope=scope, by=by, **extra)
    return build_report(spec, user=user)


def test_measures_this_year_and_last_with_change(lam_binh):
    communes = factories.communes(lam_binh)
    factories.add(communes, 6, year=2022, status="active")
    factories.add(communes, 2, year=2022, status="ended")
    origin = factories.add(communes[0], 1, year=2021, status="active")[0]
    factories.add(communes, 1, year=2022, replicated_from=origin)
    factories.add(communes, 4, year=2021)
    result = report(Scope(unit=lam_binh))
    figures = result.total.figures
    assert (figures["registered"].value, figures["registered"].previous) == (9, 5)
    assert figures["registered"].change == 4
    assert figures["registered"].percent == 80.0
    assert (figures["active"].value, figures["active"].previous) == (6, 1)
    assert figures["ended"].value == 2
    assert figures["replicated"].value == 1
    assert result.narrative == (
        "Trong năm 2022, toàn huyện xây dựng được 9 mô hình tập thể. "
        "So với cùng kỳ năm 2021 (5 mô hình), tăng 4 mô hình (80,0%). "
        "Tính đến ngày 31/12/2022, 6 mô hình đang thực hiện, 2 mô hình đã kết thúc, "
        "1 mô hình được nhân rộng từ mô hình khác."
    )


def test_narrative_for_nothing_one_and_fewer(lam_binh):
    assert report(Scope(unit=lam_binh)).narrative == (
        "Trong năm 2022, toàn huyện chưa xây dựng được mô hình nào."
    )
    factories.add(factories.communes(lam_binh), 1, year=2022, subject="individual")
    factories.add(factories.communes(lam_binh), 1_200, year=2021)
    assert report(Scope(unit=lam_binh)).narrative == (
        "Trong năm 2022, toàn huyện xây dựng được 1 mô hình cá nhân. "
        "So với cùng kỳ năm 2021 (1.200 mô hình), giảm 1.199 mô hình (99,9%)."
    )


def test_exemplars_are_named_as_such(lam_binh):
    factories.add(factories.communes(lam_binh), 3, year=2022, kind="exemplar")
    assert report(Scope(unit=lam_binh)).narrative == (
        "Trong năm 2022, toàn huyện xây dựng được 3 điển hình tập thể."
    )
    factories.add(factories.communes(lam_binh), 2, year=2022)
    assert report(Scope(unit=lam_binh)).narrative.startswith(
        "Trong năm 2022, toàn huyện xây dựng được 5 mô hình, điển hình tập thể."
    )


def test_recognitions_by_level_in_the_period(lam_binh):
    communes = factories.communes(lam_binh)
    first, second, third = factories.add(communes, 3, year=2020, status="active")
    factories.recognise(first, on=date(2022, 5, 1), level="district")
    factories.recognise(first, on=date(2022, 9, 1), level="province", outcome="outstanding")
    factories.recognise(second, on=date(2022, 6, 1), level="commune")
    factories.recognise(third, on=date(2021, 6, 1), level="commune")  # the previous year
    factories.recognise(third, on=date(2022, 7, 1), outcome="not_met", level="")
    result = report(Scope(unit=lam_binh), by=("subject",))
    figures = result.total.figures
    assert figures["recognised"].value == 2
    assert figures["recognised"].previous == 1
    assert figures["recognised_commune"].value == 1
    assert figures["recognised_district"].value == 1
    assert figures["recognised_province"].value == 1
    assert figures["outstanding"].value == 1
    # Registered in 2020: no initiative row of 2022, yet the group shows its recognitions.
    assert [(row.label, row.value("recognised")) for row in result.rows] == [("Tập thể", 2)]
    assert result.narrative.endswith(
        "2 mô hình được công nhận (cấp xã: 1, cấp huyện: 1, cấp tỉnh: 1), trong đó 1 tiêu biểu."
    )


def test_ten_months_count_by_start_date_and_new_year(lam_binh):
    communes = factories.communes(lam_binh)
    factories.add(communes, 2, year=2022, start=date(2022, 10, 31))
    factories.add(communes, 3, year=2022, start=date(2022, 11, 1))
    factories.add(communes, 4, year=2022)  # no date: 1 January
    factories.add(communes, 5, year=2022, start=date(2021, 12, 1))  # started before: 1 January
    factories.add(communes, 6, year=2021, start=date(2021, 2, 1))  # the same period of 2021
    factories.add(communes, 7, year=2021, start=date(2021, 12, 1))  # not the same period
    result = report(Scope(unit=lam_binh), period=Period.preset("10m", 2022))
    figure = result.total.figures["registered"]
    assert (figure.value, figure.previous) == (11, 6)


def test_grouped_by_field_counts_an_initiative_under_each_of_its_fields(lam_binh):
    seed_catalogues()
    economy, society = field("Kinh tế"), field("Văn hóa - xã hội")
    communes = factories.communes(lam_binh)
    factories.add(communes, 2, year=2022, fields=[economy, society])
    factories.add(communes, 3, year=2022, fields=[economy], subject="individual")
    factories.add(communes, 1, year=2022)
    result = report(Scope(unit=lam_binh), by=("field", "subject"))
    assert [(row.label, row.value("registered")) for row in result.rows_with_subtotals()] == [
        ("Kinh tế — Tập thể", 2),
        ("Kinh tế — Cá nhân", 3),
        ("Kinh tế", 5),
        ("Văn hóa - xã hội — Tập thể", 2),
        ("Văn hóa - xã hội", 2),
        ("(chưa ghi lĩnh vực) — Tập thể", 1),
        ("(chưa ghi lĩnh vực)", 1),
    ]
    assert result.total.value("registered") == 6


def test_province_of_today_as_it_was_and_remapped():
    province = tuyen_quang()  # today's: the old Tuyên Quang and the old Hà Giang
    old = factories.unit("xã Bình An, huyện Lâm Bình, tỉnh Tuyên Quang", as_of=date(2022, 1, 1))
    ha_giang = factories.communes(factories.unit("tỉnh Hà Giang", as_of=date(2022, 1, 1)))[0]
    factories.add(old, 2, year=2022)
    factories.add(ha_giang, 3, year=2022)
    factories.add(factories.communes(province)[0], 1, year=2022)
    as_it_was = report(Scope(unit=province), by=("unit",))
    assert sorted(row.value("registered") for row in as_it_was.rows) == [1, 2, 3]
    labels = {row.keys[0].key[:9] for row in as_it_was.rows}
    assert "L.08.071." in labels  # huyện Lâm Bình, as it was
    remapped = report(Scope(unit=province), by=("unit",), remap=True)
    assert all(row.keys[0].key.startswith("C.08.") for row in remapped.rows)
    assert remapped.total.value("registered") == as_it_was.total.value("registered") == 6


def test_place_today_override_wins_when_remapped(lam_binh):
    commune = factories.communes(lam_binh)[0]
    elsewhere = factories.communes(tuyen_quang())[-1]
    factories.add(commune, 1, year=2022, place_today=elsewhere)
    result = report(Scope(unit=lam_binh), by=("unit",), remap=True)
    assert [row.keys[0].key for row in result.rows] == [elsewhere.path]


def test_a_report_never_counts_what_the_user_may_not_see(lam_binh):
    factories.add(factories.communes(lam_binh), 4, year=2022)
    ha_giang = factories.unit("tỉnh Hà Giang", as_of=date(2022, 1, 1))
    factories.add(factories.communes(ha_giang), 5, year=2022)
    inside = user_with_role("viewer", unit=lam_binh)
    # Asked for the whole of today's Tuyên Quang, the district's viewer sees its own 4.
    assert report(Scope(unit=tuyen_quang()), user=inside).total.value("registered") == 4
    assert report(Scope(), user=inside, by=("unit",)).total.value("registered") == 4
    nobody = user_with_role("viewer", unit=factories.unit("tỉnh Cà Mau"))
    assert report(Scope(unit=lam_binh), user=nobody).total.value("registered") == 0


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        # rows and subtotals (initiatives, recognitions: 4), the total as the subtotals' sum,
        # unit names, the scope's label and the place name (ancestors: 2)
        (("unit", "field"), 7),
        # by fields first an initiative may count twice: the total is its own 2 queries
        (("field", "unit"), 9),
    ],
)
@pytest.mark.parametrize("rows", [1, 3])
def test_constant_number_of_queries(lam_binh, rows, by, expected):
    seed_catalogues()
    communes = factories.communes(lam_binh)
    created = factories.add(communes[:rows], rows, year=2022, fields=[field("Kinh tế")])
    factories.recognise(created[0], on=date(2022, 3, 1))
    user = user_with_role("staff", unit=lam_binh)
    spec = ReportSpec(period=Period.preset("year", 2022), scope=Scope(unit=lam_binh), by=by)
    build_report(spec, user=user)  # grants read and cached on the user
    with CaptureQueriesContext(connection) as queries:
        report = build_report(spec, user=user)
    assert len(queries) == expected
    assert report.total.value("registered") == rows
    assert report.total.value("recognised") == 1


def test_resolve_scope_from_words(lam_binh):
    assert resolve_scope("huyện Lâm Bình, tỉnh Tuyên Quang").unit == lam_binh
    assert resolve_scope("").unit is None
    assert resolve_scope("toàn quốc").organization is None
    assert resolve_scope("không có nơi nào như vậy") is None
