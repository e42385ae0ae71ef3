"""Benchmark: the territory load, and counting rows attached to communes by province.

For SQLite and PostgreSQL, each in a fresh database of its own:

1. ``load``: the first ``territory load`` (budget < 30 s) and the second one, which changes
   nothing; the reference is reading the package's files alone (``read_package``).
2. ``count by province``: 1,000,000 rows attached to communes of the map before 2025, counted per
   province (a) with one path-prefix filter per province (what ``queries.subtree`` does),
   (b) with one GROUP BY on the province part of the path, and (c) the reference: joins up the
   parent chain (row → commune → district → province). Prints the times and the ratios to (c).

    .venv/bin/python bench/bench_territory.py [--rows 1000000] [--backend sqlite|postgres]
"""

import argparse
import os
import random
import sys
import tempfile
import time

from common import PG_SERVER, ROOT, drop_database, each_backend

LOAD_BUDGET = 30.0


def timed(function, *args, repeat: int = 1):
    best, result = None, None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function(*args)
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def run_backend(backend: str, rows: int) -> int:
    import psycopg

    tmp = tempfile.mkdtemp(prefix="danvan-bench-")
    os.environ["DANVAN_VAR_DIR"] = tmp
    database = f"danvan_bench_{os.getpid()}"
    if backend == "postgres":
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{database}"')
        os.environ["DANVAN_DATABASE_URL"] = f"{PG_SERVER}/{database}"
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from danvan.territory.loading import load_units, package_data_dir, read_package

    try:
        call_command("migrate", verbosity=0)
        reference, _ = timed(read_package, package_data_dir(), repeat=3)
        first, _ = timed(load_units)
        second, report = timed(load_units)
        assert not report.changed
        print(
            f"[{backend}] load: first {first:.2f} s (budget {LOAD_BUDGET:.0f} s), "
            f"second (no change) {second:.2f} s; reading the package alone {reference:.2f} s "
            f"→ first load {first / reference:.1f}× the read"
        )
        status = 0 if first < LOAD_BUDGET else 1
        status |= count_by_province(backend, connection, rows)
        return status
    finally:
        connection.close()
        drop_database(backend, database)


def fill_records(connection, commune_ids: list[int], rows: int) -> None:
    generator = random.Random(2025)
    units = generator.choices(commune_ids, k=rows)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_record (id integer PRIMARY KEY, unit_id integer NOT NULL)"
        )
        if connection.vendor == "postgresql":
            with cursor.cursor.copy("COPY bench_record (id, unit_id) FROM STDIN") as copy:
                for number, unit_id in enumerate(units, start=1):
                    copy.write_row((number, unit_id))
        else:
            cursor.executemany(
                "INSERT INTO bench_record (id, unit_id) VALUES (%s, %s)",
                list(enumerate(units, start=1)),
            )
        cursor.execute("CREATE INDEX bench_record_unit ON bench_record (unit_id)")
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "ANALYZE bench_record")


def count_by_province(backend: str, connection, rows: int) -> int:
    from danvan.territory.enums import Era, Level
    from danvan.territory.models import AdministrativeUnit

    communes = list(
        AdministrativeUnit.objects.filter(era=Era.LEGACY, level=Level.COMMUNE).values_list(
            "pk", flat=True
        )
    )
    provinces = list(
        AdministrativeUnit.objects.filter(era=Era.LEGACY, level=Level.PROVINCE).values_list(
            "pk", "path"
        )
    )
    started = time.perf_counter()
    fill_records(connection, communes, rows)
    print(f"[{backend}] {rows:,} rows generated in {time.perf_counter() - started:.1f} s")
    unit_table = AdministrativeUnit._meta.db_table

    def by_prefix_filters():
        counts = {}
        with connection.cursor() as cursor:
            for _pk, path in provinces:
                cursor.execute(
                    f"SELECT count(*) FROM bench_record r JOIN {unit_table} u ON u.id = r.unit_id "  # noqa: S608
                    "WHERE u.path LIKE %s",
                    [path + "%"],
                )
                counts[path] = cursor.fetchone()[0]
        return counts

    def by_prefix_group():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT substr(u.path, 1, 5), count(*) FROM bench_record r "  # noqa: S608
                f"JOIN {unit_table} u ON u.id = r.unit_id GROUP BY 1"
            )
            return dict(cursor.fetchall())

    def by_parent_chain():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT p.path, count(*) FROM bench_record r "  # noqa: S608
                f"JOIN {unit_table} c ON c.id = r.unit_id "
                f"JOIN {unit_table} d ON d.id = c.parent_id "
                f"JOIN {unit_table} p ON p.id = d.parent_id GROUP BY p.path"
            )
            return dict(cursor.fetchall())

    chain_time, chain = timed(by_parent_chain, repeat=3)
    filters_time, filters = timed(by_prefix_filters, repeat=3)
    group_time, group = timed(by_prefix_group, repeat=3)
    assert filters == chain == group, "the three ways must give the same figures"
    assert sum(chain.values()) == rows
    print(f"[{backend}] count {rows:,} rows by province (63 provinces):")
    print(f"    parent chain joins (reference) {chain_time * 1000:8.0f} ms")
    print(
        f"    63 path-prefix filters         {filters_time * 1000:8.0f} ms  "
        f"ratio {filters_time / chain_time:.2f}×"
    )
    print(
        f"    one GROUP BY on path prefix    {group_time * 1000:8.0f} ms  "
        f"ratio {group_time / chain_time:.2f}×"
    )
    return 0


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
