"""Benchmark: an anonymous visitor's article page, served by gunicorn as `make run` starts it
(budget: p95 < 50 ms and at least 200 requests/s on a 2-core machine).

A fresh SQLite database with the demonstration data (`manage.py setup`), gunicorn with `WORKERS`
workers and the task worker, then `wrk` (or, when it is not installed, a Python load generator
of threads on keep-alive connections — the output says which) against one demo article, after
one request that fills the page cache, and against `/healthz` in the same run (the reference:
a request that renders nothing but checks the database, the cache and the storage).

    .venv/bin/python bench/bench_portal.py [--seconds 15] [--connections 10] [--workers 3]
                                           [--python]   # the Python load generator even with wrk
"""

import argparse
import http.client
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_load import cpu_seconds, family, manage, start_server, wait_for  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv/bin/python")
BUDGET_P95_MS = 50
BUDGET_RPS = 200
ARTICLE_URL = """
from danvan.portal.models import ArticlePage
article = ArticlePage.objects.live().public().order_by("pk").first()
print(article.url)
"""
# wrk's summary in a form we read: microseconds at each percentile, requests, seconds, errors.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
                 + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT %d %d %d %d %d %d\\n", latency:percentile(50),
    latency:percentile(95), latency:percentile(99), summary.requests, summary.duration, errors))
end
"""


def prepare() -> dict:
    var = tempfile.mkdtemp(prefix="danvan-portal-bench-")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DANVAN_")},
        "DANVAN_VAR_DIR": var,
        "DANVAN_LOG_FORMAT": "text",
    }
    started = time.perf_counter()
    manage(env, "setup")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    print(f"   set up with demonstration data in {time.perf_counter() - started:.0f} s")
    return env


def with_wrk(url: str, seconds: int, connections: int) -> dict:
    script = Path(tempfile.mkdtemp()) / "summary.lua"
    script.write_text(WRK_SCRIPT)
    done = subprocess.run(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(row for row in done.stdout.splitlines() if row.startswith("RESULT"))
    p50, p95, p99, requests, duration, errors = map(int, line.split()[1:])
    return {
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "rps": requests / (duration / 1e6),
        "requests": requests,
        "errors": errors,
    }


def with_python(url: str, seconds: int, connections: int) -> dict:
    """Threads, each on one keep-alive connection, as fast as the server answers."""
    parsed = urllib.request.urlparse(url)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def hammer():
        conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
        mine = []
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                conn.request("GET", parsed.path or "/")
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors[0] += 1
            except OSError:
                errors[0] += 1
                conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
                continue
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=hammer) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()

    def at(share: float) -> float:
        return 1000 * latencies[min(len(latencies) - 1, int(share * len(latencies)))]

    return {
        "p50": at(0.50),
        "p95": at(0.95),
        "p99": at(0.99),
        "rps": len(latencies) / elapsed,
        "requests": len(latencies),
        "errors": errors[0],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "3")))
    parser.add_argument("--python", action="store_true", help="the Python load generator")
    args = parser.parse_args()
    use_wrk = shutil.which("wrk") is not None and not args.python
    generator = "wrk" if use_wrk else "Python threads (wrk is not installed)"
    if args.python:
        generator = "Python threads (--python)"
    measure = with_wrk if use_wrk else with_python

    env = prepare()
    path = manage(env, "shell", "-c", ARTICLE_URL).strip().splitlines()[-1]
    port, worker, server = start_server(env, args.workers)
    base = f"http://127.0.0.1:{port}"
    results = {}
    try:
        wait_for(f"{base}/healthz")
        # Every worker's cache filled (a per-process cache without Redis): a few requests each.
        states = set()
        for _ in range(6 * args.workers):
            with urllib.request.urlopen(base + path) as response:  # noqa: S310 — our own URL
                states.add(response.headers.get("X-Portal-Cache"))
        print(
            f"   load generator: {generator}; {args.connections} connections, "
            f"{args.seconds} s each; {args.workers} gunicorn workers"
        )
        print(f"   article: {path} (page cache: {', '.join(sorted(s or '-' for s in states))})")
        for name, url in (("healthz (reference)", f"{base}/healthz"), ("article", base + path)):
            pids = family(server.pid)
            cpu_before = cpu_seconds(pids)
            results[name] = measure(url, args.seconds, args.connections)
            cpu = cpu_seconds(family(server.pid)) - cpu_before
            results[name]["cpu_ms"] = 1000 * cpu / max(1, results[name]["requests"])
    finally:
        for process in (server, worker):
            process.send_signal(signal.SIGTERM)
        for process in (server, worker):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(env["DANVAN_VAR_DIR"], ignore_errors=True)
    print(
        f"   {'page':22} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50':>6} {'p95':>6} "
        f"{'p99':>6} {'CPU/req':>8}"
    )
    for name, r in results.items():
        print(
            f"   {name:22} {r['requests']:>8} {r['errors']:>6} {r['rps']:7.0f} {r['p50']:6.1f} "
            f"{r['p95']:6.1f} {r['p99']:6.1f} {r['cpu_ms']:6.1f}ms"
        )
    article = results["article"]
    ok = article["p95"] < BUDGET_P95_MS and article["rps"] >= BUDGET_RPS and not article["errors"]
    print(
        f"   article: p95 {article['p95']:.1f} ms, {article['rps']:.0f} requests/s — "
        f"{'within' if ok else 'OVER'} the budget (p95 < {BUDGET_P95_MS} ms, "
        f"≥ {BUDGET_RPS} requests/s)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
