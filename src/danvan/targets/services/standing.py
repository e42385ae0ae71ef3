"""Keeping each target's figure and standing up to date (``Target.current_value``,
``standing``…), so that the dashboard reads them instead of judging every unit at every request.

A target's figure is its own latest one (computed for a computed target, else reported); a
target without figures of its own takes its units' (their sum, or their average for a rate),
as of the latest of their dates."""

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from django.db import connections, router

from danvan.core.bulk_insert import update_many
from danvan.targets.assessment import assess
from danvan.targets.enums import Rollup, ValueSource
from danvan.targets.models import Milestone, Target, TargetValue

STANDING_FIELDS = ["current_value", "current_as_of", "projection", "standing"]
CENT = Decimal("0.01")


def _source(target: Target) -> str:
    return ValueSource.COMPUTED if target.is_computed else ValueSource.REPORTED


def _own_points(target: Target) -> list:
    values = TargetValue.objects.filter(target=target, source=_source(target)).order_by("as_of")
    return list(values.values_list("as_of", "value"))


def _rolled_up(target: Target, children) -> list:
    known = [c for c in children if c.current_value is not None]
    if not known:
        return []
    values = [c.current_value for c in known]
    total = sum(values, Decimal(0))
    if target.rollup == Rollup.SAME:
        total = (total / len(values)).quantize(Decimal("0.01"))
    return [(max(c.current_as_of for c in known), total)]


def judge(target: Target, *, points, milestones, starts_on=None) -> dict:
    result = assess(
        direction=target.direction,
        goal=target.target_value,
        deadline=target.deadline,
        starts_on=starts_on or target.programme.starts_on,
        baseline=target.baseline,
        points=points,
        milestones=milestones,
    )
    return {
        "current_value": result.value,
        "current_as_of": result.as_of,
        "projection": result.projection,
        "standing": result.standing,
    }


def refresh_standing(target: Target, *, with_parents: bool = True) -> None:
    """Judge ``target`` again from its figures (or its units'), then the targets above it."""
    while target is not None:
        points = _own_points(target)
        if not points:
            points = _rolled_up(target, list(target.children.all()))
        milestones = list(target.milestones.values_list("due", "value"))
        fields = judge(target, points=points, milestones=milestones)
        for key, value in fields.items():
            setattr(target, key, value)
        Target.objects.filter(pk=target.pk).update(**fields)
        target = target.parent if with_parents else None


def _ends(programme) -> dict:
    """``{(target id, source): [first point, latest point]}`` of the series each target is
    judged by (``_source``): all a judgement reads (the starting point of the line and where
    it has come to). The database finds each series' first and latest dates and returns only
    those rows — a programme of 66,000 targets has some 800,000 figures, of which Python reads
    one or two a target."""
    connection = connections[router.db_for_read(TargetValue)]
    quote = connection.ops.quote_name
    values, targets = (quote(model._meta.db_table) for model in (TargetValue, Target))
    # Table names from the models' metadata, quoted; the programme goes as a parameter.
    sql = (
        f"SELECT v.target_id, v.source, v.as_of, v.value FROM {values} v JOIN ("  # noqa: S608
        f"SELECT e.target_id, e.source, MIN(e.as_of) AS lo, MAX(e.as_of) AS hi FROM {values} e "
        f"JOIN {targets} t ON t.id = e.target_id WHERE t.programme_id = %s "
        # Only the series a target is judged by: its computed figures if it is computed,
        # else its reported ones (the values of ``Measurement`` are those of ``ValueSource``).
        "AND e.source = t.measurement "
        "GROUP BY e.target_id, e.source) b ON b.target_id = v.target_id AND b.source = v.source "
        "AND (v.as_of = b.lo OR v.as_of = b.hi) ORDER BY v.as_of"
    )
    ends: dict = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [programme.pk])
        rows = cursor.fetchall()
    typed = bool(rows) and isinstance(rows[0][2], date) and isinstance(rows[0][3], Decimal)
    for target_id, source, as_of, value in rows:
        point = (as_of, value) if typed else (_date(as_of), _decimal(value))
        ends.setdefault((target_id, source), []).append(point)
    return ends


def _date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _decimal(value) -> Decimal:
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value)).quantize(CENT)


@dataclass(slots=True)
class _Row:
    """A target as ``refresh_programme`` judges it: its values only, no model instance (a
    programme of 66,000 targets)."""

    pk: int
    parent_id: int | None
    direction: str
    target_value: Decimal
    deadline: object
    baseline: Decimal | None
    rollup: str
    measurement: str
    current_value: Decimal | None
    current_as_of: object
    projection: Decimal | None
    standing: str

    @property
    def is_computed(self) -> bool:
        return self.measurement == "computed"


def refresh_programme(programme) -> int:
    """Judge every target of the programme again, the units' first: a few queries whatever the
    number of targets, then the targets whose standing changed written at once."""
    names = [field.name for field in fields(_Row)]
    names[0] = "pk"
    targets = [_Row(*row) for row in Target.objects.filter(programme=programme).values_list(*names)]
    by_id = {t.pk: t for t in targets}
    children: dict = {}
    for t in targets:
        children.setdefault(t.parent_id, []).append(t)
    ends = _ends(programme)
    marks: dict = {}
    for target_id, due, value in Milestone.objects.filter(target__programme=programme).values_list(
        "target_id", "due", "value"
    ):
        marks.setdefault(target_id, []).append((due, value))

    def depth(t):
        n = 0
        while t.parent_id:
            t = by_id[t.parent_id]
            n += 1
        return n

    changed = []
    for target in sorted(targets, key=depth, reverse=True):
        points = ends.get((target.pk, _source(target)), [])
        if not points:
            points = _rolled_up(target, children.get(target.pk, []))
        judged = judge(
            target,
            points=points,
            milestones=marks.get(target.pk, []),
            starts_on=programme.starts_on,
        )
        if any(getattr(target, k) != v for k, v in judged.items()):
            for key, value in judged.items():
                setattr(target, key, value)
            changed.append(target)
    _write_standings(changed)
    return len(changed)


def _write_standings(targets: list) -> None:
    """The standings that changed, written at once (``update_many``: one statement per 100,000
    targets on PostgreSQL; Django's ``bulk_update`` builds a CASE per field and row, 10 s for
    5,000 targets on SQLite)."""
    if targets:
        update_many(
            Target,
            STANDING_FIELDS,
            ([getattr(t, name) for name in STANDING_FIELDS] + [t.pk] for t in targets),
        )
