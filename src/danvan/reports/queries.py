"""The report engine: counts initiatives (and their recognitions) in the database, grouped by
what the officer asks, for a period and the period it is compared with.

Every figure is a ``COUNT … GROUP BY`` in the database, never a loop over rows: one query for the
rows, one for the subtotals (two dimensions or more), one for the total and the narrative's
counts — current and previous period side by side through conditional counts — plus one to name
the units. Only what ``initiatives_visible_to(user)`` returns is counted.

Places. "As it was" groups a record by the unit it happened in (its ``path`` cut at the level
below the scope: a 2022 model of xã Mỹ Lung counts for huyện Yên Lập); "remapped" groups it by
the unit of today it counts for (``place_today`` when set, else the place's ``today_path``; see
docs/territory.md for the split rule). The set of records counted is the same both ways: only the
rows differ."""

from dataclasses import dataclass

from django.db.models import Case, CharField, Count, F, Q, QuerySet, When
from django.db.models.functions import Coalesce, Substr
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from danvan.initiatives import queries as initiatives
from danvan.organizations import queries as organizations
from danvan.reports.enums import AREA_FLAGS, INITIATIVE_MEASURES, RECOGNITION_MEASURES, Dimension
from danvan.reports.figures import Figure, GroupKey, Report, Row
from danvan.reports.narrative import write_narrative
from danvan.reports.periods import Period
from danvan.reviews import queries as reviews
from danvan.territory import queries as territory

LEGACY, CURRENT = "legacy", "current"


@dataclass(frozen=True)
class Scope:
    """An administrative unit's subtree, an organisation's subtree, or the whole country."""

    unit: object = None  # territory AdministrativeUnit
    organization: object = None  # organizations Organization
    # No unit or organisation chosen by a user who does not see the whole country: what the
    # user may see (the counting is limited by the selector), never called "cả nước".
    own: bool = False

    @property
    def anchor(self):
        """The unit the "unit one level below" grouping starts from."""
        if self.unit is not None:
            return self.unit
        return self.organization.unit if self.organization is not None else None

    def label(self) -> str:
        if self.organization is not None:
            return self.organization.name
        if self.unit is None:
            return _("Everything in your scope") if self.own else _("Whole country")
        chain = [self.unit, *reversed(territory.ancestors(self.unit))]
        return ", ".join(unit.full_name for unit in chain)

    def phrase(self) -> str:
        """ "toàn huyện", "toàn tỉnh", "cả nước", or the organisation's name."""
        if self.organization is not None:
            return self.organization.name
        if self.unit is None:
            return _("the units in your scope") if self.own else _("the whole country")
        return _("the whole %(unit_type)s") % {"unit_type": self.unit.type_prefix}

    def condition(self) -> Q:
        if self.organization is not None:
            return Q(owner_organization__path__startswith=self.organization.path)
        if self.unit is None:
            return Q()
        if self.unit.era == LEGACY:
            return Q(place__path__startswith=self.unit.path)
        # Today's unit: what lies in it now, through the override or the place's today path.
        return Q(place_today__isnull=False, place_today__path__startswith=self.unit.path) | Q(
            place_today__isnull=True, place__today_path__startswith=self.unit.path
        )


@dataclass(frozen=True)
class ReportSpec:
    period: Period
    scope: Scope = Scope()
    by: tuple[str, ...] = ()
    remap: bool = False
    areas: tuple[str, ...] = ()  # area flags the initiatives must have (Dimension codes)

    def __post_init__(self):
        unknown = [d for d in (*self.by, *self.areas) if d not in Dimension.values]
        if unknown or any(area not in AREA_FLAGS for area in self.areas):
            raise ValueError(f"unknown dimension {unknown or self.areas}")


def whole_scope(user) -> Scope:
    """No unit or organisation: the whole country for the system and for a user who sees it
    all, else everything the user may see."""
    return Scope(own=user is not None and not user.is_superuser)


def resolve_scope(text: str, *, user=None, as_of=None) -> Scope | None:
    """A scope from words: a place ("huyện Yên Lập, tỉnh Phú Thọ") or an organisation's name.
    Empty text or "toàn quốc" is the whole country; None when nothing single fits."""
    if not text.strip() or text.strip().lower() in {"toàn quốc", "toan quoc", "vietnam"}:
        return whole_scope(user)
    found = territory.resolve_place(text, as_of=as_of)
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


