"""Benchmark: petitions at national scale (issue 17: 1,000,000 petitions — the overdue list
and the citizen's status page by code, p95 < 100 ms with a constant number of queries).

For SQLite and PostgreSQL, each in a fresh database (or one kept with ``--reuse``): load the
administrative units, generate ``--rows`` petitions over today's communes (a fifth still being
handled, some of them past their time limit), then request through Django's test client:

- ``overdue``: the list ``/kien-nghi/?overdue=on`` as a staff user of tỉnh Tuyên Quang (scope,
  filter, count, 50 rows, template), pages 1–3;
- ``list``: the same list without a filter (every petition of the province), pages 1–3;
- ``status``: the public page ``/tra-cuu-kien-nghi/?code=…`` anonymously, a random existing code
  (the rate limit lifted for the run).

Printed per scenario: p50, p95 (budget 100 ms), the same of the processor time the request
used (SQLite works in the process: on a shared, loaded machine the wall-clock time also counts
the wait for a processor, printed as the load average), the queries per request (must not
depend on the rows), and the same reads as hand-written SQL with the ratio. ``--reuse NAME``
keeps the database (SQLite: under the temporary directory) to measure again without generating
it again.

    .venv/bin/python bench/bench_petitions.py [--rows 1000000] [--backend sqlite|postgres]
        [--samples 60] [--reuse NAME]
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta

from common import drop_database, each_backend, setup_django

BUDGET_MS = 100
ALPHABET = "ACDEFGHJKLMNPQRTUVWXY3479"


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] * 1000


def p50(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def generate(connection, rows: int, rng: random.Random) -> list[str]:
    """``rows`` petitions; returns a sample of their codes."""
    from django.db import transaction
    from django.utils import timezone

    from danvan.dialogues.models import Petition, PetitionCategory
    from danvan.dialogues.services import seed_categories
    from danvan.organizations import services as org_services
    from danvan.territory.models import AdministrativeUnit

    seed_categories()
    categories = list(PetitionCategory.objects.values_list("pk", "time_limit_days"))
    communes = list(
        AdministrativeUnit.objects.filter(era="current", level="commune").values_list(
            "pk", flat=True
        )
    )
    # One responsible body per province of today (UBND tỉnh …), enough for the scope.
    responsible = {}
    for province in AdministrativeUnit.objects.filter(era="current", level="province"):
        organization = org_services.create_organization(
            data={"name": f"UBND {province.name} (bench)", "kind": "government", "unit": province},
            acting_user=None,
        )
        responsible[province.path] = organization.pk
    paths = dict(AdministrativeUnit.objects.filter(pk__in=communes).values_list("pk", "path"))
    today = timezone.localdate()
    now = timezone.now()
    table = Petition._meta.db_table
    columns = (
        "code, source, received_on, category_id, field, summary, responsible_id, state, "
        "due_date, answered_on, answer, times_reopened, citizen_name, citizen_contact, "
        "search_folded, version, created_at, updated_at, place_id"
    )
    placeholders = ", ".join(["%s"] * 19)
    sample, seen = [], set()

    def row():
        while True:
            code = "KN" + "".join(rng.choice(ALPHABET) for _ in range(8))
            if code not in seen:
                seen.add(code)
                break
        if len(sample) < 5000 and rng.random() < 0.01:
            sample.append(code)
        place = rng.choice(communes)
        province = ".".join(paths[place].split(".")[:2]) + "."
        category, days = rng.choice(categories)
        received = today - timedelta(days=rng.randint(0, 3650))
        handled = rng.random() < 0.2
        answered = None if handled else received + timedelta(days=rng.randint(1, days + 10))
        return (
            code, "walk_in", received, category, "infrastructure", "Kiến nghị (bench)",
            responsible[province], "received" if handled else "closed",
            received + timedelta(days=days), answered, "" if handled else "Đã trả lời", 0,
            "", "", "kien nghi bench", 1, now, now, place,
        )  # fmt: skip

    batch = 5000
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # The random codes land all over the unique index: a cache of 256 MB keeps its pages
            # (and the other indexes') in memory instead of reading them back for every batch.
            cursor.execute("PRAGMA cache_size = -262144")
        for start in range(0, rows, batch):
            if start and start % 100_000 == 0:
                print(f"  … {start:,} rows", flush=True)
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608
                [row() for _ in range(min(batch, rows - start))],
            )
    return sample


def reference_sql(connection, scenario: str, params: dict, path: str, today: date) -> None:
    """The same reads by hand: the scope as a join on the units' paths."""
    with connection.cursor() as cursor:
        if scenario in ("overdue", "list"):
            where = (
                "FROM dialogues_petition p JOIN territory_administrativeunit u "
                "ON u.id = p.place_id WHERE u.path LIKE %s"
            )
            args = [path + "%"]
            if scenario == "overdue":
                where += " AND p.state = 'received' AND p.due_date < %s"
                args.append(today)
            cursor.execute(f"SELECT count(*) {where}", args)  # noqa: S608
            cursor.fetchall()
            offset = (params["page"] - 1) * 50
            cursor.execute(
                f"SELECT p.* {where} ORDER BY p.due_date, p.id LIMIT 50 OFFSET %s",  # noqa: S608
                [*args, offset],
            )
        else:
            cursor.execute("SELECT * FROM dialogues_petition WHERE code = %s", [params["code"]])
        cursor.fetchall()


