"""A fresh, empty database beside the test database, for tests that run ``manage.py`` in
another process (backup and restore, task workers): a SQLite file, or a PostgreSQL database
created for the test and dropped after it — whichever the suite runs on."""

import sqlite3
import uuid
from pathlib import Path

from django.conf import settings

POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


class Database:
    """A fresh, empty database outside the test database: a SQLite file, or a PostgreSQL
    database created for the test and dropped after it."""

    def __init__(self, folder: Path, name: str):
        self.folder = folder
        self.name = name
        self.pg = None
        if POSTGRES:
            import psycopg

            params = settings.DATABASES["default"]
            self.pg = {
                "host": params.get("HOST") or "127.0.0.1",
                "port": int(params.get("PORT") or 5432),
                "user": params.get("USER") or "postgres",
            }
            self.dbname = f"danvan_backup_{name}_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(dbname="postgres", autocommit=True, **self.pg) as admin:
                admin.execute(f'CREATE DATABASE "{self.dbname}"')
            self.url = (
                f"postgres://{self.pg['user']}@{self.pg['host']}:{self.pg['port']}/{self.dbname}"
            )
        else:
            self.path = folder / f"{name}.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def env(self, media: Path) -> dict[str, str]:
        return {"DANVAN_DATABASE_URL": self.url, "DANVAN_MEDIA_ROOT": str(media)}

    def rows(self) -> dict[str, list[str]]:
        """Every table's rows, as text, in a stable order (whatever the keys)."""
        if POSTGRES:
            import psycopg

            with psycopg.connect(dbname=self.dbname, **self.pg) as conn:
                tables = [
                    name
                    for (name,) in conn.execute(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                    )
                ]
                return {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"'))) for t in tables}  # noqa: S608
        conn = sqlite3.connect(self.path)
        try:
            tables = [
                name
                for (name,) in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%'"
                )
            ]
            return {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"'))) for t in tables}  # noqa: S608
        finally:
            conn.close()

    def drop(self):
        if POSTGRES:
            import psycopg

            with psycopg.connect(dbname="postgres", autocommit=True, **self.pg) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.dbname}" WITH (FORCE)')
