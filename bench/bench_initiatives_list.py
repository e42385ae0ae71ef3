"""Benchmark: the initiatives list and search at national scale (default 1,000,000 rows).

For SQLite and PostgreSQL, each in a fresh database: load the administrative units, generate the
initiatives (80 % on the old map 2016–2024, 20 % on today's map in 2025), then, as a staff user
of one province (tỉnh Tuyên Quang, which also covers the old Hà Giang):

- list: a page of 50 rows of ``initiatives_visible_to(user)`` with random filters (year, status,
  kind, an ethnic-minority flag), sorted by name, plus the count — p95 over 60 requests, budget
  150 ms; the number of queries is printed (it must not depend on the page);
- search: accent-insensitive ``search_folded`` contains a place name, with the scope — p95,
  budget 100 ms on PostgreSQL.

Reference in the same run: the same page and count as hand-written SQL; the ratio is printed.

    .venv/bin/python bench/bench_initiatives_list.py [--rows 1000000] [--backend sqlite|postgres]
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_SERVER = os.environ.get("DANVAN_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
LIST_BUDGET_MS, SEARCH_BUDGET_MS = 150, 100
WORDS = ["binh an", "phuc loc", "minh hoa", "thap muoi", "yen lap", "lam binh", "tan thanh"]


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] * 1000


def setup_django(backend: str) -> str:
    os.environ["DANVAN_VAR_DIR"] = tempfile.mkdtemp(prefix="danvan-bench-")
    database = f"danvan_bench_{os.getpid()}"
    if backend == "postgres":
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{database}"')
        os.environ["DANVAN_DATABASE_URL"] = f"{PG_SERVER}/{database}"
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    return database


def generate(connection, rows: int, rng: random.Random) -> None:
    from danvan.core.folding import fold
    from danvan.initiatives.models import Initiative
    from danvan.organizations import services as org_services
    from danvan.territory.models import AdministrativeUnit

    communes = list(
        AdministrativeUnit.objects.filter(level="commune").values_list("pk", "era", "name")
    )
    old = [c for c in communes if c[1] == "legacy"]
    new = [c for c in communes if c[1] == "current"]
    owner = org_services.create_organization(
        data={"name": "Ban Dân vận (bench)", "kind": "dan_van", "unit": None}, acting_user=None
    )
    themes = [
        "Dân vận khéo xây dựng nông thôn mới",
        "Đường hoa tự quản",
        "Thắp sáng đường quê",
        "Tiết kiệm giúp nhau phát triển kinh tế",
        "Khu dân cư an toàn",
        "Hiến đất làm đường",
    ]
    statuses = ["registered", "active", "active", "suspended", "ended"]
    table = Initiative._meta.db_table
    columns = (
        "code, name, kind, subject, owner_organization_id, place_id, ethnic_minority_area, "
        "religious_area, border_area, year, content, partners, expected_results, "
        "results_text, status, name_folded, search_folded, version, created_at, updated_at"
    )

    def row(number: int):
        place_id, era, place_name = rng.choice(new) if rng.random() < 0.2 else rng.choice(old)
        year = 2025 if era == "current" else rng.randint(2016, 2024)
        name = f"{rng.choice(themes)} xã {place_name}"
        return (
            f"B-{number:07d}",
            name,
            "model" if rng.random() < 0.85 else "exemplar",
            "collective" if rng.random() < 0.9 else "individual",
            owner.pk,
            place_id,
            rng.random() < 0.3,
            rng.random() < 0.1,
            rng.random() < 0.05,
            year,
            "",
            "",
            "",
            "",
            rng.choice(statuses),
            fold(name),
            fold(name),
            1,
            "2025-01-01 00:00:00+00",
            "2025-01-01 00:00:00+00",
        )

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for number in range(rows):
                    copy.write_row(row(number))
            cursor.execute(f"ANALYZE {table}")
        else:
            placeholders = ", ".join(["%s"] * 20)
            batch = []
            for number in range(rows):
                batch.append(row(number))
                if len(batch) == 50_000:
                    cursor.executemany(
                        f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", batch
                    )  # noqa: S608
                    batch = []
            if batch:
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", batch
                )  # noqa: S608
            cursor.execute("ANALYZE")


def run_backend(backend: str, rows: int) -> int:
    database = setup_django(backend)
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from danvan.accounts.models import Grant, User
    from danvan.core.folding import fold
    from danvan.initiatives.queries import initiatives_visible_to
    from danvan.territory.loading import load_units
    from danvan.territory.models import AdministrativeUnit

    rng = random.Random(2025)  # noqa: S311 — reproducible benchmark data
    try:
        call_command("migrate", verbosity=0)
        load_units()
        started = time.perf_counter()
        generate(connection, rows, rng)
        print(
            f"[{backend}] {rows:,} initiatives generated in {time.perf_counter() - started:.0f} s"
        )
        province = AdministrativeUnit.objects.get(era="current", level="province", code="08")
        user = User.objects.create_user(username="bench-staff")
        Grant.objects.create(user=user, role="staff", unit=province)

        def page(filters: dict, number: int):
            queryset = initiatives_visible_to(user).filter(**filters)
            total = queryset.count()
            rows_ = list(
                queryset.select_related("place", "owner_organization").order_by(
                    "name_folded", "id"
                )[number * 50 : number * 50 + 50]
            )
            return total, rows_

        def random_filters():
            filters = {"year": rng.randint(2016, 2025)}
            if rng.random() < 0.5:
                filters["status"] = rng.choice(["active", "registered", "ended"])
            if rng.random() < 0.3:
                filters["ethnic_minority_area"] = True
            return filters

        page({}, 0)  # warm caches
        samples, query_counts = [], set()
        for _ in range(60):
            filters = random_filters()
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                page(filters, rng.randint(0, 3))
            samples.append(time.perf_counter() - started)
            query_counts.add(len(queries))
        list_p95 = p95(samples)

        reference = []
        table = "initiatives_initiative"
        units = "territory_administrativeunit"
        for _ in range(60):
            year = rng.randint(2016, 2025)
            started = time.perf_counter()
            with connection.cursor() as cursor:
                where = (
                    f"FROM {table} i JOIN {units} u ON u.id = i.place_id WHERE i.year = %s "
                    "AND (u.path LIKE %s OR u.today_path LIKE %s)"
                )
                args = [year, province.path + "%", province.path + "%"]
                cursor.execute(f"SELECT count(*) {where}", args)  # noqa: S608
                cursor.fetchone()
                cursor.execute(f"SELECT i.* {where} ORDER BY i.name_folded, i.id LIMIT 50", args)  # noqa: S608
                cursor.fetchall()
            reference.append(time.perf_counter() - started)
        reference_p95 = p95(reference)

        search = []
        for _ in range(40):
            words = fold(rng.choice(WORDS))
            started = time.perf_counter()
            queryset = initiatives_visible_to(user).filter(search_folded__contains=words)
            queryset.count()
            list(queryset.order_by("name_folded", "id")[:50])
            search.append(time.perf_counter() - started)
        search_p95 = p95(search)

        print(
            f"[{backend}] list page (50 rows, filters, scope): p95 {list_p95:.0f} ms "
            f"(budget {LIST_BUDGET_MS} ms); queries per page {sorted(query_counts)}; "
            f"hand-written SQL p95 {reference_p95:.0f} ms → ratio {list_p95 / reference_p95:.2f}×"
        )
        print(
            f"[{backend}] accent-insensitive search with scope: p95 {search_p95:.0f} ms "
            f"(budget {SEARCH_BUDGET_MS} ms on PostgreSQL)"
        )
        return 0
    finally:
        connection.close()
        if backend == "postgres":
            import psycopg

            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{database}"')


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--backend", choices=["sqlite", "postgres"])
    options = parser.parse_args()
    if options.backend:
        return run_backend(options.backend, options.rows)
    status = 0
    for backend in ("sqlite", "postgres"):
        status |= subprocess.call(  # noqa: S603
            [sys.executable, __file__, "--backend", backend, "--rows", str(options.rows)]
        )
    return status


if __name__ == "__main__":
    sys.exit(main())
