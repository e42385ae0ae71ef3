"""Benchmark: activities with the people (issue 14) — the list, the month calendar and the
national yearly report with the activity measures.

In a fresh database (SQLite or PostgreSQL): load the administrative units, generate ``--rows``
activities (80 % on the old map in 2023–2024, 20 % on today's map in late 2025), each with its
organiser, one or two head-counts and one or two works (≈ 5 related rows an activity), then time

- the list page ``/hoat-dong/`` as served (Django's test client, template included) to a staff
  user of tỉnh Tuyên Quang: scope only, filters (a kind and a quarter), a search — p50 / p95 of
  ``--samples`` requests each, the number of queries (it must not depend on the rows), against
  the same page's data as hand-written SQL (the count and the 50 rows with their head-counts);
- the month calendar ``/hoat-dong/lich/`` for May 2024;
- the report: the whole country, 2024 against 2023, by province remapped to today's, with
  ``activities_held``, ``participants``, ``people_reached``, ``work_concrete_road`` through
  ``build_report`` (median of 5) against hand-written SQL ``GROUP BY``s of the same figures
  over the rows; it checks both give the same totals. The engine reads the monthly rollup
  (``activities.services.rollup``), counted after the bulk load as the nightly schedule does;
  the hand-written SQL reads the activities, head-counts and works themselves.

    .venv/bin/python bench/bench_activities.py [--rows 50000] [--samples 30]
                                               [--backend sqlite|postgres] [--reuse NAME]

``--reuse NAME`` keeps the database between runs (the PostgreSQL database NAME, the SQLite file
under $TMPDIR/NAME/): the rows are generated on the first run only, and measured again on the
next ones.

Budgets (issue 14, at 500,000 activities): list and calendar p95 < 150 ms with constant
queries; the report < 1 s on PostgreSQL and ≤ 2× the hand-written SQL.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import drop_database, each_backend, setup_django  # noqa: E402

LIST_BUDGET_MS, REPORT_BUDGET_S, RATIO_BUDGET = 150, 1.0, 2.0
RUNS = 5
THEMES = [
    "Ra quân làm đường bê tông",
    "Dọn vệ sinh môi trường",
    "Thăm hỏi, tặng quà gia đình chính sách",
    "Khám bệnh, cấp thuốc miễn phí",
    "Giúp dân thu hoạch mùa màng",
    "Sửa nhà cho hộ nghèo",
]


def p50(samples):
    return statistics.median(samples) * 1000


def p95(samples):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000


def generate(connection, rows: int, rng: random.Random) -> None:
    from danvan.activities.models import ActivityKind, ParticipantCategory, WorkKind
    from danvan.activities.services import seed_catalogues
    from danvan.core.folding import fold
    from danvan.organizations import services as org_services
    from danvan.territory.models import AdministrativeUnit

    seed_catalogues()
    communes = [
        (unit.pk, unit.era, unit.name, unit.today_province_path)
        for unit in AdministrativeUnit.objects.filter(level="commune")
    ]
    old = [c for c in communes if c[1] == "legacy"]
    new = [c for c in communes if c[1] == "current"]
    organisers = [
        org_services.create_organization(
            data={"name": f"Ban Dân vận (bench) {n}", "kind": "dan_van", "unit": None},
            acting_user=None,
        ).pk
        for n in range(10)
    ]
    partner = org_services.create_organization(
        data={"name": "Đoàn Thanh niên (bench)", "kind": "mass_org", "unit": None},
        acting_user=None,
    ).pk
    kinds = list(ActivityKind.objects.values_list("pk", flat=True))
    party, civil = (
        ParticipantCategory.objects.get(code=c).pk for c in ("party-members", "civil-servants")
    )
    road, trees = (WorkKind.objects.get(code=c).pk for c in ("concrete-road", "trees"))
    columns = (
        "id, code, title, kind_id, organiser_id, place_id, place_province, start_date, "
        "reached, description, title_folded, search_folded, version, created_at, updated_at"
    )

    def row(number: int):
        place_id, era, place_name, province = rng.choice(new if rng.random() < 0.2 else old)
        if era == "current":
            day = date(2025, 7, 1) + timedelta(days=rng.randint(0, 180))
        else:
            day = date(2023, 1, 1) + timedelta(days=rng.randint(0, 729))
        title = f"{rng.choice(THEMES)} xã {place_name}"
        return (
            number + 1,
            f"HD-B-{number:07d}",
            title,
            rng.choice(kinds),
            rng.choice(organisers),
            place_id,
            province,
            day.isoformat(),
            rng.randint(0, 300),
            "",
            fold(title),
            fold(f"HD-B-{number:07d} {title} {place_name}"),
            1,
            "2025-01-01 00:00:00+00",
            "2025-01-01 00:00:00+00",
        )

    placeholders = ", ".join(["%s"] * 15)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: the rows streamed to the server in one statement (500,000 in a minute).
            with cursor.cursor.copy(f"COPY activities_activity ({columns}) FROM STDIN") as copy:
                for number in range(rows):
                    copy.write_row(row(number))
        else:
            batch = []
            for number in range(rows):
                batch.append(row(number))
                if len(batch) == 20_000 or number == rows - 1:
                    cursor.executemany(
                        f"INSERT INTO activities_activity ({columns}) VALUES ({placeholders})",  # noqa: S608
                        batch,
                    )
                    batch = []
        cursor.execute(
            "INSERT INTO activities_activityorganization (activity_id, organization_id, role) "
            "SELECT id, organiser_id, 'organiser' FROM activities_activity"
        )
        cursor.execute(
            "INSERT INTO activities_headcount (link_id, activity_id, category_id, count) "
            f"SELECT id, activity_id, {party}, 5 + activity_id % 40 "
            "FROM activities_activityorganization"
        )
        cursor.execute(
            "INSERT INTO activities_headcount (link_id, activity_id, category_id, count) "
            f"SELECT id, activity_id, {civil}, 3 + activity_id % 20 "
            "FROM activities_activityorganization WHERE activity_id % 2 = 0"
        )
        cursor.execute(
            "INSERT INTO activities_work (activity_id, kind_id, quantity) "
            f"SELECT id, {road}, 100 + id % 900 FROM activities_activity"
        )
        cursor.execute(
            "INSERT INTO activities_work (activity_id, kind_id, quantity) "
            f"SELECT id, {trees}, 10 + id % 90 FROM activities_activity WHERE id % 3 = 0"
        )
        # A participating organisation with its party members on every activity, and a
        # second place on one in five: some 6 related rows an activity, as the issue's
        # 3,000,000 for 500,000.
        cursor.execute(
            "INSERT INTO activities_activityorganization (activity_id, organization_id, role) "
            f"SELECT id, {partner}, 'participant' FROM activities_activity"
        )
        cursor.execute(
            "INSERT INTO activities_headcount (link_id, activity_id, category_id, count) "
            f"SELECT id, activity_id, {party}, 2 + activity_id % 10 "
            "FROM activities_activityorganization WHERE role = 'participant'"
        )
        cursor.execute(
            "INSERT INTO activities_activityplace (activity_id, unit_id) "
            "SELECT id, place_id FROM activities_activity WHERE id % 5 = 0"
        )


def hand_list(connection, province: str, kind=None, quarter=None, word=None) -> None:
    """The list page's data by hand: the count and the 50 newest rows with their head-counts."""
    where = ["a.place_province = %s"]
    params: list = [province]
    if kind:
        where.append("a.kind_id = %s")
        params.append(kind)
    if quarter:
        where.append("a.start_date BETWEEN %s AND %s")
        params += [quarter[0].isoformat(), quarter[1].isoformat()]
    if word:
        where.append("a.search_folded LIKE %s")
        params.append(f"%{word}%")
    condition = " AND ".join(where)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM activities_activity a WHERE {condition}", params)  # noqa: S608
        cursor.fetchone()
        cursor.execute(
            "SELECT a.id, a.title, a.start_date, k.name, u.name, "
            "(SELECT sum(h.count) FROM activities_headcount h WHERE h.activity_id = a.id) "
            "FROM activities_activity a JOIN activities_activitykind k ON k.id = a.kind_id "
            "JOIN territory_administrativeunit u ON u.id = a.place_id "
            f"WHERE {condition} ORDER BY a.start_date DESC, a.id DESC LIMIT 50",  # noqa: S608
            params,
        )
        cursor.fetchall()


