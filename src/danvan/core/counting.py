"""Counting several querysets in one round trip to the database."""

from django.core.exceptions import EmptyResultSet
from django.db import connection


def count_together(querysets) -> list[int]:
    """The number of rows of each queryset, in one statement (one round trip on every page
    for the header's unread counts, not one each)."""
    if not querysets:
        return []
    parts, params = [], []
    for number, queryset in enumerate(querysets):
        try:
            sql, values = queryset.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # .none(): nothing to count
            parts.append("0")
            continue
        # The ORM's own SQL, its values passed apart as parameters.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted_{number})")  # noqa: S608
        params.extend(values)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return [int(value) for value in cursor.fetchone()]
