"""Benchmark: who is eligible for the Kỷ niệm chương “Vì sự nghiệp Dân vận”, over 200,000 people
with 1,000,000 service periods (issue 15: < 5 s on PostgreSQL, and the ratio to one hand-written
SQL query computing the same set).

For SQLite and PostgreSQL, each in a fresh database: load the administrative units, generate
``--people`` people of tỉnh Tuyên Quang (today's map) with five service periods each (month
aligned, not overlapping, a fifth in difficult areas), then time, median of ``--runs``:

- candidates: ``queries.candidates(medal, user=staff, as_of=…)`` as the candidates page calls
  it for a staff officer of the province — the people selector, the facts of every person
  (service periods, honours received, exclusions) and the evaluation with its sentences;
- engine: ``eligibility.evaluate_people`` over every person (the system, no selector);
- reference: one hand-written SQL query returning the ids of the eligible people (service
  months per person, weighted for difficult areas, against the months each needs by gender
  and ethnic group), ratios printed; the script checks that both give the same set.

    .venv/bin/python bench/bench_honors_eligibility.py [--people 200000] [--backend sqlite|postgres]
        [--reuse NAME]

``--reuse NAME`` keeps the database (generated on the first run, measured again on the next).
"""

import argparse
import random
import statistics
import sys
import time
from datetime import date

from common import drop_database, each_backend, setup_django

AS_OF = date(2026, 6, 1)
PERIODS = 5


def generate(*, count: int, rng: random.Random):
    from danvan.core.bulk_insert import insert_values
    from danvan.core.folding import fold, stored_collation_key
    from danvan.organizations import services as org_services
    from danvan.organizations.models import Person, ServicePeriod
    from danvan.territory.models import AdministrativeUnit

    province = AdministrativeUnit.objects.get(era="current", level="province", code="08")
    communes = list(
        AdministrativeUnit.objects.filter(
            level="commune", path__startswith=province.path
        ).values_list("pk", flat=True)
    )
    ban = org_services.create_organization(
        data={"name": "Ban Dân vận (bench)", "kind": "dan_van", "unit": province},
        acting_user=None,
    )
    groups = ["Kinh"] * 6 + ["Tày", "Dao", "H'Mông", "Nùng"]
    for start in range(0, count, 10_000):
        rows = []
        for number in range(start, min(count, start + 10_000)):
            name = f"Người thử {number}"
            rows.append(
                {
                    "full_name": name,
                    "name_folded": fold(name),
                    "name_sort": stored_collation_key(name),
                    "gender": rng.choice(["male", "female"]),
                    "ethnicity": rng.choice(groups),
                    "unit_id": rng.choice(communes),
                }
            )
        ids = insert_values(Person, rows)
        periods = []
        for person_id in ids:
            year, month = rng.randint(1985, 2015), rng.randint(1, 12)
            for index in range(PERIODS):
                length = rng.randint(6, 60)
                end_month = month + length
                end = date(year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1)
                open_end = index == PERIODS - 1 and rng.random() < 0.5
                periods.append(
                    {
                        "person_id": person_id,
                        "organization_id": ban.pk,
                        "start": date(year, month, 1),
                        "end": None if open_end else end,
                        "full_time": True,
                        "difficult_area": rng.random() < 0.2,
                        "note": "",
                    }
                )
                gap = rng.randint(0, 12)
                year, month = end.year + (end.month - 1 + gap) // 12, (end.month - 1 + gap) % 12 + 1
        for chunk in range(0, len(periods), 20_000):
            insert_values(ServicePeriod, periods[chunk : chunk + 20_000])
    return province


