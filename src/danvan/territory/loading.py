"""Loading the official units and their successions from the PyPI package ``vietnamadminunits``.

The package ships a SQLite file (``data/dataset.db``: ``admin_units_legacy`` — 63 provinces, 696
districts, 10,035 communes before 1/7/2025 — and ``admin_units`` — 34 provinces, 3,321 communes
after) and the old→new mapping (``data/converter_2025.json``, keyed by name keys). We read those
files directly: importing the package would pull its online geocoder, which danvan never uses.

The load is idempotent: it computes the units, aliases and successions the package describes,
compares them with what the database holds (package rows only; staff additions are never
touched) and writes only the difference.
"""

import json
import re
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path

from django.db import transaction

from danvan.core.folding import fold
from danvan.core.services import record_event
from danvan.territory.enums import Era, Level, Source, SuccessionKind, UnitType
from danvan.territory.models import (
    LEGACY_END,
    REFORM_DATE,
    AdministrativeUnit,
    Succession,
    UnitAlias,
)
from danvan.territory.naming import name_key

ERA_PREFIX = {Era.LEGACY: "L", Era.CURRENT: "C"}
UNIT_FIELDS = (
    "unit_type",
    "name",
    "path",
    "valid_from",
    "valid_to",
    "latitude",
    "longitude",
    "area_km2",
    "name_folded",
    "name_key",
)
DISTRICT_TYPES = {
    "Quận": UnitType.QUAN,
    "Huyện": UnitType.HUYEN,
    "Thị xã": UnitType.THI_XA,
    "Thành phố": UnitType.THANH_PHO_TINH,
}
COMMUNE_TYPES = {
    "Xã": UnitType.XA,
    "Phường": UnitType.PHUONG,
    "Thị trấn": UnitType.THI_TRAN,
    "Đặc khu": UnitType.DAC_KHU,
}


class PackageDataError(Exception):
    """The package is missing or its data is not what the loader expects."""


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return any(+counter for counter in (self.created, self.updated, self.deleted))

    def as_dict(self) -> dict:
        return {
            "created": dict(+self.created),
            "updated": dict(+self.updated),
            "deleted": dict(+self.deleted),
        }


@dataclass
class UnitRow:
    era: str
    level: str
    code: str
    parent: tuple | None  # (era, level, code) of the parent
    values: dict
    aliases: set[str]


def package_data_dir() -> Path:
    spec = find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise PackageDataError("The package vietnamadminunits is not installed.")
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    if not (data / "dataset.db").exists() or not (data / "converter_2025.json").exists():
        raise PackageDataError(f"vietnamadminunits has no data files in {data}.")
    return data


def _json_list(text: str | None) -> list[str]:
    return json.loads(text) if text else []


