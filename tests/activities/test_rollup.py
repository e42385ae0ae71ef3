"""The monthly rollup of the activities (``services.rollup``): kept by every write (record,
edit, the Excel import, the remapping of units) so that it is what counting it all again from
the rows gives, read by the report engine when the report allows, with the figures of the
rows."""

from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.activities import services
from danvan.activities.enums import Role
from danvan.activities.models import Activity, ActivityMonth
from danvan.activities.services import rollup
from danvan.core import measures
from danvan.reports.periods import Period
from danvan.reports.queries import ReportSpec, Scope, build_report
from danvan.territory import services as territory_services
from tests.activities import factories as f
from tests.activities.test_excel import NEW, exported, run, sheet_rows, xlsx
from tests.permissions import user_with_role

pytestmark = pytest.mark.django_db

YEAR = Period.preset("year", 2022)
CODES = ("activities_held", "participants", "people_reached", "work_field_road", "work_trees")
SOURCES = ("activities", "activity_participants", "activity_works")


@pytest.fixture(autouse=True)
def _catalogues():
    f.seed()


def table() -> dict[tuple, tuple]:
    """The rollup's sums by key (a write appends its change: a key may hold several rows)."""
    sums: dict[tuple, list] = {}
    key = ("month", "path", "today_path", "kind_id", "campaign_id", "work_kind_id")
    for row in ActivityMonth.objects.values(*key, *rollup.SUMS):
        found = sums.setdefault(tuple(row[name] for name in key), [0, 0, 0, 0])
        for index, name in enumerate(rollup.SUMS):
            found[index] += row[name]
    return {key: tuple(values) for key, values in sums.items() if any(values)}


def assert_kept():
    """What the writes kept is what counting it all again from the rows gives (one row a key
    after that)."""
    kept = table()
    rollup.rebuild()
    assert kept == table()
    assert ActivityMonth.objects.count() == len(kept)


@contextmanager
def rows_only():
    """The report engine without the rollup: the measures counted from the rows."""
    saved = [measures.get_source(code) for code in SOURCES]
    for source in saved:
        measures.register_source(replace(source, rollup=""))
    try:
        yield
    finally:
        for source in saved:
            measures.register_source(source)


def figures(report) -> list[tuple]:
    lines = [(row.label, *(row.figures[c] for c in CODES)) for row in report.rows]
    return [*lines, tuple(report.total.figures[c] for c in CODES)]


def national(**extra) -> ReportSpec:
    return ReportSpec(period=YEAR, by=("unit",), measures=CODES, **extra)


def assert_same_as_the_rows(spec: ReportSpec) -> None:
    with CaptureQueriesContext(connection) as queries:
        from_rollup = build_report(spec, user=None)
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "activities_activitymonth" in sql
    assert "activities_headcount" not in sql
    with rows_only():
        from_rows = build_report(spec, user=None)
    assert figures(from_rollup) == figures(from_rows)
    assert from_rollup.narrative == from_rows.narrative


def spread():
    """Activities in two years, two provinces, both maps, one of them in a campaign."""
    campaign = f.make_campaign()
    seed = f.seed_000()
    f.make_activity(
        place=f.thap_muoi(), day=date(2022, 5, 31), works={f.work("trees"): Decimal("12.5")}
    )
    f.make_activity(place=f.binh_an_old(), day=date(2022, 5, 20), campaign=campaign, reached=7)
    f.make_activity(place=f.binh_an_old(), day=date(2021, 12, 31), reached=3)
    return seed


def test_the_report_reads_the_rollup_and_gives_the_figures_of_the_rows():
    spread()
    assert_kept()
    assert_same_as_the_rows(national(remap=True))
    assert_same_as_the_rows(national())
    province = ReportSpec(period=YEAR, scope=Scope(unit=f.tuyen_quang()), measures=CODES)
    assert_same_as_the_rows(province)
    assert build_report(province, user=None).total.value("activities_held") == 2
    report = build_report(national(remap=True), user=None)
    assert report.total.value("activities_held") == 3
    assert report.total.figures["activities_held"].previous == 1
    assert report.total.value("work_trees") == 12.5
    assert report.total.value("people_reached") == 127


