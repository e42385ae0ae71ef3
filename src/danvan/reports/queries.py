"""The report engine: counts the measures of the registry (``danvan.core.measures``, filled by
the apps that own the records) in the database, grouped by what the officer asks, for a period
and the period it is compared with.

Every figure is an aggregate ``… GROUP BY`` in the database, never a loop over rows: for each
source of the chosen measures one query for the rows, one for the subtotals (two dimensions),
one for the total and the narrative's figures — current and previous period side by side
through conditional aggregates — plus one to name the units. Only what the source's selector
gives the user is counted. Measures of several sources share one table when each source can be
grouped by the chosen dimensions: their rows are put together by the groups' values.

Places. "As it was" groups a record by the unit it happened in (its ``path`` cut at the level
below the scope: a 2022 model of xã Mỹ Lung counts for huyện Yên Lập); "remapped" groups it by
the unit of today it counts for (the source's override when set, else the place's
``today_path``; see docs/territory.md for the split rule). The set of records counted is the
same both ways: only the rows differ."""

from dataclasses import dataclass

from django.db.models import Case, CharField, F, When
from django.db.models.functions import Substr
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from danvan.accounts.enums import READ_ROLES
from danvan.accounts.queries import covers, grants_of
from danvan.core import measures as registry
from danvan.core.measures import UNIT, Counting, Figure, Source
from danvan.core.replica import replica_reads
from danvan.organizations import queries as organizations
from danvan.reports.figures import GroupKey, Report, Row
from danvan.reports.narrative import narrative_reads, write_narrative
from danvan.reports.periods import Period
from danvan.territory import queries as territory

LEGACY, CURRENT = "legacy", "current"


@dataclass(frozen=True)
class Scope(registry.Scope):
    """An administrative unit's subtree, an organisation's subtree, or the whole country (no
    unit or organisation; ``own``: chosen by a user who does not see the whole country — what
    the user may see, never called "cả nước")."""

    def label(self) -> str:
        """A heading: "Huyện Yên Lập, tỉnh Phú Thọ" (the running text, its first letter up)."""
        if self.organization is None and self.unit is None:
            return _("Everything in your scope") if self.own else _("Whole country")
        text = self.running_text()
        return text[:1].upper() + text[1:]

    def running_text(self) -> str:
        """The scope inside a sentence: "huyện Yên Lập, tỉnh Phú Thọ" — each unit's type in
        lower case before its name, the unit above after a comma."""
        if self.organization is not None:
            return self.organization.name
        if self.unit is None:
            return _("everything in your scope") if self.own else _("the whole country")
        chain = [self.unit, *reversed(territory.ancestors(self.unit))]
        return ", ".join(unit.inline_name for unit in chain)

    def phrase(self) -> str:
        """ "toàn huyện", "toàn tỉnh", "cả nước", or the organisation's name."""
        if self.organization is not None:
            return self.organization.name
        if self.unit is None:
            return _("the units in your scope") if self.own else _("the whole country")
        return _("the whole %(unit_type)s") % {"unit_type": self.unit.type_prefix}


@dataclass(frozen=True)
class ReportSpec:
    period: Period
    scope: Scope = Scope()
    by: tuple[str, ...] = ()
    remap: bool = False
    areas: tuple[str, ...] = ()  # flags the records must have (``Filter`` codes)
    # Measure codes; empty: the registry's default measures that fit the grouping.
    measures: tuple[str, ...] = ()

    def __post_init__(self):
        known = {d.code for d in registry.dimensions()}
        unknown = [d for d in self.by if d not in known]
        unknown += [a for a in self.areas if registry.get_filter(a) is None]
        unknown += [m for m in self.measures if m not in {x.code for x in registry.measures()}]
        if unknown:
            raise ValueError(f"unknown dimension, filter or measure {unknown}")
        for code in self.measures:
            source = registry.get_source(registry.get_measure(code).source)
            if not source.supports(by=self.by, areas=self.areas):
                raise ValueError(f"measure {code!r} cannot be grouped or filtered so")

    def chosen_measures(self) -> list[str]:
        if self.measures:
            return list(self.measures)
        return [
            m.code
            for m in registry.measures()
            if m.default and registry.get_source(m.source).supports(by=self.by, areas=self.areas)
        ]


