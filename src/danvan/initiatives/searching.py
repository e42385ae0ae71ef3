"""The accent-insensitive search index of initiatives, one per database engine.

The searched text is ``Initiative.search_folded`` (``fold(name + content)``, kept by the
services). A search is a substring of it, which a B-tree cannot serve:

- PostgreSQL: a trigram GIN index on the column (``pg_trgm``, migration 0002) serves
  ``search_folded LIKE '%words%'`` directly.
- SQLite: an FTS5 table with the trigram tokenizer (SQLite ≥ 3.34) over the same column, kept by
  triggers (migration 0004), so every writer — the services, a bulk insert, a raw ``UPDATE`` —
  keeps it in sync without calling anything. A phrase of three characters or more is a
  substring match there; shorter words fall back to scanning.

A SQLite table rebuilt by a later migration (Django copies it into a new table) loses its
triggers: ``ensure_search_index`` runs after every ``migrate`` and puts them back, rebuilding the
index if they were missing.
"""

import sqlite3

from django.db.models import Q
from django.db.models.expressions import RawSQL

FTS_TABLE = "initiatives_search"
SOURCE_TABLE = "initiatives_initiative"
MIN_FTS_CHARS = 3  # the trigram tokenizer matches phrases of three characters or more
# Written out, not formatted: constant SQL (the table names are FTS_TABLE and SOURCE_TABLE).
TRIGGERS = {
    "initiatives_search_ai": """
        CREATE TRIGGER IF NOT EXISTS initiatives_search_ai AFTER INSERT ON initiatives_initiative
        BEGIN
            INSERT INTO initiatives_search(rowid, search_folded)
            VALUES (new.id, new.search_folded);
        END""",
    "initiatives_search_ad": """
        CREATE TRIGGER IF NOT EXISTS initiatives_search_ad AFTER DELETE ON initiatives_initiative
        BEGIN
            INSERT INTO initiatives_search(initiatives_search, rowid, search_folded)
            VALUES ('delete', old.id, old.search_folded);
        END""",
    "initiatives_search_au": """
        CREATE TRIGGER IF NOT EXISTS initiatives_search_au
        AFTER UPDATE OF search_folded ON initiatives_initiative
        BEGIN
            INSERT INTO initiatives_search(initiatives_search, rowid, search_folded)
            VALUES ('delete', old.id, old.search_folded);
            INSERT INTO initiatives_search(rowid, search_folded)
            VALUES (new.id, new.search_folded);
        END""",
}
CREATE_TABLE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS initiatives_search USING fts5(search_folded, "
    "content='initiatives_initiative', content_rowid='id', tokenize='trigram')"
)
REBUILD = "INSERT INTO initiatives_search(initiatives_search) VALUES ('rebuild')"
MATCHING_IDS = "SELECT rowid FROM initiatives_search WHERE initiatives_search MATCH %s"


def sqlite_fts_available(connection) -> bool:
    """Whether this connection can hold the FTS5 trigram index (SQLite ≥ 3.34)."""
    return connection.vendor == "sqlite" and sqlite3.sqlite_version_info >= (3, 34, 0)


def ensure_search_index(connection) -> bool:
    """Create the SQLite index and its triggers where missing; rebuild it from the table when
    anything was missing (then it may have missed writes). Returns whether it rebuilt."""
    if not sqlite_fts_available(connection):
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE name IN (%s, %s, %s, %s)",
            [FTS_TABLE, *TRIGGERS],
        )
        present = {row[0] for row in cursor.fetchall()}
        if SOURCE_TABLE not in connection.introspection.table_names(cursor):
            return False
        if present >= {FTS_TABLE, *TRIGGERS}:
            return False
        cursor.execute(CREATE_TABLE)
        for statement in TRIGGERS.values():
            cursor.execute(statement)
        cursor.execute(REBUILD)
    return True


def drop_search_index(connection) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")  # noqa: S608 — constant names
        cursor.execute("DROP TABLE IF EXISTS initiatives_search")


def contains_folded(connection, folded: str) -> Q:
    """Rows whose ``search_folded`` contains ``folded`` (already folded), through the engine's
    index where it has one."""
    if sqlite_fts_available(connection) and len(folded) >= MIN_FTS_CHARS:
        # A quoted FTS5 string is one phrase, matched as a substring by the trigram tokenizer;
        # a double quote inside it is written twice.
        phrase = '"' + folded.replace('"', '""') + '"'
        return Q(pk__in=RawSQL(MATCHING_IDS, [phrase]))  # noqa: S611 — constant SQL
    return Q(search_folded__contains=folded)