def hand_report(connection, road_kind: int) -> dict:
    """The report's figures by hand: one GROUP BY per table, by today's province."""
    key = "substr(coalesce(pt.path, u.today_path), 1, 5)"
    joins = (
        "JOIN territory_administrativeunit u ON u.id = a.place_id "
        "LEFT JOIN territory_administrativeunit pt ON pt.id = a.place_today_id "
    )
    span = "a.start_date BETWEEN '2023-01-01' AND '2024-12-31'"
    this = "a.start_date >= '2024-01-01'"
    last = "a.start_date < '2024-01-01'"
    totals = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {key}, sum(CASE WHEN {this} THEN 1 ELSE 0 END), "
            f"sum(CASE WHEN {last} THEN 1 ELSE 0 END), "
            f"sum(CASE WHEN {this} THEN a.reached ELSE 0 END), "
            f"sum(CASE WHEN {last} THEN a.reached ELSE 0 END) "
            f"FROM activities_activity a {joins}WHERE {span} GROUP BY 1"  # noqa: S608
        )
        rows = cursor.fetchall()
        totals["activities_held"] = sum(r[1] for r in rows)
        totals["people_reached"] = sum(r[3] for r in rows)
        cursor.execute(
            f"SELECT {key}, sum(CASE WHEN {this} THEN h.count ELSE 0 END), "
            f"sum(CASE WHEN {last} THEN h.count ELSE 0 END) FROM activities_headcount h "
            f"JOIN activities_activity a ON a.id = h.activity_id {joins}WHERE {span} GROUP BY 1"  # noqa: S608
        )
        totals["participants"] = sum(r[1] for r in cursor.fetchall())
        cursor.execute(
            f"SELECT {key}, sum(CASE WHEN {this} THEN w.quantity ELSE 0 END), "
            f"sum(CASE WHEN {last} THEN w.quantity ELSE 0 END) FROM activities_work w "
            f"JOIN activities_activity a ON a.id = w.activity_id {joins}"
            f"WHERE {span} AND w.kind_id = {road_kind} GROUP BY 1"  # noqa: S608
        )
        totals["work_concrete_road"] = int(sum(r[1] for r in cursor.fetchall()))
        cursor.execute(
            "SELECT path, name FROM territory_administrativeunit "
            "WHERE era = 'current' AND level = 'province'"
        )
        cursor.fetchall()
    return totals