def whole_scope(user) -> Scope:
    """No unit or organisation: the whole country for the system and for a user who sees it
    all, else everything the user may see."""
    return Scope(own=user is not None and not user.is_superuser)


def scope_refusal(scope: Scope, *, user) -> str:
    """Why ``user`` may not report on ``scope`` ("" when they may). A unit must be inside one
    of the user's unit grants (or hold an organisation the user is granted): a report of a
    unit the user sees nothing of would print zeros that look official. An organisation must
    be in the user's scope. ``None`` (the system) and administrators of everything may all."""
    if user is None or user.is_superuser:
        return ""
    if scope.organization is not None:
        if organizations.organization_in_scope(user, scope.organization):
            return ""
        return _("This organisation is outside your scope: you cannot report on it.")
    unit = scope.unit
    if unit is None or covers(user, roles=READ_ROLES, units=[unit]):
        return ""
    for grant in grants_of(user):
        held = grant.organization.unit if grant.organization_id else None
        if held is not None and (
            held.path.startswith(unit.path) or held.today_path.startswith(unit.path)
        ):
            return ""
    return _(
        "%(unit)s is outside your scope: you cannot report on it. Choose a unit within your "
        "scope, or leave the scope empty."
    ) % {"unit": unit.full_name}


def resolve_scope(text: str, *, user=None, as_of=None) -> Scope | None:
    """A scope from words: a place ("huyện Yên Lập, tỉnh Phú Thọ") or an organisation's name.
    Empty text or "toàn quốc" is the whole country; None when nothing single fits."""
    if not text.strip() or text.strip().lower() in {"toàn quốc", "toan quoc", "vietnam"}:
        return whole_scope(user)
    context = territory.scope_units(user) if user is not None else ()
    found = territory.resolve_place(text, as_of=as_of, context=context)
    if found.unit is not None:
        return Scope(unit=found.unit)
    visible = (
        organizations.organizations_visible_to(user)
        if user is not None
        else organizations.all_organizations()
    )
    organization = organizations.organization_by_text(visible, text)
    return Scope(organization=organization) if organization is not None else None


# ---- grouping ----------------------------------------------------------------------------------


def _cut(expression, level: str | None, era: str):
    length = territory.PATH_LENGTH.get((era, level)) if level else None
    return Substr(expression, 1, length) if length else expression


def _unit_key(spec: ReportSpec, source: Source):
    anchor = spec.scope.anchor
    if spec.remap:
        today = registry.today_path(source)
        return _cut(today, territory.unit_level_below(anchor, era=CURRENT), CURRENT)
    lookup = registry.place_path(source)
    path = F(lookup)
    return Case(
        When(
            **{f"{lookup}__startswith": "L."},
            then=_cut(path, territory.unit_level_below(anchor, era=LEGACY), LEGACY),
        ),
        default=_cut(path, territory.unit_level_below(anchor, era=CURRENT), CURRENT),
        output_field=CharField(),
    )


def _path_depth(spec: ReportSpec) -> int | None:
    """How many characters of the units' paths the report reads: the scope's, and the cut of
    the unit one level below (None: whole paths)."""
    scope = spec.scope.unit
    needed = [len(scope.path)] if scope is not None else []
    if UNIT in spec.by:
        anchor = spec.scope.anchor
        for era in (CURRENT,) if spec.remap else (LEGACY, CURRENT):
            level = territory.unit_level_below(anchor, era=era)
            length = territory.PATH_LENGTH.get((era, level)) if level else None
            if length is None:
                return None
            needed.append(length)
    return max(needed, default=0)


def _groups(spec: ReportSpec, source: Source, dimensions) -> dict:
    """``{alias: expression}`` to group by, for these dimensions."""
    groups = {}
    for code in dimensions:
        if code == UNIT:
            groups["g_unit"] = _unit_key(spec, source)
            continue
        dimension = source.dimension(code)
        # A status as it was on the period's last day (the figures' own ``as_of``).
        groups[f"g_{code}"] = dimension.expression(spec.period.end)
        if dimension.name_lookup:
            groups[f"g_{code}_name"] = F(dimension.name_lookup)
    return groups


