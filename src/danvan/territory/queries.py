"""Reading administrative units: subtrees, ancestors, units valid at a date, today's successors,
the split rule, and turning a place written in words into a unit (``resolve_place``)."""

from collections import defaultdict
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from danvan.accounts.queries import grants_of
from danvan.core.folding import fold
from danvan.territory.enums import Era, Level
from danvan.territory.models import AdministrativeUnit, Succession, UnitAlias
from danvan.territory.naming import name_key


def today() -> date:
    return timezone.localdate()


def valid_on(day: date) -> Q:
    """Units (or rows through ``prefix``) valid on ``day``."""
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


def get_unit(pk: int) -> AdministrativeUnit:
    return AdministrativeUnit.objects.select_related("parent").get(pk=pk)


def subtree(
    unit: AdministrativeUnit, *, as_of: date | None = None, include_self: bool = True
) -> QuerySet:
    """The unit and everything below it: one indexed prefix filter on the materialized path."""
    units = AdministrativeUnit.objects.filter(path__startswith=unit.path)
    if not include_self:
        units = units.exclude(pk=unit.pk)
    if as_of is not None:
        units = units.filter(valid_on(as_of))
    return units


def ancestor_paths(path: str) -> list[str]:
    """'L.08.071.02290.' → ['L.08.', 'L.08.071.'] (the unit itself excluded)."""
    segments = path.strip(".").split(".")
    return [".".join(segments[:end]) + "." for end in range(2, len(segments))]


