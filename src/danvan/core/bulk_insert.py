"""Inserting many new rows of one model quickly (bulk registrations from imports).

``Model.objects.bulk_create`` sends each value through the field, the SQL compiler and an
expression check (~5 µs a value: 3,000,000 values, some 15 s, for 100,000 initiatives), and on
SQLite it cuts the rows into INSERTs of 999 values. ``insert_many`` converts only the values
whose type needs it (dates, times, JSON, addresses — with the field's own
``get_db_prep_save``), passes text, numbers, booleans and ids as they are, and sends one
multi-row ``INSERT … RETURNING id`` per batch as large as the database allows. It writes the
same rows as ``bulk_create``: a test compares them.
"""

import sqlite3
from collections.abc import Sequence
from operator import attrgetter

from django.db import connections, models, router
from django.utils import timezone

# Fields whose Python value is what the database driver takes (text, integers, booleans).
PLAIN_FIELDS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField)
ROWS_PER_INSERT = 2000


def insert_many(objects: Sequence[models.Model]) -> None:
    """INSERT ``objects`` (new instances of one model, without multi-table inheritance or
    database defaults) and set their primary keys, like ``bulk_create``. ``auto_now`` and
    ``auto_now_add`` fields get one moment for all. No signals are sent (nor are they by
    ``bulk_create``)."""
    if not objects:
        return
    model = type(objects[0])
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    if not connection.features.can_return_rows_from_bulk_insert:
        model.objects.bulk_create(objects)
        return
    fields = [field for field in meta.concrete_fields if field is not meta.auto_field]
    now = timezone.now()
    getters, converters = [], []
    for field in fields:
        getters.append(attrgetter(field.attname))
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objects:
                setattr(obj, field.attname, now)
            moment = field.get_db_prep_save(now, connection)
            converters.append(lambda _value, _connection, moment=moment: moment)
        else:
            converters.append(None if _plain(field) else field.get_db_prep_save)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    # Names from the model's metadata, quoted; the values go as parameters.
    head = f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) VALUES "  # noqa: S608
    tail = f" RETURNING {connection.ops.quote_name(meta.pk.column)}"
    size = max(1, min(ROWS_PER_INSERT, _max_params(connection) // len(fields)))
    pairs = list(zip(getters, converters, strict=True))
    with connection.cursor() as cursor:
        for start in range(0, len(objects), size):
            batch = objects[start : start + size]
            params = []
            for obj in batch:
                for get, convert in pairs:
                    value = get(obj)
                    params.append(value if convert is None else convert(value, connection))
            cursor.execute(head + ", ".join([placeholders] * len(batch)) + tail, params)
            for obj, (pk,) in zip(batch, cursor.fetchall(), strict=True):
                obj.pk = pk
                obj._state.adding = False
                obj._state.db = connection.alias


def _plain(field: models.Field) -> bool:
    if field.is_relation:
        return isinstance(field.target_field, models.AutoField | models.IntegerField)
    return isinstance(field, PLAIN_FIELDS)


def _max_params(connection) -> int:
    """How many values one statement may carry."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return connection.features.max_query_params or 65535