# ---- counting ----------------------------------------------------------------------------------


def _spans(spec: ReportSpec) -> dict:
    before = spec.period.previous()
    return {
        "": (spec.period.start, spec.period.end),
        "__previous": (before.start, before.end),
    }


def _base(spec: ReportSpec, source: Source, *, user):
    """The source's records the report may count: visible to the user, in the scope, with the
    flags asked for, dated in either period."""
    spans = _spans(spec).values()
    found = registry.records(source, user=user, scope=spec.scope, filters=spec.areas)
    return found.filter(registry.window(source, spans)).order_by()


def _grouped(spec: ReportSpec, base, source: Source, dimensions, chosen) -> list[dict]:
    """One row per group with the chosen measures of one source (one GROUP BY)."""
    groups = _groups(spec, source, dimensions)
    counts = registry.aggregates(chosen, _spans(spec))
    return list(base.annotate(**groups).values(*groups).annotate(**counts))


def _merge(into: dict, raw: list[dict]) -> None:
    """Rows of several sources put together by the groups' values."""
    for values in raw:
        identity = tuple(value for key, value in values.items() if key.startswith("g_"))
        into.setdefault(identity, {}).update(values)


def _figures(values: dict, codes) -> dict[str, Figure]:
    return {
        m: Figure(registry.plain(values.get(m)), registry.plain(values.get(f"{m}__previous")))
        for m in codes
    }


def _sum(groups: list[dict]) -> dict:
    """The figures of groups that partition the records, added up (the group keys left out)."""
    totals: dict = {}
    for values in groups:
        for key, value in values.items():
            if not key.startswith("g_") and value is not None:
                totals[key] = totals.get(key, 0) + value
    return totals


def _count(spec: ReportSpec, counting: Counting, *, user, rows: dict, subtotals: dict) -> dict:
    """One source's rows and subtotals (merged into ``rows`` and ``subtotals``) and its total.

    Grouped first by something each record has once (not the fields of work), the groups of the
    first dimension partition the records: the total is their sum, and the query for them also
    counts what the narrative reads (one scan of the table less)."""
    source, shown, extra = counting.source, counting.shown, counting.extra
    dimensions = list(spec.by)
    base = _base(spec, source, user=user)
    partition = bool(shown and dimensions) and not source.dimension(dimensions[0]).many
    if shown and dimensions:
        with_extra = shown + extra if partition and len(dimensions) == 1 else shown
        first = _grouped(spec, base, source, dimensions, with_extra)
        _merge(rows, first)
    if shown and len(dimensions) > 1:
        first = _grouped(spec, base, source, dimensions[:1], shown + extra if partition else shown)
        _merge(subtotals, first)
    if partition:
        return _sum(first)
    return base.aggregate(**registry.aggregates(shown + extra, _spans(spec)))


# ---- naming the groups -------------------------------------------------------------------------


class _Namer:
    """Words for the grouped values; the units named in one query for all rows."""

    def __init__(self, spec: ReportSpec, raw_rows: list[dict]):
        self.spec = spec
        self.dimensions = {code: registry.get_dimension(code) for code in spec.by}
        self.choices = {
            code: dimension.labels()
            for code, dimension in self.dimensions.items()
            if dimension.labels is not None
        }
        paths = {row["g_unit"] for row in raw_rows if row.get("g_unit")}
        self.units = territory.units_by_path(paths) if paths else {}

    def key(self, code: str, row: dict) -> GroupKey:
        value = row.get(f"g_{code}")
        if code == UNIT:
            return self._unit(value)
        dimension = self.dimensions[code]
        if dimension.flag:
            value = bool(value)
        if dimension.name_lookup:
            return GroupKey(code, value, row.get(f"g_{code}_name") or str(dimension.none_label))
        if value is None or value == "":
            return GroupKey(code, None, str(dimension.none_label))
        return GroupKey(code, value, str(self.choices.get(code, {}).get(value, value)))

    def _unit(self, path) -> GroupKey:
        unit = self.units.get(path)
        if unit is None:
            return GroupKey(UNIT, path, pgettext("report", "(unknown place)"))
        label = unit.full_name
        anchor = self.spec.scope.anchor
        if anchor is not None and unit.pk == anchor.pk:
            label = _("%(unit)s (at that level itself)") % {"unit": label}
        elif unit.level != "province" and unit.parent is not None and self._mixed_parents():
            label = f"{label} ({unit.parent.full_name})"
        return GroupKey(
            UNIT, path, label, unit_id=unit.pk, latitude=unit.latitude, longitude=unit.longitude
        )

    def _mixed_parents(self) -> bool:
        return len({u.parent_id for u in self.units.values()}) > 1

    def sort_key(self, key: GroupKey):
        if key.key is None:
            return (2, "")
        if key.dimension == UNIT:
            unit = self.units.get(key.key)
            return (0, unit.name_folded if unit else str(key.key), str(key.key))
        if key.dimension in self.choices:
            order = list(self.choices[key.dimension])
            return (0, order.index(key.key) if key.key in order else len(order))
        return (0, key.label.lower())