def _unit_key(spec: ReportSpec, prefix: str):
    anchor = spec.scope.anchor
    if spec.remap:
        today = Coalesce(F(f"{prefix}place_today__path"), F(f"{prefix}place__today_path"))
        return _cut(today, territory.unit_level_below(anchor, era=CURRENT), CURRENT)
    path = F(f"{prefix}place__path")
    return Case(
        When(
            **{f"{prefix}place__path__startswith": "L."},
            then=_cut(path, territory.unit_level_below(anchor, era=LEGACY), LEGACY),
        ),
        default=_cut(path, territory.unit_level_below(anchor, era=CURRENT), CURRENT),
        output_field=CharField(),
    )


_PLAIN = {
    Dimension.KIND: "kind",
    Dimension.SUBJECT: "subject",
    Dimension.STATUS: "status",
    Dimension.ORGANIZATION_KIND: "owner_organization__kind",
    **AREA_FLAGS,
}


def _groups(spec: ReportSpec, dimensions, prefix: str) -> dict:
    """``{alias: expression}`` to group by, for these dimensions."""
    groups = {}
    for dimension in dimensions:
        if dimension == Dimension.UNIT:
            groups["g_unit"] = _unit_key(spec, prefix)
        elif dimension == Dimension.FIELD:
            groups["g_field"] = F(f"{prefix}fields__id")
            groups["g_field_name"] = F(f"{prefix}fields__name")
        else:
            groups[f"g_{dimension}"] = F(f"{prefix}{_PLAIN[dimension]}")
    return groups


# ---- counting ----------------------------------------------------------------------------------


def scoped_initiatives(spec: ReportSpec, *, user) -> QuerySet:
    """The initiatives a report may count: visible to the user, in the scope, with the area
    flags asked for (any registration date)."""
    base = (
        initiatives.initiatives_visible_to(user)
        if user is not None
        else initiatives.all_initiatives()
    )
    base = base.filter(spec.scope.condition())
    for area in spec.areas:
        base = base.filter(**{AREA_FLAGS[area]: True})
    return base


def _initiative_counts(spec: ReportSpec, *, extra: dict[str, Q] | None = None) -> dict:
    """The conditional counts of the initiative measures, this period and the previous one
    (inside a query filtered by ``_in_either_period``, which holds the condition on status)."""
    current = initiatives.registered_between(spec.period.start, spec.period.end, with_status=False)
    before = spec.period.previous()
    previous = initiatives.registered_between(before.start, before.end, with_status=False)
    means = initiatives.report_conditions()
    conditions = {
        "registered": Q(),
        "active": means["active"],
        "replicated": means["replicated"],
        "ended": means["ended"],
        **(extra or {}),
    }
    counts = {}
    for name, condition in conditions.items():
        counts[name] = Count("pk", filter=current & condition)
        counts[f"{name}__previous"] = Count("pk", filter=previous & condition)
    return counts


def _in_either_period(spec: ReportSpec) -> Q:
    before = spec.period.previous()
    if spec.period.whole_years:  # the previous years run up to the first: one range of years
        return initiatives.registered_between(before.start, spec.period.end)
    return initiatives.registered_between(
        spec.period.start, spec.period.end
    ) | initiatives.registered_between(before.start, before.end)


def _figures(values: dict, measures) -> dict[str, Figure]:
    return {m: Figure(values.get(m) or 0, values.get(f"{m}__previous") or 0) for m in measures}


# Recognition outcomes and levels as ``reviews.enums`` codes them (read as data: reports import
# nothing of another app but its queries).
RECOGNISED_OUTCOMES = ("recognised", "outstanding")
RECOGNITION_LEVELS = {
    "recognised_commune": "commune",
    "recognised_district": "district",
    "recognised_province": "province",
    "recognised_central": "central",
}