def median_time(function):
    times, value = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        value = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), value


def prepare(connection, backend: str, rows: int, rng: random.Random, reuse) -> bool:
    """Generate the rows unless kept ones are there (False: a kept database of another size),
    and count the monthly rollup the report reads when it is empty."""
    from danvan.activities.models import Activity, ActivityMonth
    from danvan.activities.services import rollup
    from danvan.territory.loading import load_units
    from danvan.territory.models import AdministrativeUnit

    present = Activity.objects.count()
    if present == 0:
        if not AdministrativeUnit.objects.exists():
            load_units()
        generate(connection, rows, rng)
    elif present != rows:
        print(f"[{backend}] {reuse} holds {present:,} activities, not {rows:,}: drop it")
        return False
    else:
        print(f"[{backend}] {rows:,} activities already there ({reuse})")
    if present == 0 or not ActivityMonth.objects.exists():
        # Rows written by COPY, not through the services: the monthly rollup the report
        # reads is counted again as the nightly schedule does (``activities rollup``).
        began = time.perf_counter()
        rollup.rebuild()
        print(
            f"[{backend}] monthly rollup counted in {time.perf_counter() - began:.0f} s "
            f"({ActivityMonth.objects.count():,} rows)"
        )
    return True


def run_backend(backend: str, rows: int, samples: int, reuse: str | None = None) -> int:
    database = setup_django(backend, reuse=reuse, prefix="danvan_bench_activities")
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from danvan.accounts.models import Grant, User
    from danvan.activities.models import ActivityKind, WorkKind
    from danvan.reports.periods import Period
    from danvan.reports.queries import ReportSpec, Scope, build_report
    from danvan.territory.models import AdministrativeUnit

    rng = random.Random(2026)  # noqa: S311 — reproducible benchmark data
    status = 0
    try:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        if not prepare(connection, backend, rows, rng, reuse):
            return 1
        with connection.cursor() as cursor:
            # What autovacuum does after a bulk load: statistics for the planner and, on
            # PostgreSQL, the visibility map that lets a count read the index alone.
            cursor.execute("VACUUM ANALYZE" if backend == "postgres" else "ANALYZE")
            cursor.execute("SELECT count(*) FROM activities_headcount")
            headcounts = cursor.fetchone()[0]
            cursor.execute(
                "SELECT (SELECT count(*) FROM activities_work) "
                "+ (SELECT count(*) FROM activities_activityorganization) "
                "+ (SELECT count(*) FROM activities_activityplace)"
            )
            works = cursor.fetchone()[0]
        print(
            f"[{backend}] {rows:,} activities, {headcounts + works:,} related rows (organisations, "
            f"head-counts, works, places) ready in {time.perf_counter() - started:.0f} s"
        )
        province = AdministrativeUnit.objects.get(era="current", level="province", code="08")
        user, created = User.objects.get_or_create(username="bench-staff")
        if created:
            Grant.objects.create(user=user, role="staff", unit=province)
        client = Client()
        client.force_login(user)
        kinds = list(ActivityKind.objects.values_list("pk", flat=True))
        print(f"[{backend}] load average before the runs: {os.getloadavg()[0]:.2f}")
        with override_settings(
            ALLOWED_HOSTS=["testserver"],
            STORAGES={
                "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
        ):
            client.get("/hoat-dong/")  # warm caches
            with CaptureQueriesContext(connection) as queries:
                client.get("/hoat-dong/")
            for query in queries.captured_queries:
                print(f"[{backend}]   {float(query['time']) * 1000:6.1f} ms  {query['sql'][:140]}")
            scenarios = {
                "list, scope only": lambda: ({}, {}),
                "list, filters": lambda: (
                    {"kind": (k := rng.choice(kinds)), "start": "01/04/2024", "end": "30/06/2024"},
                    {"kind": k, "quarter": (date(2024, 4, 1), date(2024, 6, 30))},
                ),
                "search": lambda: ({"q": "duong"}, {"word": "duong"}),
                "calendar": lambda: ({"year": 2024, "month": 5}, None),
            }
            for name, make in scenarios.items():
                timings, reference, counts = [], [], set()
                for _ in range(samples):
                    params, hand = make()
                    url = "/hoat-dong/lich/" if name == "calendar" else "/hoat-dong/"
                    with CaptureQueriesContext(connection) as queries:
                        began = time.perf_counter()
                        response = client.get(url, params)
                        timings.append(time.perf_counter() - began)
                    assert response.status_code == 200, (name, response.status_code)
                    counts.add(len(queries))
                    if hand is not None:
                        began = time.perf_counter()
                        hand_list(connection, province.path, **hand)
                        reference.append(time.perf_counter() - began)
                line = (
                    f"[{backend}] {name:17} p50 {p50(timings):6.0f} ms  p95 {p95(timings):6.0f} "
                    f"ms (budget {LIST_BUDGET_MS}), queries {sorted(counts)}"
                )
                if reference:
                    line += (
                        f"; hand SQL p95 {p95(reference):6.0f} ms, "
                        f"ratio {p95(timings) / p95(reference):.2f}×"
                    )
                print(line)
        spec = ReportSpec(
            period=Period.preset("year", 2024),
            scope=Scope(),
            by=("unit",),
            remap=True,
            measures=("activities_held", "participants", "people_reached", "work_concrete_road"),
        )
        road = WorkKind.objects.get(code="concrete-road").pk
        build_report(spec, user=None)  # warm
        hand_report(connection, road)
        with CaptureQueriesContext(connection) as queries:
            build_report(spec, user=None)
        engine_s, report = median_time(lambda: build_report(spec, user=None))
        hand_s, reference = median_time(lambda: hand_report(connection, road))
        figures = {code: report.total.value(code) for code in reference}
        same = figures == reference
        status |= 0 if same else 1
        print(
            f"[{backend}] report 2024 vs 2023 by province, remapped: {figures}; same as the "
            f"SQL: {same}{'' if same else f' (SQL: {reference})'}"
        )
        print(
            f"[{backend}] report engine median {engine_s * 1000:.0f} ms (budget "
            f"{REPORT_BUDGET_S * 1000:.0f} ms on PostgreSQL), {len(queries)} queries; hand SQL "
            f"median {hand_s * 1000:.0f} ms → ratio {engine_s / hand_s:.2f}× "
            f"(budget ≤ {RATIO_BUDGET}×)"
        )
        print(f"[{backend}] narrative: {report.narrative}")
        return status
    finally:
        connection.close()
        if not reuse:
            drop_database(backend, database)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--backend", choices=["sqlite", "postgres"])
    parser.add_argument(
        "--reuse",
        metavar="NAME",
        help="keep the data between runs in the database NAME (generated when it is empty)",
    )
    options = parser.parse_args()
    if options.backend:
        return run_backend(options.backend, options.rows, options.samples, options.reuse)
    return each_backend(__file__)


if __name__ == "__main__":
    sys.exit(main())