def _rows(namer: _Namer, raw: list[dict], dimensions, codes, kind="row") -> list[Row]:
    merged: dict[tuple, Row] = {}
    for values in raw:
        keys = tuple(namer.key(dimension, values) for dimension in dimensions)
        figures = _figures(values, codes)
        identity = tuple(key.key for key in keys)
        if identity in merged:  # two cut paths naming the same unit (a staff-added unit)
            old = merged[identity].figures
            figures = {
                m: Figure(old[m].value + f.value, old[m].previous + f.previous)
                for m, f in figures.items()
            }
        merged[identity] = Row(keys=keys, figures=figures, kind=kind)
    rows = [
        row for row in merged.values() if any(f.value or f.previous for f in row.figures.values())
    ]
    rows.sort(key=lambda row: tuple(namer.sort_key(key) for key in row.keys))
    return rows


# ---- the report --------------------------------------------------------------------------------


def build_report(spec: ReportSpec, *, user) -> Report:
    """The report for ``spec`` as ``user`` sees it (``None``: the system, everything). Its
    counting reads the replica when there is one (``core.replica``)."""
    with replica_reads():
        return _build_report(spec, user=user)


def _build_report(spec: ReportSpec, *, user) -> Report:
    codes = spec.chosen_measures()
    reads = [
        code
        for code in narrative_reads(codes)
        if code not in codes
        and registry.get_source(registry.get_measure(code).source).supports(areas=spec.areas)
    ]
    dimensions = list(spec.by)
    rows: dict = {}
    subtotals: dict = {}
    totals: dict = {}

    def counted(measure):
        return registry.counted_as(
            measure,
            user=user,
            spans=_spans(spec).values(),
            by=spec.by,
            areas=spec.areas,
            scope=spec.scope,
            depth=_path_depth(spec),
        )

    for counting in registry.by_source(codes, reads, counted):
        totals.update(_count(spec, counting, user=user, rows=rows, subtotals=subtotals))
    raw_rows, raw_subtotals = list(rows.values()), list(subtotals.values())
    namer = _Namer(spec, raw_rows + raw_subtotals)
    report = Report(
        scope_label=spec.scope.label(),
        scope_text=spec.scope.running_text(),
        scope_phrase=spec.scope.phrase(),
        period=spec.period,
        by=tuple(spec.by),
        remap=spec.remap,
        areas=tuple(spec.areas),
        measures=codes,
        rows=_rows(namer, raw_rows, dimensions, codes),
        subtotals=_rows(namer, raw_subtotals, dimensions[:1], codes, kind="subtotal"),
        total=Row(keys=(), figures=_figures(totals, codes), kind="total"),
        summary=_figures(totals, reads),
        scope_unit=spec.scope.unit,
        scope_organization=spec.scope.organization,
        issuing_unit=spec.scope.unit or _own_unit(spec.scope, user),
    )
    report.narrative = write_narrative(report)
    return report


def _own_unit(scope: Scope, user):
    """The unit of the user's first unit grant, for a report of "everything in your scope"."""
    if not scope.own or user is None or scope.organization is not None:
        return None
    return next((grant.unit for grant in grants_of(user) if grant.unit_id), None)
