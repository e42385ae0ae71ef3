"""The measures registry: what reports, dashboards and targets count, declared by the app that
owns the records, and the one way of counting it.

An app declares, in its ``AppConfig.ready()``:

- a **source** (``register_source``): the records it counts, read through the app's own selector
  (so that nobody counts what they may not see), how a record is dated, placed (the unit it
  happened in; today's unit by the override or the place's ``today_path``) and owned (the
  organisation carrying it out), what it can be grouped by (dimensions) and filtered on (flags);
- **measures** (``register_measure``) over a source: a code, a label, which of the source's
  records count (a condition), and the aggregate: their number, or the sum of a quantity;
- **narrative parts** (``register_narrative``): sentences written from the figures, or simply a
  ``Sentence`` on the measure (zero / one / many).

All the measures of a source are counted in one ``GROUP BY`` query, as conditional aggregates:
the report engine (``danvan.reports``) builds its tables on ``records``, ``window`` and
``aggregates``; ``value_of`` gives any measure's figure for a scope and a period, the same the
report shows (targets call it). This module imports no app: apps come to it."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

Label = str | Promise
UNIT = "unit"  # every source with a place can be grouped by the unit one level below the scope
LEGACY = "legacy"  # ``AdministrativeUnit.era`` of the units before the 2025 reorganisation


@dataclass(frozen=True)
class Figure:
    """A measure's value in a period and in the period it is compared with."""

    value: int
    previous: int

    @property
    def change(self) -> int:
        return self.value - self.previous

    @property
    def percent(self) -> float | None:
        """The change in per cent of the previous figure, to one decimal; None from zero."""
        if not self.previous:
            return None
        ratio = Decimal(self.change * 100) / Decimal(self.previous)
        return float(ratio.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Dimension:
    """Something a source's records can be grouped by. ``lookup`` reaches the value from the
    record; ``name_lookup`` reads its name in the same query (a catalogue such as the fields of
    work); ``labels()`` gives the words for coded values, in the order rows are sorted."""

    code: str
    label: Label
    lookup: str = ""
    name_lookup: str = ""
    labels: Callable[[], dict] | None = None
    none_label: Label = pgettext_lazy("report", "(not given)")
    # What is counted may fall in several groups (an initiative with two fields of work): the
    # groups do not partition the records, and their sum is not the total.
    many: bool = False
    flag: bool = False  # a yes/no value (an area flag)
    # The value judged on the last day of the period (``as_of(end)``: an expression, a status
    # read from the records' history), grouped by instead of ``lookup`` when given.
    as_of: Callable[[date], Any] | None = None

    def expression(self, end: date | None):
        """What the records are grouped by in a period ending on ``end``."""
        if self.as_of is not None and end is not None:
            return self.as_of(end)
        return F(self.lookup)


@dataclass(frozen=True)
class Filter:
    """A yes/no flag the records may be required to have ("only in ethnic-minority areas")."""

    code: str
    label: Label
    lookup: str
    phrase: Label = ""  # how the narrative says it: "in ethnic-minority areas"


@dataclass(frozen=True)
class Source:
    """A kind of record an app counts: all its measures are counted in one query."""

    code: str
    app: str
    label: Label
    # The subtitle of a report whose first measure is of this source, with ``%(period)s``.
    title: Label
    # ``records(user)``: what the user may see, through the app's selector (``None``: the
    # system, everything), already limited to what may count (no drafts…).
    records: Callable[[Any], QuerySet]
    # ``dated(start, end)``: the records dated from ``start`` to ``end``, both included.
    dated: Callable[[date, date], Q]
    place: str = "place"  # the unit it happened in (as it was)
    place_today: str = ""  # an override of today's unit; else the place's ``today_path``
    owner: str = ""  # the organisation carrying it out (an organisation scope)
    counted: str = "pk"  # what is counted …
    distinct: bool = False  # … once per group (an initiative recognised twice counts once)
    dimensions: tuple[Dimension, ...] = ()
    filters: tuple[Filter, ...] = ()
    # A source over monthly sums of these records that the app keeps, counted instead when it
    # can stand for them (``counted_as``); docs/dev/measures.md.
    rollup: str = ""
    # A rollup's paths (as it was, of today) cut to ``place_depth`` characters, not a place.
    paths: tuple[str, str] = ()
    place_depth: int = 0

    def dimension(self, code: str) -> Dimension | None:
        if code == UNIT:
            return UNIT_DIMENSION if self.place or self.paths else None
        return next((d for d in self.dimensions if d.code == code), None)

    def filter(self, code: str) -> Filter | None:
        return next((f for f in self.filters if f.code == code), None)

    def supports(self, *, by: Iterable[str] = (), areas: Iterable[str] = ()) -> bool:
        return all(self.dimension(code) for code in by) and all(self.filter(a) for a in areas)


UNIT_DIMENSION = Dimension(UNIT, _("Unit one level below"))


@dataclass(frozen=True)
class Sentence:
    """What a measure says of itself in the narrative: ``many`` is an ``ngettext_lazy(singular,
    plural, "count")`` written with ``%(number)s`` (the figure written the Vietnamese way),
    ``%(scope)s`` and ``%(period)s``; ``zero`` is said when the figure is zero (None: nothing)."""

    many: Label
    zero: Label | None = None


@dataclass(frozen=True)
class Breakdown:
    """A side table of the Party report's documents (recognitions by level): its measures
    appear there, this period against the previous one, not in the main table."""

    title: Label
    header: Label


@dataclass(frozen=True)
class Measure:
    code: str
    label: Label
    source: str  # a ``Source.code``
    # Which of the source's records count (``Q()``: all of them).
    condition: Callable[[], Q] = Q
    # Which count judged on the last day of the period (``as_of(end)``; a status read from the
    # records' history): used instead of ``condition`` when given.
    as_of: Callable[[date], Q] | None = None
    sum_of: str = ""  # "": their number; else the sum of this quantity (a lookup)
    default: bool = True  # in a report that does not choose its measures
    dashboard: bool = False  # a key figure of the home page
    # Harmless counts anyone may read (the public portal's figures per province); only a
    # measure marked so by its app is ever shown there.
    public: bool = False
    breakdown: Breakdown | None = None
    sentence: Sentence | None = None
    order: int = 100
    # From the source's rollup: the sum of this column over its rows meeting the condition.
    rollup_sum: str = ""
    rollup_condition: Callable[[], Q] = Q

    @property
    def app(self) -> str:
        return get_source(self.source).app

    def condition_on(self, end: date | None) -> Q:
        """Which records count in a period ending on ``end``."""
        if self.as_of is not None and end is not None:
            return self.as_of(end)
        return self.condition()


@dataclass(frozen=True)
class NarrativeContext:
    """What a narrative part writes from: the report's period, scope, filters and the total's
    figures (the report's measures and those the parts read)."""

    period_label: str
    comparison_label: str
    scope_phrase: str
    areas: tuple[str, ...]
    figures: dict[str, Figure]
    # The period's last day: what is counted "as of the end of the period" (statuses) is said
    # "to date" only when the period reaches today.
    period_end: date | None = None

    def value(self, code: str) -> int:
        figure = self.figures.get(code)
        return figure.value if figure else 0

    def area_phrase(self) -> str:
        phrases = [str(f.phrase) for code in self.areas if (f := get_filter(code)) and f.phrase]
        return " ".join(phrases)


@dataclass(frozen=True)
class NarrativePart:
    """Sentences an app writes from several figures (the Party report's opening paragraph):
    written when one of ``about`` is in the report; ``reads`` are counted in the total for it."""

    key: str
    about: tuple[str, ...]
    write: Callable[[NarrativeContext], str]
    reads: tuple[str, ...] = ()
    order: int = 100


_sources: dict[str, Source] = {}
_measures: dict[str, Measure] = {}
_parts: dict[str, NarrativePart] = {}


def register_source(source: Source) -> None:
    _sources[source.code] = source


def register_measure(measure: Measure) -> None:
    if measure.source not in _sources:
        raise ValueError(f"measure {measure.code!r}: register its source {measure.source!r} first")
    _measures[measure.code] = measure


def unregister_measure(code: str) -> None:
    """Take a measure out (tests that register their own)."""
    _measures.pop(code, None)


def unregister_source(code: str) -> None:
    """Take a source and its measures out (tests that register their own)."""
    _sources.pop(code, None)
    for measure in [m for m in _measures.values() if m.source == code]:
        _measures.pop(measure.code)


def register_narrative(part: NarrativePart) -> None:
    _parts[part.key] = part


def get_source(code: str) -> Source:
    return _sources[code]


def get_measure(code: str) -> Measure:
    """The measure of that code; ``KeyError`` when no app declared it."""
    return _measures[code]


def measures() -> list[Measure]:
    return sorted(_measures.values(), key=lambda m: m.order)


def public_measures() -> list[Measure]:
    """The measures their apps marked harmless to publish, in order."""
    return [m for m in measures() if m.public]


def sources() -> list[Source]:
    return list(_sources.values())


def narrative_parts() -> list[NarrativePart]:
    return sorted(_parts.values(), key=lambda part: part.order)


def dimensions() -> list[Dimension]:
    """Every dimension some source offers (the unit first), each code once."""
    found = {UNIT: UNIT_DIMENSION}
    for source in _sources.values():
        for dimension in source.dimensions:
            found.setdefault(dimension.code, dimension)
    return list(found.values())


def get_dimension(code: str) -> Dimension | None:
    return next((d for d in dimensions() if d.code == code), None)


def filters() -> list[Filter]:
    found: dict[str, Filter] = {}
    for source in _sources.values():
        for flag in source.filters:
            found.setdefault(flag.code, flag)
    return list(found.values())


def get_filter(code: str) -> Filter | None:
    return next((f for f in filters() if f.code == code), None)


# ---- counting ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """An administrative unit's subtree (of the old map or today's), an organisation's subtree,
    or everything (the whole country, or what the user may see when ``own``)."""

    unit: object = None  # territory AdministrativeUnit
    organization: object = None  # organizations Organization
    own: bool = False

    @property
    def anchor(self):
        """The unit the "unit one level below" grouping starts from."""
        if self.unit is not None:
            return self.unit
        return self.organization.unit if self.organization is not None else None


def today_path(source: Source, prefix: str = ""):
    """The materialized path of the unit of today a record counts for: the override when set,
    else the place's ``today_path`` (the split rule of docs/territory.md)."""
    if source.paths:
        return F(f"{prefix}{source.paths[1]}")
    place = F(f"{prefix}{source.place}__today_path")
    if not source.place_today:
        return place
    return Coalesce(F(f"{prefix}{source.place_today}__path"), place)


def place_path(source: Source) -> str:
    """The lookup of the path of the unit a record happened in (as it was)."""
    return source.paths[0] if source.paths else f"{source.place}__path"


def scope_q(source: Source, scope: Scope | None) -> Q:
    """The records of a source in a scope (a unit of either map, an organisation, or all)."""
    if scope is not None and scope.organization is not None:
        return Q(**{f"{source.owner}__path__startswith": scope.organization.path})
    if scope is None or scope.unit is None:
        return Q()
    if scope.unit.era == LEGACY:
        return Q(**{f"{place_path(source)}__startswith": scope.unit.path})
    path = scope.unit.path
    if source.paths:
        return Q(**{f"{source.paths[1]}__startswith": path})
    if not source.place_today:
        return Q(**{f"{source.place}__today_path__startswith": path})
    override = source.place_today
    return Q(**{f"{override}__isnull": False, f"{override}__path__startswith": path}) | Q(
        **{f"{override}__isnull": True, f"{source.place}__today_path__startswith": path}
    )


def records(source: Source, *, user, scope: Scope | None = None, filters=()) -> QuerySet:
    """The source's records the user may see, in the scope, with the flags of ``filters``
    (``Filter`` codes; any date)."""
    queryset = source.records(user).filter(scope_q(source, scope))
    for code in filters:
        flag = source.filter(code)
        if flag is None:
            raise ValueError(f"{source.code} cannot be filtered on {code!r}")
        queryset = queryset.filter(**{flag.lookup: True})
    return queryset


def window(source: Source, spans: Iterable[tuple[date, date]]) -> Q:
    """The records dated in any of these spans; spans that meet are one range (one index
    range over whole years)."""
    merged: list[list[date]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    conditions = [source.dated(start, end) for start, end in merged]
    condition = conditions[0]
    for other in conditions[1:]:
        condition |= other
    return condition


def aggregate(measure: Measure, condition: Q, *, end: date | None = None):
    """The measure's aggregate over the records meeting ``condition`` (and its own, judged on
    ``end``, the last day of the period)."""
    source = get_source(measure.source)
    when = condition & measure.condition_on(end)
    if measure.sum_of:
        return Sum(measure.sum_of, filter=when)
    return Count(source.counted, distinct=source.distinct, filter=when)


def aggregates(chosen: Iterable[Measure], spans: dict[str, tuple[date, date]]) -> dict:
    """``{"<code><suffix>": aggregate}`` for each measure and each named span (``""`` this
    period, ``"__previous"`` the one compared with)."""
    result = {}
    for measure in chosen:
        source = get_source(measure.source)
        for suffix, (start, end) in spans.items():
            result[f"{measure.code}{suffix}"] = aggregate(
                measure, source.dated(start, end), end=end
            )
    return result


def plain(value) -> int | float:
    """A database's number as Python writes it: sums of decimals as whole numbers when whole."""
    if value is None:
        return 0
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def counted_as(
    measure: Measure,
    *,
    user,
    spans: Iterable[tuple[date, date]],
    by=(),
    areas=(),
    scope=None,
    depth: int | None = 0,
) -> Measure:
    """The measure as counted: from its source's rollup when it can stand for the records — the
    user sees them all (``None``, an administrator of everything), the spans are whole months,
    the rollup offers every dimension, filter and scope asked, and its paths reach ``depth``
    characters (the longest cut of a path read; None: whole paths) — else as declared."""
    source = get_source(measure.source)
    if not (source.rollup and measure.rollup_sum) or measure.as_of is not None:
        return measure
    rollup = get_source(source.rollup)
    if (
        (user is not None and not user.is_superuser)
        or not rollup.supports(by=by, areas=areas)
        or (scope is not None and scope.organization is not None and not rollup.owner)
        or any(start.day != 1 or (end + timedelta(days=1)).day != 1 for start, end in spans)
        or (rollup.place_depth and (depth is None or depth > rollup.place_depth))
    ):
        return measure
    return replace(
        measure,
        source=rollup.code,
        sum_of=measure.rollup_sum,
        condition=measure.rollup_condition,
        rollup_sum="",
    )


def value_of(*, measure: str, user, period, scope: Scope | None = None, filters=()) -> int | float:
    """The figure of ``measure`` for what ``user`` may see (``None``: the system) in ``scope``
    (``None``: everything) from ``period.start`` to ``period.end``, only with the flags of
    ``filters`` (a report's "only in" areas) — exactly the figure a report on the same scope,
    period and areas shows in its total. One query."""
    chosen = counted_as(
        get_measure(measure),
        user=user,
        spans=[(period.start, period.end)],
        areas=filters,
        scope=scope,
        depth=len(scope.unit.path) if scope is not None and scope.unit is not None else 0,
    )
    source = get_source(chosen.source)
    queryset = records(source, user=user, scope=scope, filters=filters).order_by()
    queryset = queryset.filter(source.dated(period.start, period.end))
    return plain(queryset.aggregate(value=aggregate(chosen, Q(), end=period.end))["value"])


@dataclass
class Counting:
    """The measures of one source a report counts: ``shown`` in its rows, ``extra`` only in its
    total (what the narrative reads)."""

    source: Source
    shown: list[Measure] = field(default_factory=list)
    extra: list[Measure] = field(default_factory=list)


def by_source(
    shown: Iterable[str], extra: Iterable[str], counted: Callable[[Measure], Measure] = lambda m: m
) -> list[Counting]:
    """The measures grouped by the source they are counted from (``counted``: the measure as
    counted, ``counted_as``), in the order the sources come first."""
    countings: dict[str, Counting] = {}
    for codes, kind in ((shown, "shown"), (extra, "extra")):
        for code in codes:
            measure = counted(get_measure(code))
            counting = countings.setdefault(
                measure.source, Counting(source=get_source(measure.source))
            )
            getattr(counting, kind).append(measure)
    return list(countings.values())
