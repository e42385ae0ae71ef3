"""Benchmark: officers signed in at once against gunicorn as `make run` starts it (budget: 0 errors,
p95 < 300 ms per page on PostgreSQL, no "database is locked" on SQLite).

For each backend: a fresh database set up with the demonstration data (`manage.py setup`), bench
accounts with the grants of the demo's provincial staff officer, gunicorn with `WORKERS` workers
and the task worker, then locust headless (`bench/locustfile.py`: home, model list with filters
and search, model page, report builder, place search, review queue; ~5 % writes).

The officers arrive one a second (``--arrive``), each signing in (a password check costs
~0.3 s of processor: 50 at once would measure a queue of sign-ins, not the pages); once all are
in, the statistics are reset and the run lasts ``--seconds``. Prints the sign-ins' times during
the arrival, then for the measured run requests/s, p50/p95/p99 per page, errors, the server's
CPU time per request (gunicorn's processes, from /proc), and each page's p95 as a ratio to
`/healthz` measured in the same run (the reference: what a request costs when the page does
nothing).

    .venv/bin/python bench/bench_load.py [--backend sqlite|postgres|both] [--users 50]
                                          [--seconds 180] [--workers N] [--arrive 1]
"""

import argparse
import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv/bin/python")
PG_SERVER = os.environ.get("DANVAN_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PASSWORD = "bench-load-2026"  # noqa: S105 — throw-away accounts in a throw-away database
BUDGET_P95_MS = 300
REFERENCE = "healthz (reference)"

MAKE_USERS = """
from danvan.accounts.models import Grant, User
model = User.objects.get(username="canbo.tuyenquang")
grants = list(Grant.objects.filter(user=model))
for i in range(1, {count} + 1):
    user, _ = User.objects.get_or_create(
        username=f"bench{{i:03d}}", defaults={{"full_name": f"Cán bộ thử tải {{i}}"}}
    )
    user.set_password("{password}")
    user.save()
    for grant in grants:
        Grant.objects.get_or_create(
            user=user, role=grant.role, unit=grant.unit, organization=grant.organization
        )
print("bench users", {count})
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [PY, "src/manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def prepare(backend: str, users: int) -> tuple[dict, str | None]:
    var = tempfile.mkdtemp(prefix="danvan-load-")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DANVAN_")},
        "DANVAN_VAR_DIR": var,
        "DANVAN_LOG_FORMAT": "text",
        "DANVAN_SESSION_IDLE_MINUTES": "0",
    }
    database = None
    if backend == "postgres":
        import psycopg

        database = f"danvan_load_{os.getpid()}"
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{database}"')
        env["DANVAN_DATABASE_URL"] = f"{PG_SERVER}/{database}"
    started = time.perf_counter()
    manage(env, "setup")
    manage(env, "shell", "-c", MAKE_USERS.format(count=users, password=PASSWORD))
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    print(f"   set up with demonstration data in {time.perf_counter() - started:.0f} s")
    return env, database


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def family(pid: int) -> list[int]:
    children = subprocess.run(
        ["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False
    ).stdout.split()
    return [pid, *map(int, children)]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 — our own http://127.0.0.1 URL
            return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"{url} did not answer")


def start_server(env: dict, workers: int):
    """The task worker and gunicorn as `make run` starts them, on a free port; their logs go
    to the database's var folder. Returns (port, worker process, server process)."""
    port = free_port()
    logs = Path(env["DANVAN_VAR_DIR"])
    worker = subprocess.Popen(
        [PY, "src/manage.py", "db_worker", "--queue-name", "*", "--no-reload"],
        cwd=ROOT,
        env=env,
        stdout=open(logs / "worker.log", "w"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT / "src",
        env={**env, "PYTHONPATH": str(ROOT / "src")},
        stdout=subprocess.DEVNULL,
        stderr=open(logs / "gunicorn.log", "w"),  # noqa: SIM115
    )
    return port, worker, server


def run(backend: str, args) -> dict:
    print(f"== {backend}")
    env, database = prepare(backend, args.users)
    port, worker, server = start_server(env, args.workers)
    logs = Path(env["DANVAN_VAR_DIR"])
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz")
        stats = logs / "locust"
        sign_ins = logs / "sign-ins.json"
        ramp = args.users / args.arrive
        locust = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/locust"),
                "-f",
                str(ROOT / "bench/locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.arrive),
                "--reset-stats",
                "--run-time",
                f"{round(ramp + args.seconds)}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(stats),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={
                **os.environ,
                "DANVAN_BENCH_PASSWORD": PASSWORD,
                "DANVAN_BENCH_SIGN_IN_LOG": str(sign_ins),
            },
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # The server's processor time is counted from the reset of the statistics on.
        time.sleep(ramp + 2)
        cpu_before = cpu_seconds(family(server.pid))
        locust.wait()
        cpu = cpu_seconds(family(server.pid)) - cpu_before
    finally:
        for process in (server, worker):
            process.send_signal(signal.SIGTERM)
        for process in (server, worker):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    rows = list(csv.DictReader(open(f"{stats}_stats.csv", encoding="utf-8")))  # noqa: SIM115
    if sign_ins.exists():
        times = sorted(json.loads(sign_ins.read_text()))
        if times:
            p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
            print(
                f"   arrival: {len(times)} sign-ins, one every {1 / args.arrive:.1f} s; "
                f"p50 {times[len(times) // 2]:.0f} ms, p95 {p95:.0f} ms (form and password)"
            )
    locked = (logs / "gunicorn.log").read_text(errors="replace").count("database is locked")
    if database:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    shutil.rmtree(env["DANVAN_VAR_DIR"], ignore_errors=True)
    return report(backend, rows, cpu, locked)


def report(backend: str, rows: list[dict], cpu: float, locked: int) -> dict:
    pages = [r for r in rows if r["Name"] != "Aggregated"]
    total = next(r for r in rows if r["Name"] == "Aggregated")
    reference = next((r for r in pages if r["Name"] == REFERENCE), None)
    ref_p95 = float(reference["95%"]) if reference else None
    print(f"   {'page':34} {'requests':>8} {'errors':>6} {'p50':>6} {'p95':>6} {'p99':>6}  p95/ref")
    worst = 0.0
    for row in sorted(pages, key=lambda r: r["Name"]):
        p95 = float(row["95%"])
        if row["Name"] != REFERENCE and not row["Name"].startswith("sign-in"):
            worst = max(worst, p95)
        ratio = f"{p95 / ref_p95:6.1f}×" if ref_p95 else "   —"
        print(
            f"   {row['Name']:34} {row['Request Count']:>8} {row['Failure Count']:>6} "
            f"{float(row['Median Response Time']):6.0f} {p95:6.0f} "
            f"{float(row['99%']):6.0f}  {ratio}"
        )
    requests = int(total["Request Count"])
    errors = int(total["Failure Count"])
    per_request = 1000 * cpu / requests if requests else 0
    print(
        f"   all: {requests} requests, {float(total['Requests/s']):.1f}/s, {errors} errors; "
        f"server CPU {per_request:.0f} ms per request; 'database is locked': {locked}"
    )
    verdict = "within" if worst < BUDGET_P95_MS and errors == 0 else "OVER"
    print(f"   slowest page p95 {worst:.0f} ms — {verdict} the budget of {BUDGET_P95_MS} ms")
    return {"worst_p95": worst, "errors": errors, "locked": locked}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=180)
    # As `make run` starts gunicorn: WORKERS, else two a processor and one.
    workers = int(os.environ.get("WORKERS", 2 * (os.cpu_count() or 1) + 1))
    parser.add_argument("--workers", type=int, default=workers)
    parser.add_argument("--arrive", type=float, default=1.0, help="officers signing in per second")
    args = parser.parse_args()
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    results = {backend: run(backend, args) for backend in backends}
    failed = any(r["errors"] or r["locked"] for r in results.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
