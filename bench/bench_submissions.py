"""Benchmark: completeness of a period for every commune of the country, and the consolidation
of a province's accepted reports (issue 18, item 8).

For SQLite and PostgreSQL, each in a fresh database: load the administrative units, make one
template that every commune of today (3,321) reports on to its province, and the reports of the
first 6 months of 2026: 70% accepted, 10% waiting for review, 5% returned, the rest not sent
(written in bulk, with their frozen versions, as the services write them). Then:

- completeness: ``queries.completeness`` over all 3,321 obligations (the central view) —
  p50 / p95 over 30 runs and the number of queries, compared with one province's;
- board page: GET of the largest province's board (table and map of its communes) by its
  staff, through Django's test client;
- consolidation: ``consolidation.consolidate`` of the largest province (sums of the accepted
  versions, the records through the report engine, the units missing), and its page.

Budget: p95 < 300 ms each, and the same number of queries for a province and for the country.

    .venv/bin/python bench/bench_submissions.py [--backend sqlite|postgres]
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime

from common import drop_database, each_backend
from common import setup_django as setup_database

RUNS = 30
BUDGET_MS = 300


def ms(seconds: float) -> float:
    return seconds * 1000


def percentile(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100)[q - 1]


def setup_django(backend: str) -> str:
    os.environ["DANVAN_ALLOWED_HOSTS"] = "testserver"
    database = setup_database(backend, prefix="danvan_bench_submissions")
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return database


def generate(rng: random.Random):
    """The template, one obligation per commune of today, and the reports of H1 2026."""
    from danvan.submissions import services
    from danvan.submissions.enums import Decision, Status
    from danvan.submissions.models import Obligation, Submission, SubmittedVersion
    from danvan.territory.models import AdministrativeUnit

    template = services.create_template(
        acting_user=None,
        name="Báo cáo kết quả công tác dân vận (bench)",
        owner_unit=None,
        measures=["registered", "active"],
        end_months=[6, 12],
        deadline_day=15,
        indicators=[
            {"code": "ho", "label": "Số hộ được hỗ trợ", "min_value": 0},
            {"code": "doi_thoai", "label": "Số buổi đối thoại", "min_value": 0},
            {"code": "hoa_giai", "label": "Số vụ việc hòa giải", "required": False},
        ],
        sections=[{"title": "Kết quả", "drafted": True}, {"title": "Phương hướng"}],
    )
    for province in AdministrativeUnit.objects.filter(era="current", level="province"):
        services.add_obligations(
            acting_user=None, template=template, receiver_unit=province, as_of=date(2026, 6, 30)
        )
    obligations = list(Obligation.objects.filter(template=template).order_by("id"))
    submissions, versions = [], []
    sent_at = datetime(2026, 7, 10, 2, tzinfo=UTC)
    for obligation in obligations:
        draw = rng.random()
        if draw >= 0.9:
            continue
        status = (
            Status.ACCEPTED if draw < 0.7 else Status.SUBMITTED if draw < 0.8 else Status.RETURNED
        )
        submissions.append(
            Submission(
                obligation=obligation,
                period_start=date(2026, 1, 1),
                period_end=date(2026, 6, 30),
                due_on=date(2026, 7, 15),
                status=status,
                first_submitted_at=sent_at,
                submitted_at=sent_at,
                late=rng.random() < 0.1,
                accepted_at=sent_at if status == Status.ACCEPTED else None,
            )
        )
    Submission.objects.bulk_create(submissions, batch_size=500)
    for submission in Submission.objects.filter(obligation__template=template):
        decision = {
            Status.ACCEPTED: Decision.ACCEPTED,
            Status.RETURNED: Decision.RETURNED,
        }.get(submission.status, "")
        versions.append(
            SubmittedVersion(
                submission=submission,
                number=1,
                submitted_at=sent_at,
                decision=decision,
                figures=[
                    {"code": "registered", "label": "Đăng ký", "value": rng.randint(0, 9)},
                    {"code": "active", "label": "Đang thực hiện", "value": rng.randint(0, 9)},
                ],
                indicators=[
                    {"code": "ho", "label": "Số hộ được hỗ trợ", "value": rng.randint(0, 400)},
                    {"code": "doi_thoai", "label": "Số buổi đối thoại", "value": rng.randint(0, 9)},
                    {"code": "hoa_giai", "label": "Số vụ việc hòa giải", "value": None},
                ],
                sections=[{"title": "Kết quả", "text": "…"}, {"title": "Phương hướng", "text": ""}],
            )
        )
    SubmittedVersion.objects.bulk_create(versions, batch_size=500)
    return template, len(obligations), len(submissions)


def timed(function) -> tuple[list[float], set[int], list[float]]:
    """Wall-clock samples, the numbers of queries seen, and this process's CPU time per run
    (on a loaded machine the wall clock also counts the time spent waiting for a core)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    function()  # warm up
    samples, counts, cpu = [], set(), []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            started, began = time.perf_counter(), time.process_time()
            function()
            samples.append(time.perf_counter() - started)
            cpu.append(time.process_time() - began)
        counts.add(len(captured))
    return samples, counts, cpu


