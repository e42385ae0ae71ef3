"""Turning a place written in words into a unit (``resolve_place``), and the search behind
every place picker (``search_units``).

Officers write places their own way: with or without the type word ("xã", "H.", "TP."), with
common abbreviations ("TPHCM", "HN"), with the type a unit had before its upgrade ("TX. Bến
Cát"), in spelling variants ("Krông Pắk", "Sapa"), with a hamlet the map does not hold ("bản
Mốc 13, xã Bình Dân, …"). A ``context`` — units already known: the user's scope, the other
places of the same record — settles a name that several units share."""

import difflib
import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from unicodedata import normalize

from django.db.models import Count, Max, Q, Sum

from danvan.territory.enums import LEVEL_ORDER, Era, Level
from danvan.territory.models import AdministrativeUnit, UnitAlias
from danvan.territory.naming import spelling_key
from danvan.territory.parsing import PlacePart, parse_place
from danvan.territory.queries import ancestors_of_many, today, valid_on

# Abbreviations of provinces as officers write them, folded and without spaces, with the name
# keys they stand for. One that stands for several ("ĐN") needs a context to settle it.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "hcm": ("hochiminh",),
    "tphcm": ("hochiminh",),
    "sg": ("hochiminh",),
    "saigon": ("hochiminh",),
    "hn": ("hanoi",),
    "tphn": ("hanoi",),
    "hp": ("haiphong",),
    "tphp": ("haiphong",),
    "dn": ("danang", "dongnai", "daknong"),
    "tpdn": ("danang",),
    "tpct": ("cantho",),
    "brvt": ("bariavungtau",),
    "tth": ("thuathienhue",),
}


def _paths(context) -> list[str]:
    """Paths of the context: units or paths, ``None`` ignored."""
    paths = []
    for item in context or ():
        path = getattr(item, "path", item)
        if path:
            paths.append(path)
    return paths


def _in_context(unit: AdministrativeUnit, paths: list[str]) -> bool:
    """The unit lies in a context unit (on either map), or a context unit lies in it."""
    return any(
        unit.path.startswith(path)
        or (unit.today_path and unit.today_path.startswith(path))
        or path.startswith(unit.path)
        for path in paths
    )


def context_q(paths: list[str]) -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path) | Q(today_path__startswith=path)
    return condition


# ---- spelling variants -------------------------------------------------------------------------

_VARIANTS: dict = {"signature": None, "index": {}}


def _variant_index() -> dict[str, set[int]]:
    """``{spelling key: unit ids}`` over every unit, built once per process and rebuilt only
    when units were added, removed or edited (one aggregate query tells)."""
    signature = tuple(
        AdministrativeUnit.objects.aggregate(
            n=Count("pk"), top=Max("pk"), v=Sum("version")
        ).values()
    )
    if _VARIANTS["signature"] != signature:
        index = defaultdict(set)
        for pk, folded in AdministrativeUnit.objects.values_list("pk", "name_folded").iterator():
            index[spelling_key(folded)].add(pk)
        _VARIANTS.update(signature=signature, index=dict(index))
    return _VARIANTS["index"]


@functools.lru_cache(maxsize=65536)
def _spelling(folded: str) -> str:
    return spelling_key(folded)


# ---- search ------------------------------------------------------------------------------------