def _recognition_counts(spec: ReportSpec) -> dict:
    """Initiatives recognised in the period (each once per measure, however many decisions)."""
    before = spec.period.previous()
    periods = {
        "": Q(decided_on__gte=spec.period.start, decided_on__lte=spec.period.end),
        "__previous": Q(decided_on__gte=before.start, decided_on__lte=before.end),
    }
    recognised = Q(outcome__in=RECOGNISED_OUTCOMES)
    conditions = {
        "recognised": recognised,
        **{name: recognised & Q(level=level) for name, level in RECOGNITION_LEVELS.items()},
        "outstanding": Q(outcome="outstanding"),
    }
    return {
        f"{name}{suffix}": Count("initiative", distinct=True, filter=when & condition)
        for name, condition in conditions.items()
        for suffix, when in periods.items()
    }


def _recognitions(spec: ReportSpec, scoped: QuerySet):
    before = spec.period.previous()
    # Only the scoped initiatives recognised in the two periods (through the recognitions'
    # ``related_name``): the subquery starts from the few recognitions, not every initiative.
    recognised = scoped.filter(
        recognitions__decided_on__gte=before.start, recognitions__decided_on__lte=spec.period.end
    )
    return reviews.recognitions_between(
        initiatives=recognised, date_from=before.start, date_to=spec.period.end
    ).order_by()


def _grouped(
    spec: ReportSpec, base: QuerySet, recognitions: QuerySet, dimensions, *, extra=None
) -> list[dict]:
    """One row per group: the initiative counts and the recognition counts (two GROUP BY
    queries), put together by the group's values."""
    groups = _groups(spec, dimensions, "")
    rows = {}
    counts = _initiative_counts(spec, extra=extra)
    for values in base.annotate(**groups).values(*groups).annotate(**counts):
        rows[tuple(values[alias] for alias in groups)] = values
    by_initiative = _groups(spec, dimensions, "initiative__")
    for values in (
        recognitions.annotate(**by_initiative)
        .values(*by_initiative)
        .annotate(**_recognition_counts(spec))
    ):
        identity = tuple(values[alias] for alias in by_initiative)
        rows.setdefault(identity, {alias: values[alias] for alias in by_initiative}).update(
            {key: value for key, value in values.items() if key not in by_initiative}
        )
    return list(rows.values())


# ---- naming the groups -------------------------------------------------------------------------


class _Namer:
    """Words for the grouped values; the units named in one query for all rows."""

    def __init__(self, spec: ReportSpec, raw_rows: list[dict]):
        self.spec = spec
        labels = initiatives.choice_labels()
        self.choices = {
            Dimension.KIND: labels["kind"],
            Dimension.SUBJECT: labels["subject"],
            Dimension.STATUS: labels["status"],
            Dimension.ORGANIZATION_KIND: organizations.organization_kind_labels(),
        }
        self.order = {d: list(values) for d, values in self.choices.items()}
        paths = {row["g_unit"] for row in raw_rows if row.get("g_unit")}
        self.units = territory.units_by_path(paths) if paths else {}

    def key(self, dimension: str, row: dict) -> GroupKey:
        value = row.get(f"g_{dimension}")
        if dimension == Dimension.UNIT:
            return self._unit(value)
        if dimension == Dimension.FIELD:
            label = row.get("g_field_name") or pgettext("report", "(no field of work)")
            return GroupKey(dimension, value, label)
        if dimension in AREA_FLAGS:
            return GroupKey(dimension, bool(value), self._area_label(dimension, bool(value)))
        if value in (None, ""):
            return GroupKey(dimension, None, pgettext("report", "(not given)"))
        return GroupKey(dimension, value, str(self.choices[dimension].get(value, value)))

    def _unit(self, path) -> GroupKey:
        unit = self.units.get(path)
        if unit is None:
            return GroupKey(Dimension.UNIT, path, pgettext("report", "(unknown place)"))
        label = unit.full_name
        anchor = self.spec.scope.anchor
        if anchor is not None and unit.pk == anchor.pk:
            label = _("%(unit)s (at that level itself)") % {"unit": label}
        elif unit.level != "province" and unit.parent is not None and self._mixed_parents():
            label = f"{label} ({unit.parent.full_name})"
        return GroupKey(
            Dimension.UNIT,
            path,
            label,
            unit_id=unit.pk,
            latitude=unit.latitude,
            longitude=unit.longitude,
        )

    def _mixed_parents(self) -> bool:
        return len({u.parent_id for u in self.units.values()}) > 1

    @staticmethod
    def _area_label(dimension: str, value: bool) -> str:
        names = {
            Dimension.ETHNIC_MINORITY: _("Ethnic-minority areas"),
            Dimension.RELIGIOUS: _("Religious areas"),
            Dimension.BORDER: _("Border areas"),
        }
        return str(names[dimension]) if value else _("Other areas")

    def sort_key(self, key: GroupKey):
        if key.key is None:
            return (2, "")
        if key.dimension == Dimension.UNIT:
            unit = self.units.get(key.key)
            return (0, unit.name_folded if unit else str(key.key), str(key.key))
        if key.dimension in AREA_FLAGS:
            return (0, not key.key)
        if key.dimension in self.order:
            order = self.order[key.dimension]
            return (0, order.index(key.key) if key.key in order else len(order))
        return (0, key.label.lower())