def run_backend(backend: str) -> int:
    database = setup_django(backend)
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from danvan.accounts.models import Grant, User
    from danvan.submissions import queries
    from danvan.submissions.consolidation import consolidate
    from danvan.submissions.models import Obligation
    from danvan.submissions.periods import period_of
    from danvan.territory.loading import load_units

    rng = random.Random(2026)  # noqa: S311 — reproducible benchmark data
    period, due, today = period_of(2026, 6), date(2026, 7, 15), date(2026, 8, 1)
    failures = 0
    try:
        call_command("migrate", verbosity=0)
        load_units()
        started = time.perf_counter()
        template, total, sent = generate(rng)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(
            f"[{backend}] {total:,} communes, {sent:,} reports generated in "
            f"{time.perf_counter() - started:.0f} s"
        )
        everyone = Obligation.objects.filter(template=template)
        largest = everyone.values("receiver_unit_id").annotate(n=Count("id")).order_by("-n").first()
        province = everyone.filter(receiver_unit_id=largest["receiver_unit_id"])
        staff = User.objects.create_user(username="bench-staff")
        Grant.objects.create(user=staff, role="staff", unit_id=largest["receiver_unit_id"])
        client = Client()
        client.force_login(staff)

        def get(url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        board_url = f"/bao-cao-dinh-ky/mau/{template.pk}/tinh-hinh/?ky=2026-06"
        measured = {
            f"completeness, {total:,} communes": lambda: queries.completeness(
                everyone, period=period, due=due, today=today
            ),
            f"completeness, {largest['n']} communes of a province": lambda: queries.completeness(
                province, period=period, due=due, today=today
            ),
            "board page of the province": lambda: get(board_url),
            "consolidation of the province": lambda: consolidate(
                province, template=template, period=period, today=today
            ),
            "consolidation page": lambda: get(board_url.replace("tinh-hinh", "tong-hop")),
        }
        counts_by_name = {}
        for name, function in measured.items():
            samples, counts, cpu = timed(function)
            p50, p95 = ms(percentile(samples, 50)), ms(percentile(samples, 95))
            counts_by_name[name] = counts
            verdict = "ok" if p95 < BUDGET_MS and len(counts) == 1 else "OVER"
            failures += verdict != "ok"
            print(
                f"[{backend}] {name}: p50 {p50:.0f} ms, p95 {p95:.0f} ms (CPU of this process "
                f"p50 {ms(statistics.median(cpu)):.0f} ms); queries {sorted(counts)} — {verdict}"
            )
        names = list(counts_by_name)
        if counts_by_name[names[0]] != counts_by_name[names[1]]:
            print(f"[{backend}] the country and a province take different numbers of queries")
            failures += 1
        print(f"[{backend}] load average after the runs: {os.getloadavg()[0]:.1f}")
        return 1 if failures else 0
    finally:
        connection.close()
        drop_database(backend, database)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=["sqlite", "postgres"])
    options = parser.parse_args()
    if options.backend:
        return run_backend(options.backend)
    return each_backend(__file__)


if __name__ == "__main__":
    sys.exit(main())
