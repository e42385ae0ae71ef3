"""One archive holds everything danvan keeps: the database, the media files, and a manifest.

``write_backup(path)`` writes a gzipped tar with

- ``database.sqlite3`` (SQLite's online backup API: a consistent copy while danvan runs) or
  ``database.dump`` (``pg_dump`` custom format, taken in the snapshot the fingerprints are read
  in, so the two agree even while officers keep writing);
- ``media/<name>`` for every file of the media storage (walked through the storage API, so a
  local folder and an S3 bucket alike);
- ``manifest.json``: the database vendor, the last migration of every app, and for every table
  its row count and a SHA-256 of its rows in primary-key order, for every file its size and
  SHA-256.

``restore_backup(path)`` refuses a database that has tables or a media storage that has files,
restores both, then reads them back and compares them with the manifest: a restore that does not
give back the same rows and files says which ones and fails.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import io
import json
import os
import posixpath
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import connections, transaction

from danvan.core.files import walk

FORMAT = "danvan-backup"
VERSION = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
CHUNK = 1 << 20


class BackupError(Exception):
    """What went wrong, in words an operator reads (Vietnamese / English)."""


@dataclass
class Outcome:
    tables: int = 0
    rows: int = 0
    files: int = 0
    bytes: int = 0
    mismatches: list[str] = field(default_factory=list)


# ---- fingerprints ----------------------------------------------------------------------------


def _plain(value) -> str:  # noqa: PLR0911 (one return per kind of value)
    if value is None:
        return "∅"
    if isinstance(value, bytes | bytearray | memoryview):
        return "b:" + bytes(value).hex()
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return "d:" + format(value.normalize(), "f")
    if isinstance(value, float):
        return "f:" + repr(value)
    if isinstance(value, dict | list):
        return "j:" + json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return f"{type(value).__name__}:{value}"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    return [name for (name,) in rows]


def _sqlite_order(conn: sqlite3.Connection, table: str) -> str:
    info = conn.execute(f"PRAGMA table_info({_quote(table)})").fetchall()
    keys = sorted((row[5], row[1]) for row in info if row[5])
    columns = [name for _, name in keys] or [row[1] for row in info]
    return ", ".join(_quote(c) for c in columns)


def _hash_rows(cursor, query: str) -> tuple[int, str]:
    digest = hashlib.sha256()
    count = 0
    cursor.execute(query)
    while rows := cursor.fetchmany(2000):
        for row in rows:
            digest.update("\x1f".join(_plain(v) for v in row).encode())
            digest.update(b"\x1e")
        count += len(rows)
    return count, digest.hexdigest()


def sqlite_fingerprints(conn: sqlite3.Connection) -> dict[str, dict]:
    """Row count and SHA-256 of every table of a SQLite database (a plain DB-API connection)."""
    result = {}
    for table in sqlite_tables(conn):
        order = _sqlite_order(conn, table)
        query = f"SELECT * FROM {_quote(table)} ORDER BY {order}"  # noqa: S608 (catalogue names)
        count, digest = _hash_rows(conn.cursor(), query)
        result[table] = {"rows": count, "sha256": digest}
    return result


def postgres_tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    return [name for (name,) in cursor.fetchall()]


def _postgres_order(cursor, table: str) -> str:
    cursor.execute(
        "SELECT a.attname FROM pg_index i JOIN pg_attribute a "
        "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
        "WHERE i.indrelid = %s::regclass AND i.indisprimary ORDER BY a.attnum",
        [_quote(table)],
    )
    columns = [name for (name,) in cursor.fetchall()]
    if not columns:
        return ", ".join(str(n + 1) for n in range(_column_count(cursor, table)))
    return ", ".join(_quote(c) for c in columns)


def _column_count(cursor, table: str) -> int:
    cursor.execute(
        "SELECT count(*) FROM pg_attribute WHERE attrelid = %s::regclass "
        "AND attnum > 0 AND NOT attisdropped",
        [_quote(table)],
    )
    return cursor.fetchone()[0]


def postgres_fingerprints(cursor) -> dict[str, dict]:
    """Row count and SHA-256 of every table of the connected PostgreSQL schema."""
    result = {}
    for table in postgres_tables(cursor):
        order = _postgres_order(cursor, table)
        query = f"SELECT * FROM {_quote(table)} ORDER BY {order}"  # noqa: S608 (catalogue names)
        count, digest = _hash_rows(cursor, query)
        result[table] = {"rows": count, "sha256": digest}
    return result


def _file_digest(handle) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def media_fingerprints(storage: Storage) -> dict[str, dict]:
    result = {}
    for stored in walk(storage):
        with storage.open(stored.name, "rb") as handle:
            size, digest = _file_digest(handle)
        result[stored.name] = {"size": size, "sha256": digest}
    return dict(sorted(result.items()))


def _migrations(connection) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        return dict(cursor.fetchall())


# ---- PostgreSQL command-line tools -----------------------------------------------------------


def _pg_env(settings: dict) -> dict[str, str]:
    env = dict(os.environ)
    for key, value in (
        ("PGHOST", settings.get("HOST")),
        ("PGPORT", settings.get("PORT")),
        ("PGUSER", settings.get("USER")),
        ("PGPASSWORD", settings.get("PASSWORD")),
        ("PGDATABASE", settings.get("NAME")),
    ):
        if value:
            env[key] = str(value)
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"Không tìm thấy lệnh {command[0]} (gói postgresql-client) / {command[0]} not found"
        )
    done = subprocess.run(  # noqa: S603 (fixed pg_dump/pg_restore arguments)
        command, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{command[0]}: {done.stderr.strip()[-2000:]}")


# ---- backup ----------------------------------------------------------------------------------


def _dump_sqlite(connection, folder: Path) -> tuple[str, dict]:
    connection.ensure_connection()
    target = folder / "database.sqlite3"
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        fingerprints = sqlite_fingerprints(copy)
    finally:
        copy.close()
    return target.name, fingerprints


def _dump_postgres(connection, folder: Path) -> tuple[str, dict]:
    target = folder / "database.dump"
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}", "--file", str(target)],
            _pg_env(connection.settings_dict),
        )
        fingerprints = postgres_fingerprints(cursor)
    return target.name, fingerprints


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(dt.datetime.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def write_backup(
    path: str | Path, *, using: str = "default", storage: Storage | None = None
) -> Outcome:
    """Write the archive to ``path`` (through ``path.part``, renamed once complete)."""
    storage = storage or default_storage
    connection = connections[using]
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="danvan-backup-") as tmp:
        folder = Path(tmp)
        if connection.vendor == "sqlite":
            database_file, tables = _dump_sqlite(connection, folder)
        elif connection.vendor == "postgresql":
            database_file, tables = _dump_postgres(connection, folder)
        else:
            raise BackupError(f"Chưa hỗ trợ sao lưu {connection.vendor} / unsupported database")
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "vendor": connection.vendor,
            "database_file": database_file,
            "migrations": _migrations(connection),
            "tables": tables,
            "media": {},
        }
        partial = path.with_name(path.name + ".part")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(folder / database_file, arcname=database_file)
            for stored in walk(storage):
                with storage.open(stored.name, "rb") as handle:
                    data = handle.read()
                manifest["media"][stored.name] = {
                    "size": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                }
                _add_bytes(archive, MEDIA_PREFIX + stored.name, data)
            _add_bytes(
                archive,
                MANIFEST,
                json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode(),
            )
        os.replace(partial, path)
    return Outcome(
        tables=len(tables),
        rows=sum(t["rows"] for t in tables.values()),
        files=len(manifest["media"]),
        bytes=sum(m["size"] for m in manifest["media"].values()),
    )


# ---- restore ---------------------------------------------------------------------------------


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.getmember(MANIFEST)
    except KeyError:
        raise BackupError("Tệp không phải bản sao lưu danvan (thiếu manifest.json)") from None
    manifest = json.loads(archive.extractfile(member).read())
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError("Tệp không phải bản sao lưu danvan phiên bản 1 / not a danvan backup")
    return manifest


def _safe_media_name(member_name: str) -> str:
    name = member_name[len(MEDIA_PREFIX) :]
    normal = posixpath.normpath(name)
    if not name or normal != name or normal.startswith(("/", "..")):
        raise BackupError(f"Tên tệp không hợp lệ trong bản sao lưu: {member_name}")
    return name


def _database_is_empty(connection) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            return not sqlite_tables(connection.connection)
        return not postgres_tables(cursor)


def _restore_sqlite(connection, source: Path) -> dict:
    connection.ensure_connection()
    original = sqlite3.connect(source)
    try:
        original.backup(connection.connection)
    finally:
        original.close()
    # Read back through a plain copy: Django's own connection converts dates on the way out,
    # the backup's fingerprints were read without converters.
    check = sqlite3.connect(source.with_name("restored.sqlite3"))
    try:
        connection.connection.backup(check)
        return sqlite_fingerprints(check)
    finally:
        check.close()


def _restore_postgres(connection, source: Path) -> dict:
    _run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", str(source)]
        + ["--dbname", connection.settings_dict["NAME"]],
        _pg_env(connection.settings_dict),
    )
    with connection.cursor() as cursor:
        return postgres_fingerprints(cursor)


def compare(expected: dict[str, dict], found: dict[str, dict], what: str) -> list[str]:
    problems = []
    for name in sorted(set(expected) | set(found)):
        if name not in found:
            problems.append(f"{what} {name}: thiếu / missing")
        elif name not in expected:
            problems.append(f"{what} {name}: thừa / not in the backup")
        elif expected[name] != found[name]:
            problems.append(f"{what} {name}: khác bản sao lưu {expected[name]} ≠ {found[name]}")
    return problems


def restore_backup(
    path: str | Path, *, using: str = "default", storage: Storage | None = None
) -> Outcome:
    """Restore the archive into an empty database and an empty media storage, then verify."""
    storage = storage or default_storage
    connection = connections[using]
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115 (closed by the with below)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"Không đọc được tệp sao lưu {path}: {error}") from None
    with archive, tempfile.TemporaryDirectory(prefix="danvan-restore-") as tmp:
        manifest = read_manifest(archive)
        if manifest["vendor"] != connection.vendor:
            raise BackupError(
                f"Bản sao lưu của {manifest['vendor']} không khôi phục vào {connection.vendor}"
            )
        if not _database_is_empty(connection):
            raise BackupError(
                "Cơ sở dữ liệu đích đã có bảng: chỉ khôi phục vào một cơ sở dữ liệu trống "
                "/ the target database is not empty"
            )
        if next(iter(walk(storage)), None) is not None:
            raise BackupError(
                "Kho tệp đích đã có tệp: chỉ khôi phục vào một kho trống / media is not empty"
            )
        database_file = manifest["database_file"]
        if database_file not in ("database.sqlite3", "database.dump"):
            raise BackupError("manifest.json: database_file không hợp lệ")
        source = Path(tmp) / database_file
        with archive.extractfile(database_file) as packed, open(source, "wb") as unpacked:
            shutil.copyfileobj(packed, unpacked, CHUNK)
        if connection.vendor == "sqlite":
            tables = _restore_sqlite(connection, source)
        else:
            tables = _restore_postgres(connection, source)
        outcome = Outcome(tables=len(tables), rows=sum(t["rows"] for t in tables.values()))
        outcome.mismatches += compare(manifest["tables"], tables, "bảng")
        for member in archive:
            if not member.name.startswith(MEDIA_PREFIX) or not member.isfile():
                continue
            name = _safe_media_name(member.name)
            with archive.extractfile(member) as handle:
                saved = storage.save(name, ContentFile(handle.read()))
            if saved != name:
                outcome.mismatches.append(f"tệp {name}: lưu thành {saved}")
        media = media_fingerprints(storage)
        outcome.files = len(media)
        outcome.bytes = sum(m["size"] for m in media.values())
        outcome.mismatches += compare(manifest["media"], media, "tệp")
    return outcome
