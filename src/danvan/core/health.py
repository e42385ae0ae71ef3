"""What ``/healthz`` checks: the database, the cache, the media storage, and the task worker's
heartbeat (the last tick of the schedule, ``core.schedule``)."""

from datetime import timedelta

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from danvan.core.schedule import TICK_EVERY, last_tick, queued_in_database

# A worker is late when no tick finished for this long (three ticks missed).
WORKER_LATE_AFTER = timedelta(seconds=3 * TICK_EVERY)


NOT_CHECKED = "không kiểm tra / not checked"


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _cache() -> str:
    cache.set("danvan:healthz", "1", 30)
    return "ok" if cache.get("danvan:healthz") == "1" else "không đọc lại được / not read back"


def _storage() -> str:
    default_storage.exists("healthz")  # one listing request on S3, a stat on a folder
    return "ok"


def _worker() -> str:
    if not queued_in_database():
        return NOT_CHECKED
    beat = last_tick()
    if beat is None:
        return "chưa chạy / never ran"
    if timezone.now() - beat > WORKER_LATE_AFTER:
        return f"trễ / late (last tick {beat:%Y-%m-%d %H:%M:%S} UTC)"
    return "ok"


CHECKS = {"database": _database, "cache": _cache, "storage": _storage, "worker": _worker}
# The web part serves pages without the worker: a balancer keeps a server whose worker is late.
SERVING = ("database", "cache", "storage")


def check() -> dict[str, str]:
    result = {}
    for name, probe in CHECKS.items():
        try:
            result[name] = probe()
        except Exception as error:  # noqa: BLE001 — a check that fails is the answer
            result[name] = f"lỗi / error: {type(error).__name__}"
    return result
