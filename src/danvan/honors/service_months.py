"""Months of dân vận work from people's service periods: overlapping periods count once, a
month in a difficult area counts as the kind's percentage — in Python for one person, in one
SQL query for many (``honors.eligibility`` uses both)."""

from collections import defaultdict
from contextlib import contextmanager
from datetime import date

from django.db import connection, transaction
from django.db.models import QuerySet

from danvan.organizations.models import ServicePeriod

DAYS_PER_MONTH = 365.25 / 12


def _calendar_months(start: date, end: date) -> float:
    """Months from ``start`` to ``end``: calendar months (1/2/2009 to 1/6/2026 is 17 years 4
    months), the days beyond the same day of the month as 1/30.4375 of a month each. Linear,
    so periods that meet add up to the whole; the database computes the same
    (``_months_sql``)."""
    return (
        (end.year - start.year) * 12
        + (end.month - start.month)
        + (end.day - start.day) / DAYS_PER_MONTH
    )


def _months_sql(vendor: str, end: str, start: str) -> str:
    """``_calendar_months`` in SQL, on both databases."""
    if vendor == "postgresql":
        # date_part is double precision (EXTRACT is numeric since PostgreSQL 14: far slower).
        part = "date_part('{unit}', {column})"
        units = ("year", "month", "day")
    else:
        part = "CAST(strftime('%%{unit}', {column}) AS INTEGER)"
        units = ("Y", "m", "d")

    def diff(unit):
        return f"({part.format(unit=unit, column=end)} - {part.format(unit=unit, column=start)})"

    year, month, day = (diff(unit) for unit in units)
    return f"({year} * 12 + {month} + {day} / {DAYS_PER_MONTH})"


def _months_cte(subquery: str) -> str:
    """``WITH … months(person_id, months, still, overlap, difficult)`` for the people whose
    ids ``subquery`` selects; parameters: ``_months_params``.

    A person's periods overlap when one starts before the one before it (in the order of
    their starts) has ended: if any two overlap, so do two neighbours — the later one starts
    no later than the next after the earlier one —, hence ``LAG`` (the previous period's end)
    and not the latest end of all the periods before. The periods are read in that order
    from the index ``org_period_person_start`` (no sort)."""
    table = connection.ops.quote_name(ServicePeriod._meta.db_table)
    end = connection.ops.quote_name("end")
    start = connection.ops.quote_name("start")
    months = _months_sql(connection.vendor, "stop", "first")
    return f"""
        WITH periods AS (
            SELECT s.id, s.person_id, s.{start} AS first, s.difficult_area,
                   CASE WHEN s.{end} IS NULL OR s.{end} > %s THEN %s ELSE s.{end} END AS stop,
                   CASE WHEN s.{end} IS NULL OR s.{end} >= %s THEN 1 ELSE 0 END AS still
            FROM {table} s
            WHERE s.{start} IS NOT NULL AND s.{start} <= %s
              AND s.person_id IN ({subquery})
        ), ordered AS (
            SELECT periods.*, LAG(stop) OVER (
                PARTITION BY person_id ORDER BY first, id
            ) AS before
            FROM periods
        ), months AS (
            SELECT person_id,
                   SUM(CASE WHEN stop > first
                            THEN {months} * CASE WHEN difficult_area THEN %s ELSE 100 END
                            ELSE 0 END) / 100.0 AS months,
                   MAX(still) AS still,
                   MAX(CASE WHEN before > first THEN 1 ELSE 0 END) AS overlap,
                   MAX(CASE WHEN difficult_area THEN 1 ELSE 0 END) AS difficult
            FROM ordered GROUP BY person_id
        )
    """  # noqa: S608 — names from the models, values as parameters