def test_the_rollup_follows_records_and_edits_that_move_change_and_remove():
    activity = spread()
    assert_kept()
    organiser = activity.organiser
    # Another month and province, other head-counts, the works removed, another kind.
    services.update_activity(
        activity=activity,
        data={"start_date": date(2022, 9, 2), "place": f.thap_muoi(), "kind": f.kind("visits")},
        version=activity.version,
        organizations=[
            {
                "organization": organiser,
                "role": Role.ORGANISER,
                "counts": {f.category("party-members"): 4},
            }
        ],
        works={},
        acting_user=None,
    )
    assert_kept()
    field_road = f.work("field-road").pk
    assert not [key for key in table() if key[0] == date(2022, 5, 1) and key[5] == field_road]
    assert_same_as_the_rows(national(remap=True))
    report = build_report(national(), user=None)
    assert report.total.value("participants") == 4 + 10 + 10
    assert report.total.value("work_field_road") == 0


def test_the_excel_import_keeps_the_rollup():
    f.seed_000()
    f.hamlet("Tống Pu")
    [row] = sheet_rows(exported())
    row["reached"] = 150
    row["work_trees"] = 300
    result = run(xlsx([row, NEW]))
    assert (result.created, result.updated, result.errors) == (1, 1, [])
    assert Activity.objects.count() == 2
    assert_kept()
    assert_same_as_the_rows(national())
    assert build_report(national(), user=None).total.value("work_trees") == 300


def test_a_remapping_of_units_moves_their_months_to_the_unit_of_today():
    spread()
    old = f.binh_an_old()
    territory_services.add_succession(
        predecessor=old,
        successor=f.thap_muoi(),
        kind="split",
        effective_date=date(2025, 7, 1),
        is_default=True,
        acting_user=None,
    )
    assert_kept()
    assert_same_as_the_rows(national(remap=True))
    today = set(ActivityMonth.objects.filter(path="L.08.").values_list("today_path", flat=True))
    assert today == {f.dong_thap().path}


def test_what_the_rollup_cannot_answer_is_counted_from_the_rows():
    spread()
    viewer = user_with_role("viewer", unit=f.tuyen_quang())
    held = measures.get_measure("activities_held")
    kept = {"user": None, "spans": [(YEAR.start, YEAR.end)]}
    assert measures.counted_as(held, **kept).source == "activities_rollup"
    assert measures.counted_as(held, **{**kept, "depth": 5}).source == "activities_rollup"
    for other in (
        {"user": viewer},  # sees part of the records
        {"spans": [(date(2022, 1, 1), date(2022, 5, 13))]},  # not whole months
        {"by": ("organization_kind",)},  # not held
        {"depth": 15},  # communes
        {"depth": None},  # hamlets
        {"scope": Scope(organization=f.make_organization())},
    ):
        assert measures.counted_as(held, **{**kept, **other}).source == "activities"
    by_category = measures.get_measure("participants")
    assert measures.counted_as(by_category, **kept, by=("participant_category",)).source == (
        "activity_participants"
    )
    # A district by commune: from the rows, and the same figures.
    spec = ReportSpec(period=YEAR, scope=Scope(unit=f.lam_binh()), by=("unit",), measures=CODES)
    with CaptureQueriesContext(connection) as queries:
        report = build_report(spec, user=None)
    assert "activities_activitymonth" not in " ".join(q["sql"] for q in queries.captured_queries)
    assert report.total.value("activities_held") == 2


def test_value_of_reads_the_rollup_with_the_figure_of_the_rows():
    spread()
    for code in CODES:
        from_rollup = measures.value_of(measure=code, user=None, period=YEAR)
        with rows_only():
            assert measures.value_of(measure=code, user=None, period=YEAR) == from_rollup
    assert measures.value_of(measure="participants", user=None, period=YEAR) == 130


def test_the_command_counts_it_all_again(capsys):
    spread()
    ActivityMonth.objects.all().delete()
    call_command("activities", "rollup")
    assert capsys.readouterr().out == (
        "Đã tính lại bảng tổng hợp theo tháng của hoạt động với Nhân dân: 9 dòng.\n"
    )
    assert_kept()
    assert ActivityMonth.objects.filter(work_kind__isnull=True).count() == 4