def ancestors(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """From the province down to the parent, in one query."""
    return list(
        AdministrativeUnit.objects.filter(path__in=ancestor_paths(unit.path)).order_by("path")
    )


def ancestors_of_many(units: list[AdministrativeUnit]) -> dict[int, list[AdministrativeUnit]]:
    """Ancestors of several units in one query: ``{unit.pk: [province, …, parent]}``."""
    wanted = {path for unit in units for path in ancestor_paths(unit.path)}
    by_path = {a.path: a for a in AdministrativeUnit.objects.filter(path__in=wanted)}
    return {
        unit.pk: [by_path[p] for p in ancestor_paths(unit.path) if p in by_path] for unit in units
    }


def provinces(*, era: str) -> QuerySet:
    return AdministrativeUnit.objects.filter(level=Level.PROVINCE, era=era).order_by("name_folded")


def provinces_with_counts(*, era: str) -> QuerySet:
    """The provinces of one map, each with the number of units directly under it."""
    return provinces(era=era).annotate(child_count=Count("children"))


def children_with_counts(unit: AdministrativeUnit, *, query: str = "") -> QuerySet:
    """The units directly under ``unit``, optionally filtered by name (accent-insensitive)."""
    units = unit.children.annotate(child_count=Count("children")).order_by("level", "name_folded")
    if query:
        units = units.filter(name_folded__contains=fold(query))
    return units


def units_valid_at(text: str, *, as_of: date | None = None, level: str | None = None) -> QuerySet:
    """Units with this code or name (any case, with or without diacritics) valid on ``as_of``."""
    key = name_key(text)
    alias_ids = list(UnitAlias.objects.filter(key=key).values_list("unit_id", flat=True))
    units = AdministrativeUnit.objects.filter(
        Q(code=text.strip()) | Q(name_key=key) | Q(pk__in=alias_ids)
    )
    if level:
        units = units.filter(level=level)
    return units.filter(valid_on(as_of or today()))


def _follow(unit_ids: set[int], *, defaults_only: bool, day: date) -> set[int]:
    """Walk successions until every unit reached is valid on ``day`` (or has no successor)."""
    result: set[int] = set()
    frontier = set(unit_ids)
    seen: set[int] = set()
    while frontier:
        seen |= frontier
        links = Succession.objects.filter(predecessor_id__in=frontier)
        if defaults_only:
            links = links.filter(is_default=True)
        next_ids = defaultdict(set)
        for predecessor_id, successor_id in links.values_list("predecessor_id", "successor_id"):
            next_ids[predecessor_id].add(successor_id)
        valid = set(
            AdministrativeUnit.objects.filter(pk__in=frontier)
            .filter(valid_on(day))
            .values_list("pk", flat=True)
        )
        new_frontier: set[int] = set()
        for unit_id in frontier:
            if unit_id in valid or not next_ids[unit_id]:
                result.add(unit_id)
            else:
                new_frontier |= next_ids[unit_id] - seen
        frontier = new_frontier
    return result


def current_successors(
    unit: AdministrativeUnit, *, day: date | None = None
) -> list[AdministrativeUnit]:
    """Today's unit(s) for any unit: itself when still valid; the successors of an old commune
    or province (all parts of a split); for an abolished district, the units its communes became;
    for a hamlet, its own successors or else those of its commune."""
    day = day or today()
    if unit.is_valid_on(day):
        return [unit]
    if unit.level == Level.DISTRICT and not unit.successions_out.exists():
        start = set(
            subtree(unit, include_self=False)
            .filter(level=Level.COMMUNE)
            .values_list("pk", flat=True)
        )
    elif unit.level == Level.HAMLET and not unit.successions_out.exists() and unit.parent_id:
        start = {unit.parent_id}
    else:
        start = {unit.pk}
    ids = _follow(start, defaults_only=False, day=day)
    units = AdministrativeUnit.objects.filter(pk__in=ids).filter(valid_on(day))
    return list(units.select_related("parent").order_by("path"))


def rollup_unit(
    unit: AdministrativeUnit,
    *,
    override: AdministrativeUnit | None = None,
    day: date | None = None,
) -> AdministrativeUnit | None:
    """The single unit of today that a record placed in ``unit`` counts for.

    The split rule (docs/territory.md): follow the default succession — for a split commune,
    the new commune that contains the old commune's centre (the package's ``isDefaultNewWard``).
    A record may override it with ``override`` (its ``place_today``). A hamlet counts for its
    commune; an abolished district for the province it now lies in."""
    day = day or today()
    if override is not None:
        return override
    if unit.is_valid_on(day):
        return unit
    if unit.level == Level.HAMLET and not unit.successions_out.exists() and unit.parent_id:
        return rollup_unit(unit.parent, day=day)
    if unit.level == Level.DISTRICT and not unit.successions_out.exists():
        return rollup_unit(unit.parent, day=day) if unit.parent_id else None
    ids = _follow({unit.pk}, defaults_only=True, day=day)
    found = AdministrativeUnit.objects.filter(pk__in=ids).filter(valid_on(day)).first()
    return found


def rollup_map(*, day: date | None = None) -> dict[int, int]:
    """``{old commune/province id: today's id}`` by the split rule, for remapped reports."""
    day = day or today()
    mapping = dict(
        Succession.objects.filter(is_default=True).values_list("predecessor_id", "successor_id")
    )
    valid = set(AdministrativeUnit.objects.filter(valid_on(day)).values_list("pk", flat=True))
    resolved = {}
    for start in mapping:
        current, hops = start, 0
        while current not in valid and current in mapping and hops < 10:
            current, hops = mapping[current], hops + 1
        if current in valid:
            resolved[start] = current
    return resolved


def predecessors(unit: AdministrativeUnit) -> list[Succession]:
    return list(
        unit.successions_in.select_related("predecessor", "predecessor__parent").order_by(
            "predecessor__path"
        )
    )


def successions_from(unit: AdministrativeUnit) -> list[Succession]:
    return list(
        unit.successions_out.select_related("successor", "successor__parent").order_by(
            "successor__path"
        )
    )


def scope_units(user) -> list[AdministrativeUnit]:
    """The units of the user's grants: what pickers list first, the ``context`` in which an
    import or a search reads a name several units share."""
    return [grant.unit for grant in grants_of(user) if grant.unit_id]


def search_units(text: str, **options) -> list[AdministrativeUnit]:
    """See ``resolving.search_units`` (kept here: every app reads units through queries)."""
    from danvan.territory import resolving

    return resolving.search_units(text, **options)


def resolve_place(text: str, as_of: date | None = None, **options):
    """See ``resolving.resolve_place``."""
    from danvan.territory import resolving

    return resolving.resolve_place(text, as_of, **options)


def resolve_places(texts, as_of: date | None = None, **options):
    """See ``resolving.resolve_places``."""
    from danvan.territory import resolving

    return resolving.resolve_places(texts, as_of, **options)


# ---- history -----------------------------------------------------------------------------------


def history(unit: AdministrativeUnit) -> dict:
    """What a unit page says about the unit's past and future, as data for the template:
    where it belonged until it ended, what it became (each succession with the new unit's
    ancestors), what it was formed from, and — for an abolished district — today's units."""
    outgoing = successions_from(unit)
    incoming = predecessors(unit)
    related = [s.successor for s in outgoing] + [s.predecessor for s in incoming]
    chains = ancestors_of_many([unit, *related])
    today_units: list[AdministrativeUnit] = []
    if unit.valid_to and not outgoing and unit.level != Level.HAMLET:
        today_units = current_successors(unit)
        chains.update(ancestors_of_many(today_units))
    commune = _commune_today(unit, outgoing) if unit.level == Level.HAMLET else None
    if commune is not None:
        chains.update(ancestors_of_many([commune]))
    return {
        "ancestors": chains[unit.pk],
        "became": [
            {"succession": s, "unit": s.successor, "ancestors": chains[s.successor.pk]}
            for s in outgoing
        ],
        "formed_from": [
            {"succession": s, "unit": s.predecessor, "ancestors": chains[s.predecessor.pk]}
            for s in incoming
        ],
        "split": len(outgoing) > 1,
        "today": [{"unit": u, "ancestors": chains[u.pk]} for u in today_units],
        "commune_today": {"unit": commune, "ancestors": chains[commune.pk]} if commune else None,
    }


def _commune_today(hamlet: AdministrativeUnit, outgoing: list[Succession]):
    """The commune of today a hamlet belongs to: its own successor's commune, else the unit
    its commune counts for by the split rule (a hamlet of the old map lies in a new commune)."""
    counted = rollup_unit(hamlet) if outgoing else None
    if counted is not None and counted.level == Level.HAMLET:
        counted = counted.parent
    if counted is None and hamlet.parent_id:
        counted = rollup_unit(hamlet.parent)
    return counted if counted is not None and counted.level != Level.HAMLET else None


# ---- reports -----------------------------------------------------------------------------------

# How long the path of a unit of each map and level is: the province code has two digits, the
# district three, the commune five ("L.08.071.02290." is 15 characters). Reports cut a path to
# one of these lengths to group records by the unit they lie in, in the database.
PATH_LENGTH = {
    (Era.LEGACY, Level.PROVINCE): 5,
    (Era.LEGACY, Level.DISTRICT): 9,
    (Era.LEGACY, Level.COMMUNE): 15,
    (Era.CURRENT, Level.PROVINCE): 5,
    (Era.CURRENT, Level.COMMUNE): 11,
}


def units_by_path(paths) -> dict[str, AdministrativeUnit]:
    """``{path: unit}`` for these paths and, for a path no unit has, its nearest ancestor's
    unit (a cut path of a unit added by staff), in one query."""
    paths = {path for path in paths if path}
    wanted = set(paths) | {a for path in paths for a in ancestor_paths(path)}
    found = {
        unit.path: unit
        for unit in AdministrativeUnit.objects.filter(path__in=wanted).select_related("parent")
    }
    result = {}
    for path in paths:
        for candidate in [path, *reversed(ancestor_paths(path))]:
            if candidate in found:
                result[path] = found[candidate]
                break
    return result


def unit_level_below(unit: AdministrativeUnit | None, *, era: str) -> str | None:
    """The level one below ``unit`` on the map ``era`` (the country: provinces); None below a
    commune (hamlets have no fixed path length)."""
    if unit is None:
        return Level.PROVINCE
    if unit.level == Level.PROVINCE:
        return Level.DISTRICT if era == Era.LEGACY else Level.COMMUNE
    if unit.level == Level.DISTRICT:
        return Level.COMMUNE
    return None
