"""Benchmark: `make run` on an already set-up checkout, to the first page served (budget < 10 s).

Reference measured in the same run: the bare start-up of Django (`manage.py check`), the part of
the time that no set-up step of ours can remove. Prints seconds and the ratio.

    .venv/bin/python bench/bench_startup.py
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET_SECONDS = 10.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def time_reference() -> float:
    start = time.perf_counter()
    subprocess.run(
        [str(ROOT / ".venv/bin/python"), "src/manage.py", "check"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def time_make_run() -> float:
    port = free_port()
    env = {**os.environ, "PORT": str(port)}
    start = time.perf_counter()
    process = subprocess.Popen(
        ["make", "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        while time.perf_counter() - start < 120:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/dang-nhap/", timeout=2) as r:
                    if r.status == 200 and "danvan" in r.read().decode():
                        return time.perf_counter() - start
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("danvan did not answer within 120 s")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def main() -> int:
    subprocess.run(["make", "setup"], cwd=ROOT, check=True, capture_output=True)  # warm
    reference = min(time_reference() for _ in range(3))
    runs = sorted(time_make_run() for _ in range(3))
    median = runs[1]
    print(
        f"make run → first page: median {median:.2f} s over 3 runs (budget {BUDGET_SECONDS:.0f} s)"
    )
    print(f"reference (manage.py check): {reference:.2f} s; ratio {median / reference:.1f}×")
    return 0 if median < BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