def _short_name(text: str) -> str:
    """The package writes "Yên Viên (Thị trấn)" where a district has a commune and a township of
    the same name; the type already tells them apart, so the name is kept without it."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", text)


def _unit_values(*, era, unit_type, name, path, lat, lon, area=None) -> dict:
    legacy = era == Era.LEGACY
    name = _short_name(name)
    return {
        "unit_type": unit_type,
        "name": name,
        "path": path,
        "valid_from": None if legacy else REFORM_DATE,
        "valid_to": LEGACY_END if legacy else None,
        "latitude": lat,
        "longitude": lon,
        "area_km2": area,
        "name_folded": fold(name),
        "name_key": name_key(name),
    }


def _province_type(full_name: str) -> str:
    return UnitType.THANH_PHO_TW if full_name.startswith("Thành phố") else UnitType.TINH


def _aliases(own_key: str, *lists: list[str]) -> set[str]:
    keys = {key for values in lists for key in values if key}
    return {key for key in keys if key != own_key}


def read_package(data_dir: Path) -> tuple[list[UnitRow], list[tuple]]:
    """Units (provinces before districts before communes) and succession links
    ``(old era-level-code, new era-level-code, kind, is_default)`` described by the package."""
    connection = sqlite3.connect(f"file:{data_dir / 'dataset.db'}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        legacy = [dict(row) for row in connection.execute("SELECT * FROM admin_units_legacy")]
        current = [dict(row) for row in connection.execute("SELECT * FROM admin_units")]
    finally:
        connection.close()
    converter = json.loads((data_dir / "converter_2025.json").read_text(encoding="utf-8"))

    units: dict[tuple, UnitRow] = {}

    def add(era, level, code, parent, *, unit_type, short, path, lat, lon, alias_lists, area=None):
        if (era, level, code) in units:
            return
        values = _unit_values(
            era=era, unit_type=unit_type, name=short, path=path, lat=lat, lon=lon, area=area
        )
        own_key = name_key(values["name"])
        aliases = _aliases(own_key, *(_json_list(text) for text in alias_lists))
        units[(era, level, code)] = UnitRow(era, level, code, parent, values, aliases)

    old, new = Era.LEGACY, Era.CURRENT
    for row in legacy:
        province, district, ward = row["provinceCode"], row["districtCode"], row["wardCode"]
        add(
            old,
            Level.PROVINCE,
            province,
            None,
            unit_type=_province_type(row["province"]),
            short=row["provinceShort"],
            path=f"L.{province}.",
            lat=row["provinceLat"],
            lon=row["provinceLon"],
            alias_lists=(row["provinceAlias"], row["provinceKeywords"]),
        )
        add(
            old,
            Level.DISTRICT,
            district,
            (old, Level.PROVINCE, province),
            unit_type=DISTRICT_TYPES[row["districtType"]],
            short=row["districtShort"],
            path=f"L.{province}.{district}.",
            lat=row["districtLat"],
            lon=row["districtLon"],
            alias_lists=(row["districtAlias"], row["districtKeywords"]),
        )
        if ward:  # five island districts have no communes
            add(
                old,
                Level.COMMUNE,
                ward,
                (old, Level.DISTRICT, district),
                unit_type=COMMUNE_TYPES[row["wardType"]],
                short=row["wardShort"],
                path=f"L.{province}.{district}.{ward}.",
                lat=row["wardLat"],
                lon=row["wardLon"],
                alias_lists=(row["wardAlias"], row["wardKeywords"]),
            )
    for row in current:
        province, ward = row["provinceCode"], row["wardCode"]
        add(
            new,
            Level.PROVINCE,
            province,
            None,
            unit_type=_province_type(row["province"]),
            short=row["provinceShort"],
            path=f"C.{province}.",
            lat=row["provinceLat"],
            lon=row["provinceLon"],
            alias_lists=(row["provinceAlias"], row["provinceKeywords"]),
        )
        add(
            new,
            Level.COMMUNE,
            ward,
            (new, Level.PROVINCE, province),
            unit_type=COMMUNE_TYPES[row["wardType"]],
            short=row["wardShort"],
            path=f"C.{province}.{ward}.",
            lat=row["wardLat"],
            lon=row["wardLon"],
            alias_lists=(row["wardAlias"], row["wardKeywords"]),
            area=row["wardAreaKm2"],
        )
    links = _read_links(legacy, current, converter, units)
    return list(units.values()), links


def _read_links(legacy, current, converter, units) -> list[tuple]:
    """Resolve the converter's name keys to codes and classify every link."""
    old_by_key = {}
    for row in legacy:
        composite = f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey'] or ''}"
        old_by_key[composite] = (
            (Era.LEGACY, Level.COMMUNE, row["wardCode"])
            if row["wardCode"]
            else (Era.LEGACY, Level.DISTRICT, row["districtCode"])  # island district, no communes
        )
    new_by_key = {
        (row["provinceKey"], row["wardKey"]): (Era.CURRENT, Level.COMMUNE, row["wardCode"])
        for row in current
    }
    raw: dict[tuple, bool] = {}
    for new_province, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, olds in wards.items():
            for old in olds:
                raw[(old_by_key[old], new_by_key[(new_province, new_ward)])] = True
    for new_province, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, targets in olds.items():
            for target in targets:
                new = new_by_key[(new_province, target["newWardKey"])]
                raw[(old_by_key[old], new)] = bool(target["isDefaultNewWard"])

    old_province_by_key = {row["provinceKey"]: row["provinceCode"] for row in legacy}
    new_province_by_key = {row["provinceKey"]: row["provinceCode"] for row in current}
    for new_key, old_keys in converter["DICT_PROVINCE"].items():
        for old_key in old_keys:
            old = (Era.LEGACY, Level.PROVINCE, old_province_by_key[old_key])
            new = (Era.CURRENT, Level.PROVINCE, new_province_by_key[new_key])
            raw[(old, new)] = True

    return _classify(raw, units)