def search_units(
    text: str,
    *,
    era: str | None = None,
    level: str | None = None,
    as_of: date | None = None,
    limit: int = 30,
    near: Iterable = (),
) -> list[AdministrativeUnit]:
    """Accent-insensitive search on the name: 'binh an' finds 'Bình An'; a type word narrows
    the level ("xã Thượng Lâm", "huyện Ba Bể", "TX. Bến Cát" finds the city it became); other
    parts narrow the place ("Tân Thịnh, Yên Bái"). Units inside ``near`` (the user's scope)
    first, then exact names, today's units before old ones, higher levels before lower ones."""
    parts = parse_place(text)
    if not parts or not parts[0].name:
        return []
    target = parts[0]
    folded = target.name
    aliases = UnitAlias.objects.filter(key__in={target.key, *ABBREVIATIONS.get(target.key, ())})
    paths = _paths(near)

    def narrowed(units):
        if target.types:
            units = units.filter(level__in=target.levels)
        for part in parts[1:]:
            larger = [u for u in _candidates_for(part) if u.level != Level.HAMLET][:200]
            if larger:
                units = units.filter(context_q([u.path for u in larger]))
        if era:
            units = units.filter(era=era)
        if level:
            units = units.filter(level=level)
        if as_of:
            units = units.filter(valid_on(as_of))
        ordered = units.order_by("name_folded", "path")
        found = {u.pk: u for u in ordered.filter(context_q(paths))[: limit * 4]} if paths else {}
        found.update({u.pk: u for u in ordered[: limit * 4] if u.pk not in found})
        return found

    found = narrowed(
        AdministrativeUnit.objects.filter(
            Q(name_folded__contains=folded)
            | Q(name_key=target.key)
            | Q(pk__in=list(aliases.values_list("unit_id", flat=True)))
        )
    )
    if not found:  # a spelling variant: "Krông Pắk" finds "Krông Pắc"
        variants = _variant_index().get(target.spelling, set())
        found = narrowed(AdministrativeUnit.objects.filter(pk__in=variants)) if variants else {}
    result = sorted(
        found.values(),
        key=lambda u: (
            not (paths and _in_context(u, paths)),
            u.name_folded != folded,
            bool(target.types) and u.unit_type not in target.types,
            u.era != Era.CURRENT,
            LEVEL_ORDER.index(u.level),
            u.name_folded,
            u.path,
        ),
    )
    return result[:limit]


# ---- resolve_place -----------------------------------------------------------------------------


@dataclass
class Resolution:
    """The outcome of ``resolve_place``: a unit, or none and the closest candidates. ``hamlet``
    is the text of a hamlet the map does not hold, written before the unit that was found."""

    query: str
    parts: list[PlacePart]
    unit: AdministrativeUnit | None = None
    candidates: list[AdministrativeUnit] = field(default_factory=list)
    reason: str = ""  # "empty", "not_found", "ambiguous" when there is no unit
    hamlet: str = ""


def _matches(part: PlacePart, unit: AdministrativeUnit, alias_keys: dict[int, set[str]]) -> bool:
    if part.types and unit.unit_type not in part.accepted_types:
        return False
    return (
        unit.name_key == part.key
        or part.key in alias_keys.get(unit.pk, ())
        or (part.key in ABBREVIATIONS and unit.name_key in ABBREVIATIONS[part.key])
        or _spelling(unit.name_folded) == part.spelling
    )


def _same_spelling(part: PlacePart, units: list[AdministrativeUnit]) -> list[AdministrativeUnit]:
    """The units whose name is written exactly as the text, diacritics included: "xã Minh
    Quán" and "xã Minh Quân" of one district fold alike, their accents tell them apart."""
    written = normalize("NFC", " ".join(part.text.split())).casefold()
    return [u for u in units if written in {u.name.casefold(), u.inline_name.casefold()}]


def _candidates_for(part: PlacePart) -> list[AdministrativeUnit]:
    return _candidates_for_many([part])[part]


