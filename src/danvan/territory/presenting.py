"""Units as plain data, for the command line's JSON and for the API later."""

from danvan.territory.models import AdministrativeUnit
from danvan.territory.queries import ancestors, ancestors_of_many, current_successors
from danvan.territory.resolving import Resolution


def _day(value) -> str | None:
    return value.isoformat() if value else None


def unit_brief(unit: AdministrativeUnit, chain: list[AdministrativeUnit] | None = None) -> dict:
    chain = ancestors(unit) if chain is None else chain
    return {
        "id": unit.pk,
        "code": unit.code,
        "name": unit.name,
        "full_name": unit.full_name,
        "type": unit.get_unit_type_display(),
        "level": unit.level,
        "era": unit.era,
        "valid_from": _day(unit.valid_from),
        "valid_to": _day(unit.valid_to),
        "ancestors": [a.full_name for a in chain],
        "label": ", ".join([unit.full_name, *[a.full_name for a in reversed(chain)]]),
    }


def resolution_as_dict(resolution: Resolution, as_of) -> dict:
    data = {
        "query": resolution.query,
        "as_of": _day(as_of),
        "unit": None,
        "current": [],
        "candidates": [],
        "hamlet": resolution.hamlet,
    }
    if resolution.unit is not None:
        unit = resolution.unit
        data["unit"] = unit_brief(unit)
        today_units = current_successors(unit)
        chains = ancestors_of_many(today_units)
        data["current"] = [
            {
                **unit_brief(current, chains[current.pk]),
                "province": chains[current.pk][0].full_name
                if chains[current.pk]
                else current.full_name,
            }
            for current in today_units
        ]
    else:
        chains = ancestors_of_many(resolution.candidates)
        data["candidates"] = [unit_brief(c, chains[c.pk]) for c in resolution.candidates]
        data["reason"] = resolution.reason
    return data
