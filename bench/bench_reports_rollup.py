"""Benchmark: the national rollup report at 1,000,000 initiatives (issue 7, ARCHITECTURE.md).

For SQLite and PostgreSQL, each in a fresh database: load the administrative units, generate
the initiatives as ``bench_initiatives_list.py`` does (80 % on the old map 2016–2024, 20 % on
today's map in 2025), give each one or two fields of work and 1 % a ``place_today`` override,
then time

- the engine: ``build_report`` for the whole country, the year 2024 compared with 2023, grouped
  by province × field × subject, **remapped** to today's provinces (rows, the subtotals by
  province, the total, the recognitions, the names of the units) — median of 5 runs, budget
  < 1 s on PostgreSQL;
- the reference: hand-written SQL ``GROUP BY`` computing the same figures (the rows, the
  subtotals and the total, current and previous year, and the recognitions) in the same run.

It checks that both give the same figures, and prints the times, the ratio (budget ≤ 2×) and
the number of queries.

    .venv/bin/python bench/bench_reports_rollup.py [--rows 1000000] [--backend sqlite|postgres]
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_initiatives_list import generate  # noqa: E402
from common import drop_database, each_backend, setup_django  # noqa: E402

BUDGET_S, RATIO_BUDGET = 1.0, 2.0
RUNS = 5
COUNTED = "('registered', 'active', 'suspended', 'ended')"


def add_fields_and_overrides(connection) -> None:
    from danvan.initiatives.services import seed_catalogues
    from danvan.territory.models import AdministrativeUnit

    seed_catalogues()
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM initiatives_field ORDER BY id")
        fields = [row[0] for row in cursor.fetchall()]
        n = len(fields)
        first, step = fields[0], fields[1] - fields[0]
        # Every initiative one field, every third a second one.
        cursor.execute(
            "INSERT INTO initiatives_initiative_fields (initiative_id, field_id) "
            f"SELECT id, {first} + {step} * (id % {n}) FROM initiatives_initiative"
        )
        cursor.execute(
            "INSERT INTO initiatives_initiative_fields (initiative_id, field_id) "
            f"SELECT id, {first} + {step} * ((id + 1) % {n}) FROM initiatives_initiative "
            "WHERE id % 3 = 0"
        )
        target = AdministrativeUnit.objects.filter(era="current", level="commune").first()
        cursor.execute(
            "UPDATE initiatives_initiative SET place_today_id = %s WHERE id %% 100 = 7",
            [target.pk],
        )
        cursor.execute("ANALYZE")


def hand_sql(connection) -> dict:
    """The same figures with hand-written GROUP BYs: rows, subtotals, total, recognitions."""
    key = "substr(coalesce(pt.path, u.today_path), 1, 5)"
    counts = []
    for _name, condition in [
        ("registered", "1 = 1"),
        ("active", "i.status = 'active'"),
        ("replicated", "i.replicated_from_id IS NOT NULL"),
        ("ended", "i.status = 'ended'"),
    ]:
        for year in (2024, 2023):
            counts.append(f"SUM(CASE WHEN i.year = {year} AND {condition} THEN 1 ELSE 0 END)")
    select = ", ".join(counts)
    joins = (
        "FROM initiatives_initiative i JOIN territory_administrativeunit u ON u.id = i.place_id "
        "LEFT JOIN territory_administrativeunit pt ON pt.id = i.place_today_id "
    )
    where = f"WHERE i.status IN {COUNTED} AND i.year BETWEEN 2023 AND 2024 "
    field_join = (
        "LEFT JOIN initiatives_initiative_fields f ON f.initiative_id = i.id "
        "LEFT JOIN initiatives_field fl ON fl.id = f.field_id "
    )
    result = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {key}, f.field_id, fl.name, i.subject, {select} {joins}{field_join}{where}"
            "GROUP BY 1, 2, 3, 4"
        )
        result["rows"] = {(r[0], r[1], r[3]): r[4] for r in cursor.fetchall()}
        cursor.execute(f"SELECT {key}, {select} {joins}{where}GROUP BY 1")
        result["subtotals"] = {r[0]: r[1] for r in cursor.fetchall()}
        cursor.execute(f"SELECT {select} {joins}{where}")
        result["total"] = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT {key}, f.field_id, i.subject, count(DISTINCT r.initiative_id) "
            "FROM reviews_recognition r JOIN initiatives_initiative i ON i.id = r.initiative_id "
            "JOIN territory_administrativeunit u ON u.id = i.place_id "
            "LEFT JOIN territory_administrativeunit pt ON pt.id = i.place_today_id "
            f"{field_join}WHERE r.decided_on BETWEEN '2023-01-01' AND '2024-12-31' "
            "GROUP BY 1, 2, 3"
        )
        cursor.fetchall()
        cursor.execute(
            "SELECT path, name FROM territory_administrativeunit "
            "WHERE era = 'current' AND level = 'province'"
        )
        cursor.fetchall()
    return result


def median_time(function) -> tuple[float, object]:
    times, value = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        value = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), value


def run_backend(backend: str, rows: int) -> int:
    database = setup_django(backend)
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from danvan.reports.periods import Period
    from danvan.reports.queries import ReportSpec, Scope, build_report
    from danvan.territory.loading import load_units

    rng = random.Random(2025)  # noqa: S311 — reproducible benchmark data
    try:
        call_command("migrate", verbosity=0)
        load_units()
        started = time.perf_counter()
        generate(connection, rows, rng)
        add_fields_and_overrides(connection)
        print(
            f"[{backend}] {rows:,} initiatives with fields generated in "
            f"{time.perf_counter() - started:.0f} s"
        )
        spec = ReportSpec(
            period=Period.preset("year", 2024),
            scope=Scope(),
            by=("unit", "field", "subject"),
            remap=True,
        )
        build_report(spec, user=None)  # warm caches
        hand_sql(connection)
        with CaptureQueriesContext(connection) as queries:
            build_report(spec, user=None)
        for query in queries.captured_queries:
            print(f"[{backend}]   {float(query['time']) * 1000:6.0f} ms  {query['sql'][:150]}")
        engine_s, report = median_time(lambda: build_report(spec, user=None))
        hand_s, reference = median_time(lambda: hand_sql(connection))

        engine_rows = {
            (row.keys[0].key, row.keys[1].key, row.keys[2].key): row.value("registered")
            for row in report.rows
            if row.value("registered")
        }
        reference_rows = {k: v for k, v in reference["rows"].items() if v}
        if engine_rows != reference_rows:
            diff = set(engine_rows.items()) ^ set(reference_rows.items())
            print(f"[{backend}] rows differ, e.g. {sorted(diff, key=str)[:6]}")
        same = (
            engine_rows == reference_rows
            and report.total.value("registered") == reference["total"]
            and {
                r.keys[0].key: r.value("registered")
                for r in report.subtotals
                if r.value("registered")
            }
            == {k: v for k, v in reference["subtotals"].items() if v}
        )
        print(
            f"[{backend}] 2024 remapped, province × field × subject: "
            f"{report.total.value('registered'):,} registered "
            f"(2023: {report.total.figures['registered'].previous:,}), {len(report.rows)} rows, "
            f"{len(report.subtotals)} provinces; same figures as the SQL: {same}"
        )
        print(
            f"[{backend}] engine median {engine_s * 1000:.0f} ms (budget {BUDGET_S * 1000:.0f} ms"
            f" on PostgreSQL), {len(queries)} queries; hand-written SQL median "
            f"{hand_s * 1000:.0f} ms → ratio {engine_s / hand_s:.2f}× (budget ≤ {RATIO_BUDGET}×)"
        )
        return 0 if same else 1
    finally:
        connection.close()
        drop_database(backend, database)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--backend", choices=["sqlite", "postgres"])
    options = parser.parse_args()
    if options.backend:
        return run_backend(options.backend, options.rows)
    return each_backend(__file__)


if __name__ == "__main__":
    sys.exit(main())