def _candidates_for_many(parts: list[PlacePart]) -> dict[PlacePart, list[AdministrativeUnit]]:
    """The units each part may name, for all the parts in two queries (names and their
    abbreviations, codes, aliases); a part that finds nothing then tries its spelling
    variants. Two indexed look-ups instead of an OR across the alias join with DISTINCT."""
    keys = {part.key: {part.key, *ABBREVIATIONS.get(part.key, ())} for part in parts}
    all_keys = {key for wanted in keys.values() for key in wanted}
    aliases = defaultdict(set)
    for key, unit_id in UnitAlias.objects.filter(key__in=all_keys).values_list("key", "unit_id"):
        aliases[key].add(unit_id)
    units = AdministrativeUnit.objects.filter(
        Q(name_key__in=all_keys)
        | Q(code__in={part.text for part in parts})
        | Q(pk__in={pk for ids in aliases.values() for pk in ids})
    )
    by_pk = {unit.pk: unit for unit in units.select_related("parent")}
    by_key, by_code = defaultdict(set), defaultdict(set)
    for unit in by_pk.values():
        by_key[unit.name_key].add(unit.pk)
        by_code[unit.code].add(unit.pk)
    found = {}
    missing = {}
    for part in parts:
        ids = by_code.get(part.text, set()) | by_key.get(part.key, set()) | aliases[part.key]
        for key in ABBREVIATIONS.get(part.key, ()):
            ids |= {pk for pk in by_key.get(key, set()) if by_pk[pk].level == Level.PROVINCE}
        found[part] = _of_types(part, [by_pk[pk] for pk in sorted(ids)])
        if not found[part] and part.name:
            missing[part] = _variant_index().get(part.spelling, set())
    if missing:
        wanted = {pk for ids in missing.values() for pk in ids}
        extra = {
            u.pk: u
            for u in AdministrativeUnit.objects.filter(pk__in=wanted).select_related("parent")
        }
        for part, ids in missing.items():
            found[part] = _of_types(part, [extra[pk] for pk in sorted(ids) if pk in extra])
    return found


def _of_types(part: PlacePart, units: list[AdministrativeUnit]) -> list[AdministrativeUnit]:
    accepted = part.accepted_types
    return [u for u in units if not accepted or u.unit_type in accepted][:500]


def _alias_keys(unit_ids) -> dict[int, set[str]]:
    keys = defaultdict(set)
    for unit_id, key in UnitAlias.objects.filter(unit_id__in=unit_ids).values_list(
        "unit_id", "key"
    ):
        keys[unit_id].add(key)
    return keys


def _close_candidates(parts: list[PlacePart], limit: int) -> list[AdministrativeUnit]:
    """Units whose names are closest to the first part, inside the larger parts that matched."""
    target = parts[0]
    units = AdministrativeUnit.objects.all()
    if target.levels:
        units = units.filter(level__in=target.levels)
    for part in reversed(parts[1:]):
        scope = [u for u in _candidates_for(part) if u.level != Level.HAMLET]
        if scope:
            prefix = Q()
            for unit in scope:
                prefix |= Q(path__startswith=unit.path)
            units = units.filter(prefix)
            break
    keys = dict(units.values_list("name_key", "name_key")[:20000])
    close = difflib.get_close_matches(target.key, list(keys), n=limit, cutoff=0.6)
    if not close:
        return []
    found = list(units.filter(name_key__in=close).select_related("parent")[: limit * 3])
    found.sort(key=lambda u: (close.index(u.name_key), u.era != Era.CURRENT, u.path))
    return found[:limit]


def resolve_place(
    text: str, as_of: date | None = None, *, limit: int = 10, context: Iterable = ()
) -> Resolution:
    """Turn a place written in words into one unit.

    Any case, with or without diacritics, with abbreviations ("H. Lâm Bình", "TP.", "TX.",
    "TPHCM"). The first part is the unit looked for; the others must be among its ancestors.
    With ``as_of``, only units valid that day count; without it, a unit valid today is
    preferred, and a place that names a district is necessarily one of before 1/7/2025. When
    several units fit, those inside ``context`` (units or paths: the user's scope, the other
    places of the record) win, then the type as written, then — for a bare name — the highest
    level. An unknown hamlet before a known commune is kept as text (``hamlet``). When nothing
    or several units fit, ``unit`` is None and ``candidates`` holds the closest ones."""
    return resolve_places([text], as_of, limit=limit, context=context)[text]