@contextmanager
def _big_query():
    """A cursor for one query over a province's periods: on PostgreSQL without JIT (compiling
    the query took ~0.5 s of its time, more than it saves on 1,000,000 rows) and with the
    memory to sort 200,000 people's rows in memory rather than on disk."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL work_mem = '64MB'")
        yield cursor


def _months_params(*, as_of: date, sub_params, percent: int) -> list:
    return [as_of, as_of, as_of, as_of, *sub_params, percent]


def service_months_in_db(people: QuerySet, *, as_of: date, percent: int) -> dict:
    """{person id: (weighted months, still serving, periods overlap, some in a difficult area)}
    for ``people``, counted by the database in one GROUP BY (a province's 1,000,000 periods
    are not read one by one). Where a person's periods overlap, the sum counts the overlap
    twice: the caller counts those few people again in Python (``weighted_months``)."""
    subquery, sub_params = people.order_by().values("pk").query.sql_with_params()
    sql = _months_cte(subquery) + "SELECT person_id, months, still, overlap, difficult FROM months"  # noqa: S608
    with _big_query() as cursor:
        cursor.execute(sql, _months_params(as_of=as_of, sub_params=sub_params, percent=percent))
        return {
            row[0]: (float(row[1] or 0), bool(row[2]), bool(row[3]), bool(row[4]))
            for row in cursor.fetchall()
        }


PERSON_COLUMNS = ("id", "full_name", "gender", "ethnicity", "unit_id")


def _order_columns(people: QuerySet) -> list[str] | None:
    """The people's ordering as columns of the person's table, or None when it goes through a
    relation (the caller then reads the rows and the months apart)."""
    query = people.query
    ordering = list(query.order_by or (query.get_meta().ordering if query.default_ordering else []))
    meta = people.model._meta
    columns = []
    for item in [*ordering, "pk"]:
        if not isinstance(item, str) or "__" in item or item.lstrip("-") == "?":
            return None
        name = item.lstrip("-")
        try:
            column = meta.pk.column if name == "pk" else meta.get_field(name).column
        except Exception:  # noqa: BLE001 — an annotation or an expression: not a column
            return None
        direction = " DESC" if item.startswith("-") else ""
        columns.append(f"p.{connection.ops.quote_name(column)}{direction}")
    return columns


def people_with_service_months(people: QuerySet, *, as_of: date, percent: int) -> list | None:
    """``(id, full_name, gender, ethnicity, unit_id, months, still, overlap, difficult)`` of
    every person of ``people``, in its order, with the service months of
    ``service_months_in_db`` — the rows and the months in one query and one round trip (the
    selector, in it twice, keeps the planner's estimates: a CTE read twice loses them; its
    ids read apart and passed back as an array made it twice as slow). None when the
    ordering is not the person's own columns."""
    order = _order_columns(people)
    if order is None:
        return None
    subquery, sub_params = people.order_by().values("pk").query.sql_with_params()
    table = connection.ops.quote_name(people.model._meta.db_table)
    columns = ", ".join(f"p.{connection.ops.quote_name(c)}" for c in PERSON_COLUMNS)
    sql = _months_cte(subquery) + (
        f"SELECT {columns}, m.months, m.still, m.overlap, m.difficult "  # noqa: S608
        f"FROM {table} p LEFT JOIN months m ON m.person_id = p.id "
        f"WHERE p.id IN ({subquery}) ORDER BY {', '.join(order)}"
    )
    params = [*_months_params(as_of=as_of, sub_params=sub_params, percent=percent), *sub_params]
    with _big_query() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def people_service(people: QuerySet, *, as_of: date, percent: int) -> tuple:
    """(the people's rows with their months, or None; {pk: service} of those not on the rows
    or counted again: overlapping periods)."""
    service = {}
    # The rows and their months in one query where it can be (200,000 people of a
    # province), else apart.
    rows = people_with_service_months(people, as_of=as_of, percent=percent)
    if rows is not None:
        overlapping = [row[0] for row in rows if row[7]]
        difficult_of = {row[0]: row[8] for row in rows if row[7]}
    else:
        service = service_months_in_db(people.order_by(), as_of=as_of, percent=percent)
        overlapping = [pk for pk, values in service.items() if values[2]]
        difficult_of = {pk: service[pk][3] for pk in overlapping}
    for chunk in range(0, len(overlapping), 500):
        periods = defaultdict(list)
        found = ServicePeriod.objects.filter(
            person_id__in=overlapping[chunk : chunk + 500]
        ).values_list("person_id", "start", "end", "difficult_area")
        for person_id, *period in found:
            periods[person_id].append(period)
        for person_id, spans in periods.items():
            months, current = weighted_months(spans, as_of=as_of, percent=percent)
            difficult = bool(difficult_of[person_id])
            service[person_id] = (months, current, True, difficult)
    return rows, service


def weighted_months(periods, *, as_of: date, percent: int) -> tuple[float, bool]:
    """Months of dân vận work up to ``as_of``: overlapping periods count once (at the higher
    weight); a month in a difficult area counts ``percent`` / 100. Also whether a period is
    still open. Months are calendar months (1/2/2009 to 1/6/2026 is 17 years 4 months)."""
    spans = []
    current = False
    for start, end, difficult in periods:
        if start is None or start > as_of:
            continue
        stop = end
        if end is None or end >= as_of:
            current = True
            stop = as_of
        if stop > start:
            spans.append((start, stop, percent if difficult else 100))
    if not spans:
        return 0.0, current
    if len(spans) == 1:
        start, end, weight = spans[0]
        return _calendar_months(start, end) * weight / 100, current
    pieces = _pieces_without_overlap(spans)
    if pieces is None:
        pieces = _pieces_of_overlapping(spans)
    total = 0.0
    for start, end, weight in pieces:
        total += _calendar_months(start, end) * weight / 100
    return total, current


def _pieces_without_overlap(spans) -> list | None:
    """The spans in order, those of one weight that meet joined; None if two overlap (the
    usual case is none: a person's periods follow one another)."""
    spans.sort()
    pieces: list[list] = []
    for start, stop, weight in spans:
        if pieces and start < pieces[-1][1]:
            return None
        if pieces and start == pieces[-1][1] and weight == pieces[-1][2]:
            pieces[-1][1] = stop
        else:
            pieces.append([start, stop, weight])
    return pieces


def _pieces_of_overlapping(spans) -> list:
    """Cut at every boundary; each piece at the highest weight covering it, joined again."""
    bounds = sorted({d for s in spans for d in s[:2]})
    pieces: list[list] = []
    for left, right in zip(bounds, bounds[1:], strict=False):
        weights = [w for s, e, w in spans if s <= left and e >= right]
        if not weights:
            continue
        weight = max(weights)
        if pieces and pieces[-1][1] == left and pieces[-1][2] == weight:
            pieces[-1][1] = right
        else:
            pieces.append([left, right, weight])
    return pieces


def months_of(months: float) -> int:
    return int(months + 1e-6)
