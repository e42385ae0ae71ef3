"""Benchmark: a programme's dashboard and the recomputation of its computed targets.

For SQLite and PostgreSQL, each in a fresh database: load the administrative units, make one
programme (tỉnh Tuyên Quang's, as a staff user of the province reads it) with ``--targets`` top
targets, each split among ``--communes`` communes of today's map (every commune of the country by
default: 3,321), and ``--periods`` reported figures per unit (the time series). The shares and
figures are written straight into the tables (a benchmark's data, not the cascade's rules: the
communes lie outside the province); the standings are then judged by
``services.refresh_programme``, timed too.

Printed: the dashboard ``/chi-tieu/<id>/`` as served (p50, p95; budget p95 < 300 ms) and its
queries, which must not depend on the number of targets or units (compared with a programme of
2 targets × 3 units); the page of one target with its first 100 units; and, with
``--initiatives N``, N initiatives generated on the communes and every target made computed
("registered"), counted again by ``services.recompute_programme`` (budget < 10 s at 1,000,000
initiatives on PostgreSQL) against the hand-written GROUP BY of the same figures.

    .venv/bin/python bench/bench_targets.py [--targets 20] [--communes 3321] [--periods 12]
        [--initiatives 0] [--samples 30] [--backend sqlite|postgres] [--reuse NAME]

``--reuse NAME`` keeps the database (generated on the first run, measured again on the next):
before each recount the programme is put back as generated (every target reported, no
computed figure, the standings judged again), so that every run recounts from the same state.
"""

import argparse
import os
import random
import statistics
import time
from datetime import date, timedelta
from decimal import Decimal

from common import drop_database, each_backend
from common import setup_django as setup_database

DASHBOARD_BUDGET_MS, RECOMPUTE_BUDGET_S = 300, 10


def ms(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100)[q - 1] * 1000


def setup_django(backend: str, reuse: str | None = None) -> str:
    os.environ["DANVAN_ALLOWED_HOSTS"] = "testserver"
    database = setup_database(backend, reuse=reuse, prefix="danvan_bench_targets")
    from django.conf import settings
    from django.test.utils import override_settings

    # Static files as they are (no collected manifest); the change is signalled, so that the
    # storages already made are made again.
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    return database


def make_programme(*, province, owner, targets: int, communes: list, periods: int, rng):
    """A programme with ``targets`` top targets, each split among ``communes`` with ``periods``
    reported figures per share, written in bulk."""
    from django.utils import timezone

    from danvan.core.bulk_insert import insert_many, insert_values
    from danvan.targets import services
    from danvan.targets.models import Milestone, Target, TargetValue

    programme = services.create_programme(
        data={
            "name": f"Chương trình (bench) {targets}×{len(communes)}",
            "owner": owner,
            "unit": province,
            "starts_on": date(2021, 1, 1),
            "ends_on": date(2025, 12, 31),
        },
        acting_user=None,
    )
    tops = []
    for number in range(1, targets + 1):
        tops.append(
            services.create_target(
                programme=programme,
                data={
                    "number": str(number),
                    "name": f"Chỉ tiêu {number}",
                    "unit_of_measure": "mô hình",
                    "target_value": Decimal(10 * len(communes)),
                    "order": number,
                },
                milestones=[(date(2023, 12, 31), Decimal(5 * len(communes)))],
                acting_user=None,
            )
        )
    days = [date(2021, 1, 1) + timedelta(days=120 * (n + 1)) for n in range(periods)]
    now = timezone.now()
    for top in tops:
        shares = [
            Target(
                programme=programme,
                parent=top,
                unit_id=commune,
                number=top.number,
                name=top.name,
                unit_of_measure=top.unit_of_measure,
                target_value=Decimal(10),
                deadline=top.deadline,
                order=top.order,
            )
            for commune in communes
        ]
        for start in range(0, len(shares), 2000):
            insert_many(shares[start : start + 2000])
        insert_many([Milestone(target=s, due=date(2023, 12, 31), value=Decimal(5)) for s in shares])
        values = []
        for share in shares:
            level = rng.uniform(0.5, 2.5)
            for n, day in enumerate(days, start=1):
                values.append(
                    {
                        "target_id": share.pk,
                        "as_of": day,
                        "value": Decimal(round(level * n, 2)),
                        "source": "reported",
                        "recorded_at": now,
                    }
                )
            if len(values) >= 20000:
                insert_values(TargetValue, values)
                values = []
        insert_values(TargetValue, values)
    return programme, tops


