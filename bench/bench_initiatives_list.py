"""Benchmark: the initiatives list and search at national scale (default 1,000,000 rows).

For SQLite and PostgreSQL, each in a fresh database (or one kept with ``--reuse``): load the
administrative units, generate the initiatives (80 % on the old map 2016–2024, 20 % on today's
map in 2025), then request the list page ``/mo-hinh/`` through Django's test client as a staff
user of one province (tỉnh Tuyên Quang, which also covers the old Hà Giang) — the whole page as
served: scope, filters, counts by status, 50 rows, template. Four scenarios, each
``--samples`` requests with random parameters:

- list, scope only: no filter, sorted by year or name, pages 1–4;
- list, filters: a year, maybe a status and the ethnic-minority flag, pages 1–4;
- search: accent-insensitive words (``q``), page 1;
- search, filters: the same with the filters;
- search, broad: a word in half the names (more matches than the count's cap: "hơn 10.000").

Printed per scenario: p50 and p95 (budget 150 ms for the list, 100 ms for search on
PostgreSQL), the queries per page (they must not depend on the page or the rows; 7 when a
search finds nothing), and the same page as hand-written SQL (the scope as a join on the units'
paths, exact counts by status, 50 rows) with the ratio.

    .venv/bin/python bench/bench_initiatives_list.py [--rows 1000000] [--backend sqlite|postgres]
        [--samples 60] [--reuse NAME]
"""

import argparse
import os
import random
import statistics
import sys
import time

from common import drop_database, each_backend, setup_django

LIST_BUDGET_MS, SEARCH_BUDGET_MS = 150, 100
WORDS = ["binh an", "phuc loc", "minh hoa", "thap muoi", "yen lap", "lam binh", "tan thanh"]


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] * 1000


def p50(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def generate(connection, rows: int, rng: random.Random) -> None:
    from danvan.core.folding import fold
    from danvan.initiatives import services
    from danvan.initiatives.models import Initiative
    from danvan.organizations import services as org_services
    from danvan.territory.models import AdministrativeUnit

    communes = [
        (unit.pk, unit.era, unit.name, services.place_copies(unit)["place_province"])
        for unit in AdministrativeUnit.objects.filter(level="commune")
    ]
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
        "results_text, status, name_folded, search_folded, version, created_at, updated_at, "
        "place_province"
    )

    def row(number: int):
        place_id, era, place_name, province = rng.choice(new if rng.random() < 0.2 else old)
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
            province,
        )

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for number in range(rows):
                    copy.write_row(row(number))
        else:
            placeholders = ", ".join(["%s"] * 21)
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


SCENARIOS = ("list, scope only", "list, filters", "search", "search, filters", "search, broad")
# In half the generated names: ~17,000 matches in the province, over the count's cap.
BROAD_WORD = "duong"


def random_filters(rng: random.Random) -> dict:
    filters = {"year": rng.randint(2016, 2025)}
    if rng.random() < 0.5:
        filters["status"] = rng.choice(["active", "registered", "ended"])
    if rng.random() < 0.3:
        filters["ethnic_minority_area"] = "on"
    return filters


def request_params(scenario: str, rng: random.Random) -> dict:
    """The query string of one request of ``scenario``: the page's own filters."""
    params = {"sort": rng.choice(["year", "name"])}
    if scenario.endswith("filters"):
        params.update(random_filters(rng))
    if scenario == "search, broad":
        params["q"] = BROAD_WORD
    elif scenario.startswith("search"):
        params["q"] = rng.choice(WORDS)
    else:
        params["page"] = rng.randint(1, 4)
    return params


