"""The monthly rollup of the activities (``models.ActivityMonth``): what the measures count, summed
per month of the activities' first day, province of their main place as it was, province of
today they count for, kind and campaign — and per kind of work.

It is kept here, by the writes, inside their transaction. ``record_activity`` and
``update_activity`` (the forms, the Excel import, the demo data) append what the activity
changed: its rows as it is less its rows as it was (``contribution`` before the write,
``add_change`` after) — a few small queries on the one activity, and rows appended, never a row
two writers would both change; a key may so hold several rows, and the engine sums them. The
remapping of units counts again the provinces whose units now count for another unit of today
(``refresh_places``); ``rebuild`` counts it all again into one row a key (``manage.py
activities rollup``, the nightly schedule, after rows written by other means such as a bulk
load). Both lock the table against the writes' appending meanwhile (PostgreSQL; SQLite writes
one at a time). Kinds and campaigns are referred to, not copied."""

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, Substr, TruncMonth
from django.utils.translation import gettext as _

from danvan.activities.models import Activity, ActivityMonth, Headcount, Work
from danvan.territory.models import AdministrativeUnit

DEPTH = ActivityMonth.DEPTH
KEY = ("month", "path", "today_path", "group_kind", "group_campaign")
FIELDS = ("month", "path", "today_path", "kind_id", "campaign_id")
SUMS = ("activities", "reached", "headcount", "quantity")


def cut(path: str) -> str:
    return path[:DEPTH]


def _lock() -> None:
    """Hold the writes' appending off until this transaction ends (PostgreSQL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {ActivityMonth._meta.db_table} IN EXCLUSIVE MODE")


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


def contribution(activity: Activity) -> list[ActivityMonth]:
    """The rows one activity puts in the rollup, as it is now (not saved)."""
    return _rows(Q(pk=activity.pk))


def add_change(before: list[ActivityMonth], after: list[ActivityMonth]) -> None:
    """Append what an activity changed: its rows ``after`` less its rows ``before`` (both from
    ``contribution``; ``[]`` for a new activity), leaving out the keys whose sums are the
    same."""
    change: dict[tuple, ActivityMonth] = {}
    for rows, sign in ((before, -1), (after, 1)):
        for row in rows:
            key = (row.month, row.path, row.today_path, row.kind_id, row.campaign_id)
            found = change.setdefault((*key, row.work_kind_id), row)
            for name in SUMS:
                value = sign * getattr(row, name)
                setattr(found, name, value if found is row else getattr(found, name) + value)
    ActivityMonth.objects.bulk_create(
        [row for row in change.values() if any(getattr(row, name) for name in SUMS)]
    )


@transaction.atomic
def refresh_places(unit_ids) -> None:
    """Count again every month of the provinces (as they were) holding these units: their
    unit of today changed (``territory`` remapped them)."""
    units = AdministrativeUnit.objects.filter(pk__in=unit_ids)
    paths = {cut(path) for path in units.values_list("path", flat=True)}
    _lock()
    for path in sorted(paths):
        ActivityMonth.objects.filter(path=path).delete()
        ActivityMonth.objects.bulk_create(_rows(Q(place__path__startswith=path)), batch_size=2000)


@transaction.atomic
def rebuild(*, stdout=None) -> str:
    """Count the whole rollup again from the rows, a year at a time."""
    _lock()
    ActivityMonth.objects.all().delete()
    written = 0
    for year in Activity.objects.dates("start_date", "year"):
        rows = _rows(Q(start_date__year=year.year))
        ActivityMonth.objects.bulk_create(rows, batch_size=2000)
        written += len(rows)
    return _("The monthly rollup of the activities was counted again: %(count)s rows.") % {
        "count": written
    }