def run_backend(backend: str, rows: int, reuse: str | None, samples: int) -> int:
    database = setup_django(backend, reuse=reuse)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from danvan.accounts.models import Grant, User
    from danvan.dialogues.models import Petition
    from danvan.territory.loading import load_units
    from danvan.territory.models import AdministrativeUnit

    rng = random.Random(2026)  # noqa: S311 — reproducible benchmark data
    try:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        if not AdministrativeUnit.objects.exists():
            load_units()
        print(f"[{backend}] migrated in {time.perf_counter() - started:.0f} s")
        if Petition.objects.count() != rows:
            Petition.objects.all().delete()
            started = time.perf_counter()
            codes = generate(connection, rows, rng)
            print(
                f"[{backend}] {rows:,} petitions generated in {time.perf_counter() - started:.0f} s"
            )
        else:
            codes = list(Petition.objects.order_by("?").values_list("code", flat=True)[:2000])
            print(f"[{backend}] {rows:,} petitions already there ({reuse})")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if backend == "postgres" else "ANALYZE")
        province = AdministrativeUnit.objects.get(era="current", level="province", code="08")
        user, created = User.objects.get_or_create(username="bench-staff")
        if created:
            Grant.objects.create(user=user, role="staff", unit=province)
        staff, anonymous = Client(), Client()
        staff.force_login(user)
        today = date.today()
        results = {}
        with override_settings(
            ALLOWED_HOSTS=["testserver"],
            DANVAN_PETITION_LOOKUPS=10**9,
            STORAGES={
                "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
        ):
            staff.get("/kien-nghi/", {"overdue": "on"})
            anonymous.get("/tra-cuu-kien-nghi/", {"code": codes[0]})
            for scenario in ("overdue", "list", "status"):
                timings, reference, counts, cpu = [], [], set(), []
                for _ in range(samples):
                    if scenario == "overdue":
                        page = rng.randint(1, 3)
                        client, url, params = staff, "/kien-nghi/", {"overdue": "on", "page": page}
                    elif scenario == "list":
                        client, url, params = staff, "/kien-nghi/", {"page": rng.randint(1, 3)}
                    else:
                        client, url, params = (
                            anonymous,
                            "/tra-cuu-kien-nghi/",
                            {"code": rng.choice(codes)},
                        )
                    started, used = time.perf_counter(), time.process_time()
                    with CaptureQueriesContext(connection) as queries:
                        response = client.get(url, params)
                    timings.append(time.perf_counter() - started)
                    cpu.append(time.process_time() - used)
                    assert response.status_code == 200, response.status_code
                    counts.add(len(queries))
                    started = time.perf_counter()
                    reference_sql(connection, scenario, params, province.path, today)
                    reference.append(time.perf_counter() - started)
                results[scenario] = (timings, reference, counts, cpu)
        # On a shared machine the wall-clock time waits for the processor; the processor time
        # of this process (SQLite works inside it) is what the request itself costs.
        print(f"[{backend}] load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        for scenario, (timings, reference, counts, cpu) in results.items():
            print(
                f"[{backend}] {scenario:8} p50 {p50(timings):6.1f} ms  p95 {p95(timings):6.1f} ms "
                f"(budget {BUDGET_MS} ms)  cpu p50 {p50(cpu):6.1f} ms  p95 {p95(cpu):6.1f} ms  "
                f"queries/request {sorted(counts)}  "
                f"hand SQL p95 {p95(reference):6.1f} ms  ratio {p95(timings) / p95(reference):.1f}×"
            )
        return 0
    finally:
        if not reuse:
            connection.close()
            drop_database(backend, database)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--backend", choices=["sqlite", "postgres"])
    parser.add_argument("--samples", type=int, default=60)
    parser.add_argument("--reuse")
    args = parser.parse_args()
    if args.backend is None:
        return each_backend(__file__)
    return run_backend(args.backend, args.rows, args.reuse, args.samples)


if __name__ == "__main__":
    sys.exit(main())