def _classify(raw: dict[tuple, bool], units: dict[tuple, UnitRow]) -> list[tuple]:
    """Split when the old unit has several successors, merged when the new one has several
    predecessors, otherwise renamed or unchanged by the name and type."""
    successors = Counter(old for old, _new in raw)
    predecessors = Counter(new for _old, new in raw)
    links = []
    for (old, new), is_default in raw.items():
        same = [(units[k].values["name"], units[k].values["unit_type"]) for k in (old, new)]
        if successors[old] > 1:
            kind = SuccessionKind.SPLIT
        elif predecessors[new] > 1:
            kind = SuccessionKind.MERGED
        elif same[0] != same[1]:
            kind = SuccessionKind.RENAMED
        else:
            kind = SuccessionKind.UNCHANGED
        links.append((old, new, kind, is_default))
    defaults = Counter(old for old, _new, _kind, is_default in links if is_default)
    if any(count != 1 for count in defaults.values()) or len(defaults) != len(successors):
        raise PackageDataError("Every old unit must have exactly one default successor.")
    return links


@transaction.atomic
def load_units(*, acting_user=None, data_dir: Path | None = None) -> LoadReport:
    """Bring the package's units, aliases and successions into the database (idempotent)."""
    rows, links = read_package(data_dir or package_data_dir())
    report = LoadReport()
    ids = _sync_units(rows, report)
    _sync_aliases(rows, ids, report)
    _sync_successions(links, ids, report)
    _sync_today_paths(report)
    if report.changed:
        record_event(
            action="territory.reference.loaded",
            acting_user=acting_user,
            changes={"units": [None, len(rows)], "successions": [None, len(links)]},
            message=json.dumps(report.as_dict(), ensure_ascii=False),
        )
    return report


def _sync_units(rows: list[UnitRow], report: LoadReport) -> dict[tuple, int]:
    existing = {
        (unit.era, unit.level, unit.code): unit
        for unit in AdministrativeUnit.objects.filter(source=Source.PACKAGE).exclude(code="")
    }
    ids = {key: unit.pk for key, unit in existing.items()}
    for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
        to_create, to_update = [], []
        for row in rows:
            if row.level != level:
                continue
            key = (row.era, row.level, row.code)
            parent_id = ids[row.parent] if row.parent else None
            unit = existing.get(key)
            if unit is None:
                to_create.append(
                    AdministrativeUnit(
                        era=row.era,
                        level=row.level,
                        code=row.code,
                        parent_id=parent_id,
                        source=Source.PACKAGE,
                        **row.values,
                    )
                )
            elif any(getattr(unit, name) != value for name, value in row.values.items()) or (
                unit.parent_id != parent_id
            ):
                for name, value in row.values.items():
                    setattr(unit, name, value)
                unit.parent_id = parent_id
                to_update.append(unit)
        AdministrativeUnit.objects.bulk_create(to_create, batch_size=2000)
        AdministrativeUnit.objects.bulk_update(to_update, [*UNIT_FIELDS, "parent"], batch_size=1000)
        report.created[f"units.{level}"] += len(to_create)
        report.updated[f"units.{level}"] += len(to_update)
        if to_create:
            ids.update(
                ((era, lvl, code), pk)
                for era, lvl, code, pk in AdministrativeUnit.objects.filter(
                    source=Source.PACKAGE, level=level
                ).values_list("era", "level", "code", "pk")
            )
    return ids