def resolve_places(
    texts,
    as_of: date | None = None,
    *,
    limit: int = 10,
    suggest: bool = True,
    context: Iterable = (),
) -> dict[str, Resolution]:
    """``resolve_place`` for many texts (an import names a thousand communes): the candidates,
    their ancestors and the aliases of those are read for all of them together, 300 texts to
    a few queries. Without ``suggest``, a text whose unit is not found gets no ``candidates``
    of close names (the slow part, for a caller that will try another date first)."""
    texts = list(dict.fromkeys(texts))
    paths = _paths(context)
    resolved = {}
    for start in range(0, len(texts), 300):
        batch = {text: parse_place(text) for text in texts[start : start + 300]}
        targets = [p[0] for p in batch.values() if p]
        # A hamlet first may be one the map does not hold: the commune after it is looked up too.
        targets += [p[1] for p in batch.values() if len(p) > 1 and p[0].is_hamlet]
        found = _candidates_for_many(targets)
        if as_of is not None:
            found = {
                part: [u for u in units if u.is_valid_on(as_of)] for part, units in found.items()
            }
        lineage = ancestors_of_many(
            list({u.pk: u for units in found.values() for u in units}.values())
        )
        alias_keys = _alias_keys({a.pk for chain in lineage.values() for a in chain})
        for text, parts in batch.items():
            resolved[text] = _resolve(
                text,
                parts,
                found=found,
                lineage=lineage,
                alias_keys=alias_keys,
                as_of=as_of,
                limit=limit,
                suggest=suggest,
                paths=paths,
            )
    return resolved


def _resolve(text, parts, *, found, lineage, alias_keys, as_of, limit, suggest, paths):
    result = Resolution(query=text, parts=parts)
    if not parts:
        result.reason = "empty"
        return result
    target, others = parts[0], parts[1:]
    candidates = found[target]
    scored = []
    for unit in candidates:
        chain = lineage[unit.pk]
        matched = sum(any(_matches(part, a, alias_keys) for a in chain) for part in others)
        scored.append((matched, unit))
    best = max((score for score, _unit in scored), default=-1)
    if best < len(others) and target.is_hamlet and others:
        # A hamlet the map does not hold: keep it as text, resolve the rest.
        rest = _resolve(
            text,
            others,
            found=found,
            lineage=lineage,
            alias_keys=alias_keys,
            as_of=as_of,
            limit=limit,
            suggest=suggest,
            paths=paths,
        )
        if rest.unit is not None:
            rest.parts, rest.hamlet = parts, target.text
            return rest
    if not candidates:
        result.reason = "not_found"
        result.candidates = _close_candidates(parts, limit) if suggest else []
        return result
    fitting = [unit for score, unit in scored if score == best]
    if best < len(others):
        # Some larger part ("huyện X") matched no ancestor: offer what fitted best.
        result.reason = "not_found"
        result.candidates = sorted(fitting, key=lambda u: u.path)[:limit]
        return result
    for narrow in (
        lambda units: [u for u in units if _in_context(u, paths)] if paths else [],
        lambda units: [u for u in units if u.unit_type in target.types],
        lambda units: _highest(units) if not target.types else [],
        lambda units: [u for u in units if u.is_valid_on(today())] if as_of is None else [],
        lambda units: _same_spelling(target, units),
    ):
        if len(fitting) > 1:
            fitting = narrow(fitting) or fitting
    if len(fitting) == 1:
        result.unit = fitting[0]
        return result
    result.reason = "ambiguous"
    result.candidates = sorted(fitting, key=lambda u: (u.era != Era.CURRENT, u.path))[:limit]
    return result


def _highest(units: list[AdministrativeUnit]) -> list[AdministrativeUnit]:
    """A bare name means the highest level it names: "Quảng Bình" is the province."""
    top = min(LEVEL_ORDER.index(u.level) for u in units)
    return [u for u in units if LEVEL_ORDER.index(u.level) == top]
