"""Inserting many new rows of one model quickly (bulk registrations from imports).

``Model.objects.bulk_create`` sends each value through the field, the SQL compiler and an
expression check (~5 µs a value: 3,000,000 values, some 15 s, for 100,000 initiatives), and on
SQLite it cuts the rows into INSERTs of 999 values. ``insert_many`` converts only the values
whose type needs it (dates, times, JSON, addresses — with the field's own
``get_db_prep_save``), passes text, numbers, booleans and ids as they are, and sends one
multi-row ``INSERT … RETURNING id`` per batch as large as the database allows. It writes the
same rows as ``bulk_create``: a test compares them. ``insert_values`` does the same from
mappings of values, for rows nobody needs as instances afterwards (links, history, audit).
"""

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from itertools import islice
from operator import attrgetter
from typing import Any

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
    connection = connections[router.db_for_write(model)]
    if not connection.features.can_return_rows_from_bulk_insert:
        model.objects.bulk_create(objects)
        return
    fields = _fields(model)
    now = timezone.now()
    for field in fields:
        if _automatic(field):
            for obj in objects:
                setattr(obj, field.attname, now)
    getters = [attrgetter(field.attname) for field in fields]
    rows = ([get(obj) for get in getters] for obj in objects)
    for obj, pk in zip(objects, _insert(model, fields, rows, now), strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias


def insert_values(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> list:
    """INSERT one row of ``model`` per mapping ``{attname: value}`` without making instances
    (a third of the time of ``insert_many`` goes into ``Model.__init__``); returns the new
    primary keys. Fields left out take their default — a callable one called once for all the
    rows — and ``auto_now`` fields one moment for all."""
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    if not connection.features.can_return_rows_from_bulk_insert:
        return [obj.pk for obj in model.objects.bulk_create([model(**row) for row in rows])]
    fields = _fields(model)
    now = timezone.now()
    pairs = [(field.attname, now if _automatic(field) else field.get_default()) for field in fields]
    lines = ([row.get(name, default) for name, default in pairs] for row in rows)
    return _insert(model, fields, lines, now)


def _fields(model) -> list[models.Field]:
    meta = model._meta
    return [field for field in meta.concrete_fields if field is not meta.auto_field]


def _automatic(field) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def _insert(model, fields, rows: Iterable[list], now) -> list:
    """Send ``rows`` (values in the order of ``fields``) in multi-row INSERTs; their new keys.

    On PostgreSQL the values go as one array per column (``INSERT … SELECT * FROM unnest(…)``,
    as Django's own ``bulk_create`` does): a statement with tens of thousands of ``%s`` would
    be split by the driver in Python, slower than the database inserts it."""
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    converters = []
    for field in fields:
        if _automatic(field):
            moment = field.get_db_prep_save(now, connection)
            converters.append(lambda _value, _connection, moment=moment: moment)
        else:
            converters.append(None if _plain(field) else field.get_db_prep_save)
    plain = all(convert is None for convert in converters)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    # Names and types from the model's metadata, quoted; the values go as parameters.
    head = f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) "  # noqa: S608
    tail = f" RETURNING {connection.ops.quote_name(meta.pk.column)}"
    arrays = connection.vendor == "postgresql"
    if arrays:
        # %b: each array goes in PostgreSQL's binary format (see _cursor).
        casts = ", ".join(f"%b::{field.db_type(connection)}[]" for field in fields)
        size = ROWS_PER_INSERT * 5
    else:
        placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
        size = max(1, min(ROWS_PER_INSERT, _max_params(connection) // len(fields)))
    keys = []
    rows = iter(rows)
    with _cursor(connection) as cursor:
        while batch := list(islice(rows, size)):
            converted = batch if plain else _converted(batch, converters, connection)
            if arrays:
                sql = f"{head}SELECT * FROM unnest({casts}){tail}"  # noqa: S608 - as above
                params = [list(column) for column in zip(*converted, strict=True)]
            else:
                sql = f"{head}VALUES {', '.join([placeholders] * len(batch))}{tail}"
                params = [value for values in converted for value in values]
            cursor.execute(sql, params)
            keys.extend(pk for (pk,) in cursor.fetchall())
    return keys


def _converted(rows: Iterable[Sequence], converters: list, connection) -> Iterable[list]:
    """``rows`` with each value through its column's converter (None: as it is). A value that
    is the very object of the row before (one date or moment for all the rows) is converted
    once: 66,000 figures of one day carry one ``as_of`` and one ``recorded_at``."""
    columns = [(index, convert) for index, convert in enumerate(converters) if convert]
    last = {index: (object(), None) for index, _convert in columns}
    for values in rows:
        line = list(values)
        for index, convert in columns:
            value = line[index]
            seen, done = last[index]
            if value is not seen:
                done = convert(value, connection)
                last[index] = (value, done)
            line[index] = done
        yield line


def _cursor(connection):
    """Django's cursor; on PostgreSQL one that binds the values on the server, so that the
    arrays go in binary — Django's default cursor binds them on the client, escaping every
    element in Python (a third of the work of an import). It is Django's own class for
    ``server_side_binding``, wrapped like any cursor (query logging, execute wrappers) and in
    the same transaction."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    from django.db.backends.postgresql.base import ServerBindingCursor  # noqa: PLC0415

    connection.ensure_connection()
    return connection._prepare_cursor(ServerBindingCursor(connection.connection))


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


def refresh_statistics(*models: type[models.Model]) -> None:
    """After many rows of ``models`` were written and committed, tell PostgreSQL's planner
    (``ANALYZE``, as its manual advises after a bulk load): until autovacuum gets to it, a
    look-up by index in a table that grew from nothing is planned as a scan of the whole table
    (a second import of 100,000 rows took 87 s instead of ~40 s). Only outside a transaction,
    where ANALYZE would keep its lock to the end; nothing on SQLite."""
    connection = connections[router.db_for_write(models[0])]
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def update_many(model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence]) -> None:
    """UPDATE the fields ``names`` of many rows of ``model``: each row gives their values in
    that order, then the primary key. On PostgreSQL one ``UPDATE … FROM unnest(…)`` per
    100,000 rows (one join of the table, not one per small batch), the values bound in binary
    as one array per column (66,000 targets: one statement, where ``executemany`` sent 66,000
    in 12 s); elsewhere one parametrised statement run for every row (SQLite runs them in
    process)."""
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    columns = [meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    # PostgreSQL's driver takes decimals and dates as they are (Django's own conversion of
    # them returns them unchanged there, at 5 µs a value).
    direct = (*PLAIN_FIELDS, models.DecimalField, models.DateField)
    converters = [
        None
        if connection.vendor == "postgresql" and type(field) in direct
        else field.get_db_prep_save
        for field in columns
    ]
    converted = _converted(rows, [*converters, None], connection)  # the key as it is
    if connection.vendor != "postgresql":
        sets = ", ".join(f"{quote(f.column)} = %s" for f in columns)
        # Names from the model's metadata, quoted; the values go as parameters.
        sql = f"UPDATE {table} SET {sets} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.executemany(sql, list(converted))
        return
    aliases = [f"c{n}" for n in range(len(columns))]
    sets = ", ".join(
        f"{quote(f.column)} = v.{alias}" for f, alias in zip(columns, aliases, strict=True)
    )
    casts = ", ".join(f"%b::{field.db_type(connection)}[]" for field in [*columns, meta.pk])
    names_sql = ", ".join([*aliases, "pk"])
    sql = (
        f"UPDATE {table} AS t SET {sets} FROM unnest({casts}) AS v({names_sql}) "  # noqa: S608
        f"WHERE t.{quote(meta.pk.column)} = v.pk"
    )
    with _cursor(connection) as cursor:
        while batch := list(islice(converted, 100_000)):
            cursor.execute(sql, [list(column) for column in zip(*batch, strict=True)])