def _rows(namer: _Namer, raw: list[dict], dimensions, measures, kind="row") -> list[Row]:
    merged: dict[tuple, Row] = {}
    for values in raw:
        keys = tuple(namer.key(dimension, values) for dimension in dimensions)
        figures = _figures(values, measures)
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

SUMMARY = ["collective", "individual", "model", "exemplar", "ethnic_minority"]


def build_report(spec: ReportSpec, *, user) -> Report:
    """The report for ``spec`` as ``user`` sees it (``None``: the system, everything)."""
    scoped = scoped_initiatives(spec, user=user)
    base = scoped.filter(_in_either_period(spec)).order_by()
    recognitions = _recognitions(spec, scoped)
    measures = [str(m) for m in (*INITIATIVE_MEASURES, *RECOGNITION_MEASURES)]
    dimensions = list(spec.by)
    means = initiatives.report_conditions()
    summary = {name: means[name] for name in SUMMARY}
    # Grouped first by something each initiative has once (not the fields of work), the groups
    # of the first dimension partition the initiatives: the total is their sum, and the query
    # for them also counts what the narrative needs (one scan of the table less).
    partition = bool(dimensions) and dimensions[0] != Dimension.FIELD
    raw_rows = (
        _grouped(
            spec,
            base,
            recognitions,
            dimensions,
            extra=summary if partition and len(dimensions) == 1 else None,
        )
        if dimensions
        else []
    )
    raw_subtotals = (
        _grouped(spec, base, recognitions, dimensions[:1], extra=summary if partition else None)
        if len(dimensions) > 1
        else []
    )
    if partition:
        totals = _sum(raw_subtotals or raw_rows)
    else:
        totals = base.aggregate(**_initiative_counts(spec, extra=summary))
        totals.update(recognitions.aggregate(**_recognition_counts(spec)))
    namer = _Namer(spec, raw_rows + raw_subtotals)
    report = Report(
        scope_label=spec.scope.label(),
        scope_phrase=spec.scope.phrase(),
        period=spec.period,
        by=tuple(spec.by),
        remap=spec.remap,
        areas=tuple(spec.areas),
        measures=measures,
        rows=_rows(namer, raw_rows, dimensions, measures),
        subtotals=_rows(namer, raw_subtotals, dimensions[:1], measures, kind="subtotal"),
        total=Row(keys=(), figures=_figures(totals, measures), kind="total"),
        summary=_figures(totals, SUMMARY),
        place_name=_place_name(spec.scope),
        scope_unit=spec.scope.unit,
        scope_organization=spec.scope.organization,
    )
    report.narrative = write_narrative(report)
    return report


def _sum(groups: list[dict]) -> dict[str, int]:
    """The counts of groups that partition the initiatives, added up (the group keys left out)."""
    totals: dict[str, int] = {}
    for values in groups:
        for key, value in values.items():
            if not key.startswith("g_") and isinstance(value, int):
                totals[key] = totals.get(key, 0) + value
    return totals


def _place_name(scope: Scope) -> str:
    """The province's name for the date line ("Phú Thọ, ngày …"); Hà Nội for the country."""
    unit = scope.anchor
    if unit is None:
        return "Hà Nội"
    if unit.level == "province":
        return unit.name
    province = territory.ancestors(unit)[:1]
    return province[0].name if province else unit.name
