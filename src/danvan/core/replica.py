"""Read-only report queries on a PostgreSQL replica.

With ``DANVAN_DATABASE_REPLICA_URL`` set, the queries made inside ``replica_reads()`` — the
report engine's counting, the heaviest reads danvan makes — go to the ``replica`` database;
everything else (pages, writes, and reads that must see a write just made) stays on
``default``. A report may then lag the primary by the replication delay (usually under a
second). Without a replica nothing changes."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_reading: ContextVar[bool] = ContextVar("danvan_replica_reads", default=False)


@contextmanager
def replica_reads():
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reading.get() and settings.DANVAN_REPORTS_ON_REPLICA:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None