def _sync_aliases(rows: list[UnitRow], ids: dict[tuple, int], report: LoadReport) -> None:
    wanted = {(ids[(row.era, row.level, row.code)], alias) for row in rows for alias in row.aliases}
    existing = set(
        UnitAlias.objects.filter(unit__source=Source.PACKAGE).values_list("unit_id", "key")
    )
    missing = wanted - existing
    extra = existing - wanted
    UnitAlias.objects.bulk_create(
        [UnitAlias(unit_id=unit_id, key=key) for unit_id, key in missing], batch_size=5000
    )
    if extra:
        by_unit = defaultdict(list)
        for unit_id, key in extra:
            by_unit[unit_id].append(key)
        for unit_id, keys in by_unit.items():
            UnitAlias.objects.filter(unit_id=unit_id, key__in=keys).delete()
    report.created["aliases"] += len(missing)
    report.deleted["aliases"] += len(extra)


def _sync_successions(links: list[tuple], ids: dict[tuple, int], report: LoadReport) -> None:
    wanted = {(ids[old], ids[new]): (kind, is_default) for old, new, kind, is_default in links}
    existing = {
        (s.predecessor_id, s.successor_id): s
        for s in Succession.objects.filter(source=Source.PACKAGE)
    }
    stale = [s.pk for pair, s in existing.items() if pair not in wanted]
    changed = [
        s
        for pair, s in existing.items()
        if pair in wanted and (s.kind, s.is_default) != wanted[pair]
    ]
    # Clear defaults first so that the one-default-per-unit constraint holds at every step.
    Succession.objects.filter(pk__in=stale).delete()
    for succession in changed:
        succession.kind, succession.is_default = wanted[
            (succession.predecessor_id, succession.successor_id)
        ]
    Succession.objects.bulk_update(
        [s for s in changed if not s.is_default], ["kind", "is_default"], batch_size=1000
    )
    Succession.objects.bulk_update(
        [s for s in changed if s.is_default], ["kind", "is_default"], batch_size=1000
    )
    Succession.objects.bulk_create(
        [
            Succession(
                predecessor_id=old,
                successor_id=new,
                kind=kind,
                is_default=is_default,
                effective_date=REFORM_DATE,
                source=Source.PACKAGE,
            )
            for (old, new), (kind, is_default) in wanted.items()
            if (old, new) not in existing
        ],
        batch_size=2000,
    )
    report.created["successions"] += sum(1 for pair in wanted if pair not in existing)
    report.updated["successions"] += len(changed)
    report.deleted["successions"] += len(stale)


def compute_today_paths() -> dict[int, str]:
    """``{unit id: today_path}`` for every unit, from the default successions (the split rule)."""
    units = {
        pk: (era, level, path, parent_id)
        for pk, era, level, path, parent_id in AdministrativeUnit.objects.values_list(
            "pk", "era", "level", "path", "parent_id"
        )
    }
    default = dict(
        Succession.objects.filter(is_default=True).values_list("predecessor_id", "successor_id")
    )
    resolved: dict[int, str] = {}

    def today_path(pk: int, depth: int = 0) -> str:
        if pk in resolved:
            return resolved[pk]
        era, level, path, parent_id = units[pk]
        if era == Era.CURRENT and pk not in default:
            found = path
        elif pk in default and depth < 20:
            found = today_path(default[pk], depth + 1)
        elif parent_id is not None and depth < 20:
            # An abolished district counts for its province's successor; a hamlet for its
            # commune's.
            found = today_path(parent_id, depth + 1)
        else:
            found = ""
        resolved[pk] = found
        return found

    for pk in units:
        today_path(pk)
    return resolved


def _sync_today_paths(report: LoadReport) -> None:
    wanted = compute_today_paths()
    current = dict(AdministrativeUnit.objects.values_list("pk", "today_path"))
    changed = [
        AdministrativeUnit(pk=pk, today_path=path)
        for pk, path in wanted.items()
        if current.get(pk) != path
    ]
    AdministrativeUnit.objects.bulk_update(changed, ["today_path"], batch_size=2000)
    report.updated["today_paths"] += len(changed)
