"""Benchmark: server CPU per page, in-process, at demo size (budget: ≤ 30 ms for a list or detail
page).

For each backend: a fresh database set up with the demonstration data (`manage.py setup`, as
`make run` does), the demo's provincial staff officer (`canbo.tuyenquang`) signed in, and each hot
page requested through Django's test client — the whole stack as served: middleware, session,
scope, queries, templates (cached loader, as with DEBUG off). Each page is warmed, then requested
``--runs`` times; printed: CPU time of this process per request (``time.process_time``; the
database's own work on PostgreSQL is in another process and is not counted) median and p90, wall
time median, the queries per request, and the median as a ratio to `/healthz` measured in the
same run (the reference: what a request costs when the page does nothing).

    .venv/bin/python bench/bench_pages.py [--backend sqlite|postgres] [--runs 30] [--reuse NAME]
        [--profile PAGE]   # print a pyinstrument profile of one page (name as printed) instead
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import time

from common import ROOT, drop_database, each_backend, setup_django

BUDGET_MS = 30
OFFICER = "canbo.tuyenquang"  # the demo's provincial staff officer
OTHER_OFFICER = "canbo.dongthap"  # the staff officer of the province with the target programme
REFERENCE = "healthz (reference)"


def pages(client, other) -> list[tuple[str, object, str, dict, bool]]:
    """(name, client, path, query, under the budget) of each hot page; ids are read off the
    lists the officer sees, as a browser would follow them. The demo's target programme belongs
    to Đồng Tháp: its dashboard is requested by that province's staff officer (``other``)."""
    listing = client.get("/mo-hinh/").content.decode()
    initiative = re.search(r'href="/mo-hinh/(\d+)/"', listing).group(1)
    programmes = other.get("/chi-tieu/").content.decode()
    programme = re.search(r'href="/chi-tieu/(\d+)/"', programmes)
    obligations = client.get("/bao-cao-dinh-ky/").content.decode()
    board = re.search(r'href="(/bao-cao-dinh-ky/mau/\d+/tinh-hinh/)', obligations)
    found = [
        (REFERENCE, client, "/healthz", {}, False),
        ("home", client, "/", {}, False),
        ("initiatives list", client, "/mo-hinh/", {}, True),
        (
            "initiatives, filter+search",
            client,
            "/mo-hinh/",
            {"q": "dân vận", "status": "active"},
            True,
        ),
        ("initiative detail", client, f"/mo-hinh/{initiative}/", {}, True),
        ("report builder", client, "/bao-cao/", {"from": "01/01/2022", "to": "31/12/2022"}, False),
        ("place search", client, "/dia-ban/tim/", {"q": "Ba Bể"}, True),
        ("review queue", client, "/cham-diem/", {}, True),
        ("activities list", client, "/hoat-dong/", {}, True),
        ("petitions list", client, "/kien-nghi/", {}, True),
    ]
    if programme:
        found.append(("targets dashboard", other, f"/chi-tieu/{programme.group(1)}/", {}, True))
    if board:
        found.append(("submissions board", client, board.group(1), {}, True))
    return found


def measure(client, path: str, query: dict, runs: int) -> tuple[list[float], list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):  # warm: templates compiled, caches filled, connection open
        response = client.get(path, query)
        assert response.status_code == 200, (path, response.status_code)
    cpu, wall = [], []
    for _ in range(runs):
        started_cpu, started = time.process_time(), time.perf_counter()
        client.get(path, query)
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        client.get(path, query)
    return cpu, wall, len(queries)


def p90(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=10)[-1] * 1000 if len(samples) > 1 else samples[0] * 1000


def run_backend(backend: str, runs: int, reuse: str | None, profile: str | None) -> int:
    database = setup_django(backend, reuse=reuse, prefix="danvan_pages")
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from danvan.accounts.models import User

    try:
        if not (_migrated() and User.objects.filter(username=OFFICER).exists()):
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "src/manage.py", "setup"],
                cwd=ROOT,
                env={**os.environ, "DANVAN_LOG_FORMAT": "text"},
                capture_output=True,
                check=True,
            )
            print(
                f"[{backend}] set up with the demonstration data in "
                f"{time.perf_counter() - started:.0f} s"
            )
        client, other = Client(), Client()
        client.force_login(User.objects.get(username=OFFICER))
        other.force_login(User.objects.get(username=OTHER_OFFICER))
        print(f"[{backend}] load average before the runs: {os.getloadavg()[0]:.2f}")
        # As served: no test instrumentation of the templates, only what the client needs.
        with override_settings(
            ALLOWED_HOSTS=["testserver"],
            STORAGES={
                "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
        ):
            hot = pages(client, other)
            if profile:
                return profile_page(hot, profile)
            results = [
                (name, budget, *measure(page_client, path, query, runs))
                for name, page_client, path, query, budget in hot
            ]
        reference = statistics.median(results[0][2])
        print(
            f"[{backend}] {'page':28} {'CPU p50':>8} {'CPU p90':>8} {'wall p50':>9} "
            f"{'queries':>7}  CPU/ref"
        )
        over = []
        for name, budget, cpu, wall, queries in results:
            median = statistics.median(cpu) * 1000
            mark = ""
            if budget:
                mark = f"  (budget {BUDGET_MS} ms)" if median <= BUDGET_MS else "  OVER the budget"
                if median > BUDGET_MS:
                    over.append(name)
            print(
                f"[{backend}] {name:28} {median:6.1f} ms {p90(cpu):6.1f} ms "
                f"{statistics.median(wall) * 1000:7.1f} ms {queries:7d}  "
                f"{median / (reference * 1000):5.1f}×{mark}"
            )
        verdict = f"over the budget: {', '.join(over)}" if over else "all within the budget"
        print(f"[{backend}] list and detail pages ≤ {BUDGET_MS} ms of CPU: {verdict}")
        return 0
    finally:
        connection.close()
        if not reuse:
            drop_database(backend, database)


def _migrated() -> bool:
    from django.db import connection

    return "accounts_user" in connection.introspection.table_names()


def profile_page(hot, name: str) -> int:
    from pyinstrument import Profiler

    chosen = [page for page in hot if page[0] == name]
    if not chosen:
        sys.exit(f"no page named {name!r}; pages: {', '.join(page[0] for page in hot)}")
    _, client, path, query, _ = chosen[0]
    client.get(path, query)
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(20):
            client.get(path, query)
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=["sqlite", "postgres"])
    parser.add_argument("--runs", type=int, default=30, help="requests per page, after warming")
    parser.add_argument(
        "--reuse",
        metavar="NAME",
        help="keep the database between runs: the PostgreSQL database NAME and the SQLite file "
        "under $TMPDIR/NAME/; set up with the demo data only when it has none yet",
    )
    parser.add_argument("--profile", metavar="PAGE", help="profile one page with pyinstrument")
    options = parser.parse_args()
    if options.backend:
        return run_backend(options.backend, options.runs, options.reuse, options.profile)
    return each_backend(__file__)


if __name__ == "__main__":
    sys.exit(main())