def reference_sql(backend: str) -> str:
    """The eligible people's ids: months of service (month-aligned periods: days / 30.4375,
    rounded, is the calendar count), a difficult-area month as 1.5, against 180 months (144
    for women and ethnic-minority people)."""
    if backend == "postgres":
        days = '(COALESCE(LEAST(s."end", %(as_of)s), %(as_of)s) - s.start)'
    else:
        days = '(julianday(COALESCE(MIN(s."end", %(as_of)s), %(as_of)s)) - julianday(s.start))'
    return (
        "SELECT p.id FROM organizations_person p JOIN ("
        f"  SELECT s.person_id, SUM(ROUND({days} / 30.4375) "
        "    * CASE WHEN s.difficult_area THEN 1.5 ELSE 1 END) AS months"
        "  FROM organizations_serviceperiod s WHERE s.start <= %(as_of)s GROUP BY s.person_id"
        ") m ON m.person_id = p.id "
        "WHERE FLOOR(m.months + 0.000001) >= CASE WHEN p.gender = 'female' "
        "OR p.ethnicity NOT IN ('', 'Kinh') THEN 144 ELSE 180 END"
    )


def run_backend(backend: str, count: int, runs: int, reuse: str | None = None) -> int:
    database = setup_django(backend, reuse=reuse, prefix="danvan_bench_honors")
    from django.core.management import call_command
    from django.db import connection

    from danvan.accounts.models import Grant, User
    from danvan.honors import queries, services
    from danvan.honors.eligibility import evaluate_people, screen_people
    from danvan.honors.models import HonourKind
    from danvan.organizations.models import Person
    from danvan.territory.loading import load_units
    from danvan.territory.models import AdministrativeUnit

    rng = random.Random(2018)  # noqa: S311 — reproducible benchmark data
    try:
        call_command("migrate", verbosity=0)
        existing = Person.objects.count()
        if existing and reuse:
            province = AdministrativeUnit.objects.get(era="current", level="province", code="08")
            count = existing
            print(f"[{backend}] {count:,} people already there ({reuse})")
        else:
            load_units()
            started = time.perf_counter()
            province = generate(count=count, rng=rng)
            with connection.cursor() as cursor:
                # As autovacuum leaves a live database: statistics and the visibility map.
                cursor.execute("VACUUM ANALYZE" if backend == "postgres" else "ANALYZE")
            print(
                f"[{backend}] {count:,} people, {count * PERIODS:,} service periods generated in "
                f"{time.perf_counter() - started:.0f} s"
            )
        services.seed_kinds()
        medal = HonourKind.objects.get(name=services.kinds.MEDAL)
        staff, _created = User.objects.get_or_create(username="bench-staff")
        Grant.objects.get_or_create(user=staff, role="staff", unit=province)

        def timed(function):
            samples, result = [], None
            for _ in range(runs):
                started = time.perf_counter()
                result = function()
                samples.append(time.perf_counter() - started)
            return statistics.median(samples), result

        page, found = timed(lambda: queries.candidates(medal, user=staff, as_of=AS_OF))
        engine, screened = timed(
            lambda: screen_people(medal, Person.objects.order_by("pk"), as_of=AS_OF, limit=2000)
        )

        def sql():
            with connection.cursor() as cursor:
                cursor.execute(reference_sql(backend), {"as_of": AS_OF})
                return {row[0] for row in cursor.fetchall()}

        reference, expected = timed(sql)
        eligible = set(screened.eligible_ids)
        full = {
            e.recipient.pk
            for e in evaluate_people(medal, Person.objects.all(), as_of=AS_OF)
            if e.eligible
        }
        same = eligible == expected == full and found.eligible_count == len(expected)
        print(
            f"[{backend}] eligible {len(eligible):,} of {count:,} (near misses "
            f"{found.near_count:,}); the same set as the SQL: {same}"
        )
        print(
            f"[{backend}] candidates (page's call) {page:.2f} s, screen_people {engine:.2f} s, "
            f"hand-written SQL {reference:.2f} s → ratios {page / reference:.1f}×, "
            f"{engine / reference:.1f}× (budget: < 5 s on PostgreSQL)"
        )
        return 0 if same else 1
    finally:
        connection.close()
        if not reuse:
            drop_database(backend, database)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--backend", choices=["sqlite", "postgres"])
    parser.add_argument("--reuse", metavar="NAME", help="keep this database (made if missing)")
    options = parser.parse_args()
    if options.backend:
        return run_backend(options.backend, options.people, options.runs, options.reuse)
    return each_backend(__file__)


if __name__ == "__main__":
    sys.exit(main())
