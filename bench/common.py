"""What every benchmark script does around its measurement: a throw-away database on the
chosen backend (or a kept one, to measure again on the same data), Django set up on it, and
the database dropped afterwards."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_SERVER = os.environ.get("DANVAN_BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def setup_django(backend: str, *, reuse: str | None = None, prefix: str = "danvan_bench") -> str:
    """Set Django up on a fresh database (SQLite under a temporary var directory, or a new
    PostgreSQL database), or on the one named ``reuse`` (created if missing, kept). Returns the
    database's name."""
    if backend == "sqlite" and reuse:
        kept = Path(tempfile.gettempdir()) / reuse
        kept.mkdir(exist_ok=True)
        os.environ["DANVAN_VAR_DIR"] = str(kept)
    else:
        os.environ["DANVAN_VAR_DIR"] = tempfile.mkdtemp(prefix="danvan-bench-")
    database = reuse or f"{prefix}_{os.getpid()}"
    if backend == "postgres":
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
            exists = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [database]
            ).fetchone()
            if not exists:
                admin.execute(f'CREATE DATABASE "{database}"')
        os.environ["DANVAN_DATABASE_URL"] = f"{PG_SERVER}/{database}"
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    return database


def drop_database(backend: str, database: str) -> None:
    """Drop a PostgreSQL database made by ``setup_django`` (SQLite's files are temporary)."""
    if backend != "postgres":
        return
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}"')


def each_backend(script: str) -> int:
    """Run ``script`` once per backend, each in a process of its own (Django is set up once
    per process), with this process's arguments and ``--backend``; a failure of either fails."""
    status = 0
    for backend in ("sqlite", "postgres"):
        status |= subprocess.call([sys.executable, script, *sys.argv[1:], "--backend", backend])
    return status