def reference_sql(connection, params: dict, province_path: str) -> None:
    """The same page by hand: the scope as a join on the units' paths, the filters, the counts
    by status, and 50 rows in the page's order (what a developer would write first)."""
    where = ["(u.path LIKE %s OR u.today_path LIKE %s)"]
    args: list = [province_path + "%", province_path + "%"]
    for name in ("year", "status"):
        if name in params:
            where.append(f"i.{name} = %s")
            args.append(params[name])
    if "ethnic_minority_area" in params:
        where.append("i.ethnic_minority_area")
    if "q" in params:
        where.append("i.search_folded LIKE %s")
        args.append(f"%{params['q']}%")
    sql = (
        "FROM initiatives_initiative i JOIN territory_administrativeunit u ON u.id = i.place_id "
        f"WHERE {' AND '.join(where)}"
    )
    order = "i.name_folded, i.id"
    if params["sort"] == "year":
        order = "i.year DESC, " + order
    offset = (int(params.get("page", 1)) - 1) * 50
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT i.status, count(*) {sql} GROUP BY i.status", args)  # noqa: S608
        cursor.fetchall()
        cursor.execute(f"SELECT i.* {sql} ORDER BY {order} LIMIT 50 OFFSET {offset}", args)  # noqa: S608
        cursor.fetchall()


def run_backend(backend: str, rows: int, reuse: str | None, samples: int) -> int:
    database = setup_django(backend, reuse=reuse)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from danvan.accounts.models import Grant, User
    from danvan.initiatives.models import Initiative
    from danvan.territory.loading import load_units
    from danvan.territory.models import AdministrativeUnit

    rng = random.Random(2025)  # noqa: S311 — reproducible benchmark data
    try:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        if not AdministrativeUnit.objects.exists():
            load_units()
        print(f"[{backend}] migrated in {time.perf_counter() - started:.0f} s")
        present = Initiative.objects.count()
        if present != rows:
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM initiatives_initiative")
            started = time.perf_counter()
            generate(connection, rows, rng)
            print(
                f"[{backend}] {rows:,} initiatives generated in "
                f"{time.perf_counter() - started:.0f} s"
            )
        else:
            print(f"[{backend}] {rows:,} initiatives already there ({reuse})")
        # Statistics as autovacuum would leave them (the planners need the units' too).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if backend == "postgres" else "ANALYZE")
        province = AdministrativeUnit.objects.get(era="current", level="province", code="08")
        user, created = User.objects.get_or_create(username="bench-staff")
        if created:
            Grant.objects.create(user=user, role="staff", unit=province)
        client = Client()
        client.force_login(user)
        print(f"[{backend}] load average before the runs: {os.getloadavg()[0]:.2f}")

        results = {}
        # As served: no test instrumentation of the templates, only what the client needs.
        with override_settings(
            ALLOWED_HOSTS=["testserver"],
            STORAGES={
                "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
        ):
            client.get("/mo-hinh/")  # warm caches
            for scenario in SCENARIOS:
                timings, reference, query_counts = [], [], set()
                for _ in range(samples):
                    params = request_params(scenario, rng)
                    started = time.perf_counter()
                    with CaptureQueriesContext(connection) as queries:
                        response = client.get("/mo-hinh/", params)
                    timings.append(time.perf_counter() - started)
                    assert response.status_code == 200, response.status_code
                    query_counts.add(len(queries))
                    started = time.perf_counter()
                    reference_sql(connection, params, province.path)
                    reference.append(time.perf_counter() - started)
                results[scenario] = (timings, reference, query_counts)

        for scenario, (timings, reference, query_counts) in results.items():
            budget = SEARCH_BUDGET_MS if scenario.startswith("search") else LIST_BUDGET_MS
            print(
                f"[{backend}] {scenario:17} p50 {p50(timings):6.0f} ms  p95 {p95(timings):6.0f} ms "
                f"(budget {budget} ms)  queries/page {sorted(query_counts)}  "
                f"hand SQL p95 {p95(reference):6.0f} ms  ratio {p95(timings) / p95(reference):.2f}×"
            )
        return 0
    finally:
        connection.close()
        if not reuse:
            drop_database(backend, database)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--backend", choices=["sqlite", "postgres"])
    parser.add_argument("--samples", type=int, default=60, help="requests per scenario")
    parser.add_argument(
        "--reuse",
        metavar="NAME",
        help="keep the data between runs: in the PostgreSQL database NAME and the SQLite file "
        "under $TMPDIR/NAME/; generated only when it does not hold --rows initiatives yet",
    )
    options = parser.parse_args()
    if options.backend:
        return run_backend(options.backend, options.rows, options.reuse, options.samples)
    return each_backend(__file__)


if __name__ == "__main__":
    sys.exit(main())