def run_backend(backend: str, options) -> int:
    database = setup_django(backend, options.reuse)
    from django.core.management import call_command
    from django.db import connection

    from danvan.accounts.models import Grant, User
    from danvan.organizations import services as org_services
    from danvan.targets import services
    from danvan.targets.models import Programme
    from danvan.territory.loading import load_units
    from danvan.territory.models import AdministrativeUnit

    rng = random.Random(2022)  # noqa: S311 — reproducible benchmark data
    try:
        call_command("migrate", verbosity=0)
        kept = Programme.objects.order_by("pk") if options.reuse else Programme.objects.none()
        if len(kept) >= 2:
            return measure(backend, options, *kept[:2])
        load_units()
        province = AdministrativeUnit.objects.get(era="current", level="province", code="08")
        owner = org_services.create_organization(
            data={"name": "Ban Dân vận (bench)", "kind": "dan_van", "unit": province},
            acting_user=None,
        )
        staff = User.objects.create_user(username="bench-staff")
        Grant.objects.create(user=staff, role="staff", unit=province)
        communes = list(
            AdministrativeUnit.objects.filter(era="current", level="commune")
            .order_by("path")
            .values_list("pk", flat=True)[: options.communes]
        )
        started = time.perf_counter()
        big, tops = make_programme(
            province=province,
            owner=owner,
            targets=options.targets,
            communes=communes,
            periods=options.periods,
            rng=rng,
        )
        small, _small_tops = make_programme(
            province=province, owner=owner, targets=2, communes=communes[:3], periods=2, rng=rng
        )
        generated = time.perf_counter() - started
        started = time.perf_counter()
        services.refresh_programme(big)
        refreshed = time.perf_counter() - started
        services.refresh_programme(small)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(
            f"[{backend}] {options.targets} targets × {len(communes):,} units × "
            f"{options.periods} figures generated in {generated:.0f} s; standings judged in "
            f"{refreshed:.1f} s"
        )
        return measure(backend, options, big, small)
    finally:
        connection.close()
        if not options.reuse:
            drop_database(backend, database)


