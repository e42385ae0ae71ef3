"""Benchmark: the committee table of a review round of 5,000 initiatives × 5 reviewers.

For SQLite and PostgreSQL, each in a fresh database: load the administrative units, generate a
closed round (default criteria, 5,000 eligible initiatives, 5 reviewers each from a pool of 50:
25,000 submitted reviews and 150,000 scores), then, as the committee's staff:

- page: GET of the committee table page (first page of 100 rows, all 5,000 ranked) through
  Django's test client, the whole view and template — p50 / p95 over 30 requests, and the
  number of queries, compared with the same page for a round of 50 initiatives (it must be the
  same: the aggregates are one read of the round's reviews);
- table: ``queries.committee_table`` alone, without the initiative objects (the four reads and
  the one pass in Python), as the page calls it before fetching its 100 rows.

Reference in the same run: a hand-written SQL ``GROUP BY`` of the same figures (mean, count,
min, max of the weighted scores per initiative, with the initiatives' code and name) — the
ratios page / reference and table / reference are printed.

    .venv/bin/python bench/bench_reviews_table.py [--initiatives 5000] [--backend sqlite|postgres]
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime
from decimal import Decimal

from common import drop_database, each_backend
from common import setup_django as setup_database

PER, POOL, RUNS = 5, 50, 30


def ms(seconds: float) -> float:
    return seconds * 1000


def percentile(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100)[q - 1]


def setup_django(backend: str) -> str:
    os.environ["DANVAN_ALLOWED_HOSTS"] = "testserver"
    database = setup_database(backend, prefix="danvan_bench_reviews")
    from django.conf import settings

    # The page is rendered without collectstatic in the throw-away var directory.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return database


def generate(*, count: int, committee, reviewers, staff, rng: random.Random, name: str):
    """A closed round over ``count`` new initiatives, every review submitted."""
    from danvan.core.folding import fold
    from danvan.initiatives.models import Initiative
    from danvan.reviews import services
    from danvan.reviews.models import Assignment, Review, ReviewRound, RoundEntry, Score
    from danvan.territory.models import AdministrativeUnit

    communes = list(
        AdministrativeUnit.objects.filter(
            level="commune", path__startswith=committee.unit.path
        ).values_list("pk", flat=True)[:200]
    )
    criteria_set = services.default_criteria_set()
    criteria = list(criteria_set.criteria.all())
    review_round = services.create_round(
        data={
            "name": name,
            "committee": committee,
            "scope_unit": committee.unit,
            "period_start": date(2023, 1, 1),
            "period_end": date(2023, 12, 31),
            "deadline": date(2023, 11, 30),
            "criteria_set": criteria_set,
            "reviewers_per_initiative": PER,
        },
        reviewers=reviewers,
        acting_user=staff,
    )
    prefix = f"R{review_round.pk}"
    initiatives = Initiative.objects.bulk_create(
        [
            Initiative(
                code=f"{prefix}-{n:06d}",
                name=f"Mô hình dân vận khéo số {n}",
                name_folded=fold(f"Mô hình dân vận khéo số {n}"),
                kind="model",
                subject="collective",
                owner_organization=committee,
                place_id=rng.choice(communes),
                year=2023,
                status="active",
            )
            for n in range(count)
        ],
        batch_size=1000,
    )
    RoundEntry.objects.bulk_create(
        [RoundEntry(round=review_round, initiative=i) for i in initiatives], batch_size=2000
    )
    assignments = Assignment.objects.bulk_create(
        [
            Assignment(round=review_round, initiative=initiative, reviewer=reviewer)
            for initiative in initiatives
            for reviewer in rng.sample(reviewers, PER)
        ],
        batch_size=2000,
    )
    now = datetime(2023, 11, 20, tzinfo=UTC)
    reviews, values = [], []
    for assignment in assignments:
        scores = {c.pk: Decimal(rng.randint(4, 10)) for c in criteria}
        values.append(scores)
        reviews.append(
            Review(
                assignment=assignment,
                round=review_round,
                initiative_id=assignment.initiative_id,
                recommendation=rng.choice(["recognised", "outstanding", "strengthen"]),
                weighted_score=services.weighted_mean(scores, criteria),
                submitted_at=now,
            )
        )
    Review.objects.bulk_create(reviews, batch_size=2000)
    Score.objects.bulk_create(
        [
            Score(review=review, criterion_id=criterion_id, value=value)
            for review, scores in zip(reviews, values, strict=True)
            for criterion_id, value in scores.items()
        ],
        batch_size=5000,
    )
    ReviewRound.objects.filter(pk=review_round.pk).update(state="closed")
    return review_round


def run_backend(backend: str, count: int) -> int:
    database = setup_django(backend)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from danvan.accounts.models import Grant, User
    from danvan.organizations import services as org_services
    from danvan.reviews import queries
    from danvan.territory.loading import load_units
    from danvan.territory.models import AdministrativeUnit

    rng = random.Random(2023)  # noqa: S311 — reproducible benchmark data
    try:
        call_command("migrate", verbosity=0)
        load_units()
        province = AdministrativeUnit.objects.get(era="current", level="province", code="08")
        committee = org_services.create_organization(
            data={"name": "Ban Chỉ đạo (bench)", "kind": "steering", "unit": province},
            acting_user=None,
        )
        staff = User.objects.create_user(username="bench-staff")
        Grant.objects.create(user=staff, role="staff", unit=province)
        reviewers = [User.objects.create_user(username=f"bench-reviewer-{n}") for n in range(POOL)]
        started = time.perf_counter()
        big = generate(
            count=count,
            committee=committee,
            reviewers=reviewers,
            staff=staff,
            rng=rng,
            name="Bình xét (bench)",
        )
        small = generate(
            count=50,
            committee=committee,
            reviewers=reviewers,
            staff=staff,
            rng=rng,
            name="Bình xét nhỏ (bench)",
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(
            f"[{backend}] round of {count:,} initiatives × {PER} reviewers generated in "
            f"{time.perf_counter() - started:.0f} s"
        )
        client = Client()
        client.force_login(staff)

        def page(review_round):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(f"/binh-xet/{review_round.pk}/bang/")
                elapsed = time.perf_counter() - started
            assert response.status_code == 200, response.status_code
            return elapsed, len(captured)

        page(big)  # warm up
        samples, counts = [], set()
        for _ in range(RUNS):
            elapsed, n = page(big)
            samples.append(elapsed)
            counts.add(n)
        _elapsed, small_count = page(small)
        table = []
        for _ in range(RUNS):
            started = time.perf_counter()
            rows = queries.committee_table(big, details=False)
            table.append(time.perf_counter() - started)
        assert len(rows) == count
        reference = []
        sql = (
            "SELECT i.id, i.code, i.name, AVG(r.weighted_score), COUNT(r.id), "
            "MIN(r.weighted_score), MAX(r.weighted_score) "
            "FROM reviews_roundentry e JOIN initiatives_initiative i ON i.id = e.initiative_id "
            "LEFT JOIN reviews_review r ON r.round_id = e.round_id "
            "AND r.initiative_id = e.initiative_id AND r.submitted_at IS NOT NULL "
            "WHERE e.round_id = %s AND NOT e.excluded GROUP BY i.id, i.code, i.name "
            "ORDER BY AVG(r.weighted_score) DESC"
        )
        for _ in range(RUNS):
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(sql, [big.pk])
                fetched = cursor.fetchall()
            reference.append(time.perf_counter() - started)
        assert len(fetched) == count
        page_p50, page_p95 = ms(percentile(samples, 50)), ms(percentile(samples, 95))
        table_p50 = ms(percentile(table, 50))
        reference_p50 = ms(percentile(reference, 50))
        print(
            f"[{backend}] committee table page ({count:,} ranked, 100 shown): "
            f"p50 {page_p50:.0f} ms, p95 {page_p95:.0f} ms; queries {sorted(counts)} "
            f"(round of 50: {small_count})"
        )
        print(
            f"[{backend}] committee_table() alone p50 {table_p50:.0f} ms; hand-written SQL "
            f"GROUP BY p50 {reference_p50:.0f} ms → ratios page {page_p50 / reference_p50:.1f}×, "
            f"table {table_p50 / reference_p50:.1f}×"
        )
        return 0 if counts == {small_count} else 1
    finally:
        connection.close()
        drop_database(backend, database)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--initiatives", type=int, default=5_000)
    parser.add_argument("--backend", choices=["sqlite", "postgres"])
    options = parser.parse_args()
    if options.backend:
        return run_backend(options.backend, options.initiatives)
    return each_backend(__file__)


if __name__ == "__main__":
    sys.exit(main())
