"""The monthly rollup of the activities (``models.ActivityMonth``): what the measures count, summed
per month of the activities' first day, province of their main place as it was, province of
today they count for, kind and campaign — and per kind of work.

It is kept here, by the writes, inside their transaction: ``record_activity`` and
``update_activity`` (the forms, the Excel import, the demo data) count again the cells — a month
and a province as it was — the activity was and is in (``refresh``); the remapping of units
counts again the provinces whose units now count for another unit of today
(``refresh_places``). Kinds and campaigns are referred to, not copied. ``rebuild`` counts it
all again (``manage.py activities rollup``, the nightly schedule, after rows written by other
means such as a bulk load)."""

import zlib
from collections.abc import Iterable
from datetime import date

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, Substr, TruncMonth
from django.utils.translation import gettext as _

from danvan.activities.models import Activity, ActivityMonth, Headcount, Work
from danvan.territory.models import AdministrativeUnit

DEPTH = ActivityMonth.DEPTH
KEY = ("month", "path", "today_path", "group_kind", "group_campaign")
FIELDS = ("month", "path", "today_path", "kind_id", "campaign_id")


def cut(path: str) -> str:
    return path[:DEPTH]


def cell(activity: Activity) -> tuple[date, str]:
    """Where an activity is counted: the month of its first day, its place's province."""
    return activity.start_date.replace(day=1), cut(activity.place.path)


def _lock(keys: Iterable[str]) -> None:
    """Two transactions counting the same province again wait for each other (PostgreSQL;
    SQLite writes one at a time): the second counts after the first's rows are committed."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in sorted({zlib.crc32(key.encode()) - 2**31 for key in keys}):
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [7014, key])


def _keys(prefix: str = "") -> dict:
    """The rollup's key read from an activity (through ``prefix`` from its rows)."""
    place, today = f"{prefix}place__path", f"{prefix}place_today__path"
    return {
        "month": TruncMonth(f"{prefix}start_date"),
        "path": Substr(place, 1, DEPTH),
        "today_path": Substr(Coalesce(today, f"{prefix}place__today_path"), 1, DEPTH),
        "group_kind": F(f"{prefix}kind_id"),
        "group_campaign": F(f"{prefix}campaign_id"),
    }


def _rows(activities: Q) -> list[ActivityMonth]:
    """The rollup's rows of the activities meeting ``activities``: three grouped queries
    (activities, head-counts, works), put together by their key."""
    related = Q(activity__in=Activity.objects.filter(activities).values("pk"))
    rows: dict[tuple, ActivityMonth] = {}

    def row(values: dict, work_kind=None) -> ActivityMonth:
        key = tuple(values[name] for name in KEY)
        found = rows.get((*key, work_kind))
        if found is None:
            fields = dict(zip(FIELDS, key, strict=True))
            fields["month"] = fields["month"].replace(day=1)  # a date on every database
            found = rows[(*key, work_kind)] = ActivityMonth(work_kind_id=work_kind, **fields)
        return found

    keys, via = _keys(), _keys("activity__")
    grouped = Activity.objects.filter(activities).order_by().values(**keys)
    for values in grouped.annotate(number=Count("pk"), people=Sum("reached")):
        found = row(values)
        found.activities, found.reached = values["number"], values["people"] or 0
    counts = Headcount.objects.filter(related).order_by().values(**via)
    for values in counts.annotate(total=Sum("count")):
        row(values).headcount = values["total"] or 0
    works = Work.objects.filter(related).order_by().values("kind_id", **via)
    for values in works.annotate(total=Sum("quantity")):
        row(values, values["kind_id"]).quantity = values["total"] or 0
    return list(rows.values())


@transaction.atomic
def refresh(cells: Iterable[tuple[date, str]]) -> None:
    """Count again the rollup's cells ``(month, province path as it was)`` from the rows."""
    cells = sorted(set(cells))
    _lock(path for _month, path in cells)
    for month, path in cells:
        ActivityMonth.objects.filter(month=month, path=path).delete()
        following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        placed = Q(start_date__gte=month, start_date__lt=following, place__path__startswith=path)
        ActivityMonth.objects.bulk_create(_rows(placed), batch_size=2000)


@transaction.atomic
def refresh_places(unit_ids) -> None:
    """Count again every month of the provinces (as they were) holding these units: their
    unit of today changed (``territory`` remapped them)."""
    units = AdministrativeUnit.objects.filter(pk__in=unit_ids)
    paths = {cut(path) for path in units.values_list("path", flat=True)}
    _lock(paths)
    for path in sorted(paths):
        ActivityMonth.objects.filter(path=path).delete()
        ActivityMonth.objects.bulk_create(_rows(Q(place__path__startswith=path)), batch_size=2000)


@transaction.atomic
def rebuild(*, stdout=None) -> str:
    """Count the whole rollup again from the rows, a year at a time."""
    ActivityMonth.objects.all().delete()
    years = Activity.objects.dates("start_date", "year")
    written = 0
    for year in years:
        rows = _rows(Q(start_date__year=year.year))
        ActivityMonth.objects.bulk_create(rows, batch_size=2000)
        written += len(rows)
    return _("The monthly rollup of the activities was counted again: %(count)s rows.") % {
        "count": written
    }