def measure(backend, options, big, small) -> int:
    """The dashboard, a target's page and (``--initiatives``) the recount, on ``big``."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from danvan.accounts.models import User
    from danvan.targets.models import Target

    staff = User.objects.get(username="bench-staff")
    tops = list(Target.objects.filter(programme=big, parent=None).order_by("order"))
    communes = list(
        Target.objects.filter(parent=tops[0])
        .order_by("unit__path")
        .values_list("unit_id", flat=True)
    )
    client = Client()
    client.force_login(staff)

    def timed(url):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
        assert response.status_code == 200, (url, response.status_code)
        return elapsed, len(captured)

    timed(f"/chi-tieu/{big.pk}/")
    samples, counts = [], set()
    for _ in range(options.samples):
        elapsed, n = timed(f"/chi-tieu/{big.pk}/")
        samples.append(elapsed)
        counts.add(n)
    _e, small_count = timed(f"/chi-tieu/{small.pk}/")
    detail = [timed(f"/chi-tieu/muc/{tops[0].pk}/")[0] for _ in range(options.samples)]
    p95 = ms(samples, 95)
    print(
        f"[{backend}] dashboard: p50 {ms(samples, 50):.0f} ms, p95 {p95:.0f} ms "
        f"(budget {DASHBOARD_BUDGET_MS}); queries {sorted(counts)} (2 targets × 3 units: "
        f"{small_count}); a target's page (100 units shown): p50 {ms(detail, 50):.0f} ms"
    )
    status = 0 if counts == {small_count} else 1
    if options.initiatives:
        rng = random.Random(2022)  # noqa: S311 — reproducible benchmark data
        status |= recompute(backend, big, communes, options.initiatives, rng)
    return status


def recompute(backend, programme, communes, count, rng) -> int:
    """``count`` initiatives on the communes, every target computed ("registered"), counted
    again by the service against the hand-written GROUP BY."""
    from django.db import connection

    from danvan.initiatives.models import Initiative
    from danvan.targets import services
    from danvan.targets.models import Target, TargetValue

    table = Initiative._meta.db_table
    generate = True
    owner_id = programme.owner_id
    started = time.perf_counter()
    columns = (
        "code, name, kind, subject, owner_organization_id, place_id, year, status, "
        "ethnic_minority_area, religious_area, border_area, content, partners, "
        "expected_results, results_text, name_folded, search_folded, version, created_at, "
        "updated_at, place_province, showcase_withheld"
    )
    if Initiative.objects.count() >= count:  # a kept database (--reuse): put back as made
        print(f"[{backend}] {count:,} initiatives already there")
        generate = False
        Target.objects.filter(programme=programme).update(measurement="reported", measure="")
        TargetValue.objects.filter(target__programme=programme, source="computed").delete()
        services.refresh_programme(programme)
    with connection.cursor() as cursor:
        if not generate:  # the kept initiatives as they are
            pass
        elif backend == "postgres":
            # Generated by the server (a million rows in seconds): the n-th initiative on the
            # communes in a fixed scattered order, years 2021–2024 in turn.
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT "  # noqa: S608
                "'99-' || (2021 + g %% 4) || '-' || lpad(g::text, 6, '0'), 'Mô hình ' || g, "
                "'model', 'collective', %s, (%s::bigint[])[1 + (g::bigint * 7919) %% %s], "
                "2021 + g %% 4, 'registered', false, false, false, '', '', '', '', '', '', 1, "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, '', false FROM generate_series(0, %s) AS g",
                [owner_id, communes, len(communes), count - 1],
            )
        else:
            rows = []
            for number in range(count):
                rows.append(
                    (
                        f"99-{2021 + number % 4}-{number:06d}"[:16],
                        f"Mô hình {number}",
                        "model",
                        "collective",
                        owner_id,
                        rng.choice(communes),
                        2021 + number % 4,
                        "registered",
                    )
                )
                if len(rows) == 5000 or number == count - 1:
                    cursor.executemany(
                        f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608
                        "(%s, %s, %s, %s, %s, %s, %s, %s, false, false, false, '', '', '', '', "
                        "'', '', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, '', false)",
                        rows,
                    )
                    rows = []
        cursor.execute(f"ANALYZE {table}" if backend == "postgres" else "ANALYZE")  # noqa: S608
    Target.objects.filter(programme=programme).update(measurement="computed", measure="registered")
    if backend == "postgres":  # as autovacuum leaves a live database (the updates' dead rows)
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {Target._meta.db_table}, {TargetValue._meta.db_table}")
    if generate:
        print(
            f"[{backend}] {count:,} initiatives generated in {time.perf_counter() - started:.0f} s"
        )
    started, cpu = time.perf_counter(), time.process_time()
    written = services.recompute_programme(
        programme=programme, as_of=date(2024, 12, 31), acting_user=None
    )
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    # Once more on the same day, nothing having changed (the nightly recount's usual case).
    again = time.perf_counter()
    services.recompute_programme(programme=programme, as_of=date(2024, 12, 31), acting_user=None)
    again = time.perf_counter() - again
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT place_id, COUNT(*) FROM {table} WHERE year BETWEEN 2021 AND 2024 "  # noqa: S608
            "GROUP BY place_id"
        )
        cursor.fetchall()
    reference = time.perf_counter() - started
    print(
        f"[{backend}] recompute: {written:,} figures in {elapsed:.1f} s, of which {cpu:.1f} s "
        f"of this process's CPU (budget {RECOMPUTE_BUDGET_S} s at 1,000,000 on PostgreSQL; "
        f"load average {os.getloadavg()[0]:.1f}); one hand-written GROUP BY "
        f"{reference * 1000:.0f} ms; again, nothing changed: {again:.1f} s"
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--targets", type=int, default=20)
    parser.add_argument("--communes", type=int, default=3321)
    parser.add_argument("--periods", type=int, default=12)
    parser.add_argument("--initiatives", type=int, default=0)
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--backend", choices=["sqlite", "postgres"])
    parser.add_argument("--reuse", metavar="NAME", help="keep this database (made if missing)")
    options = parser.parse_args()
    if options.backend:
        return run_backend(options.backend, options)
    return each_backend(__file__)


if __name__ == "__main__":
    raise SystemExit(main())
