"""The people's opinion on a map: the hot spots and the places to watch, by place and field,
counted up the hierarchy to the viewer's scope, with their level period by period.

A *spot* is a place (a commune) and a field: its level in a period is the level of its latest
note in that period (none when it was not noted then), its level now that of its latest note of
all. Its trend compares the last two periods in which it was noted. An *area* is a unit one level
below the root of the view (the unit chosen, or the viewer's own unit; the provinces for the
country): its counts are of its spots by their level now, its series the number of its spots
noted hot or to be watched in each period.

Reads only through ``queries.opinion_notes_visible_to`` (one query, at most ``MAX_NOTES`` rows),
plus the root's children (one query)."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from danvan.accounts.enums import READ_ROLES
from danvan.accounts.queries import covers, grants_of
from danvan.core import maps
from danvan.dialogues.enums import LEVEL_RANK, AttentionLevel
from danvan.dialogues.models import OpinionNote
from danvan.territory.enums import Era, Level
from danvan.territory.models import AdministrativeUnit

MAX_NOTES = 20_000
PERIOD_KINDS = {"quarter": 4, "month": 6}  # how many periods each kind shows
ATTENTION = (AttentionLevel.WATCH, AttentionLevel.HOT)
COLOURS = {
    AttentionLevel.HOT: "#b3261e",
    AttentionLevel.WATCH: "#d9822b",
    AttentionLevel.NORMAL: "#1b7f3b",
    None: "#d0d5da",
}
MAP_WIDTH, MAP_HEIGHT, MAP_PADDING, MAX_RADIUS = 520, 640, 30, 22
CELL = 16  # width of a period's square in a spot's series


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str


def _first_of_quarter(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _shift_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def periods(kind: str, today: date) -> list[Period]:
    """The last ``PERIOD_KINDS[kind]`` quarters or months up to the one holding ``today``,
    oldest first."""
    step = 3 if kind == "quarter" else 1
    current = _first_of_quarter(today) if kind == "quarter" else today.replace(day=1)
    found = []
    for back in range(PERIOD_KINDS[kind] - 1, -1, -1):
        start = _shift_months(current, -step * back)
        end = date.fromordinal(_shift_months(start, step).toordinal() - 1)
        if kind == "quarter":
            label = _("Q%(quarter)s/%(year)s") % {
                "quarter": (start.month - 1) // 3 + 1,
                "year": start.year,
            }
        else:
            label = f"{start.month:02d}/{start.year}"
        found.append(Period(start, end, label))
    return found


def trend_of(levels: list) -> str:
    """ "up", "down" or "same" between the last two levels given, "new" with only one."""
    noted = [LEVEL_RANK[level] for level in levels if level]
    if len(noted) < 2:
        return "new"
    return "up" if noted[-1] > noted[-2] else "down" if noted[-1] < noted[-2] else "same"


@dataclass
class Spot:
    place: AdministrativeUnit
    field: str
    latest: OpinionNote
    series: list  # the level noted in each period, None when not noted
    labels: list  # the periods' labels
    area: "Area | None" = None

    @property
    def level(self) -> str:
        return self.latest.level

    @property
    def trend(self) -> str:
        return trend_of(self.series)

    @property
    def cells(self) -> list[dict]:
        labels = dict(AttentionLevel.choices)
        return [
            {
                "level": level or "",
                "colour": COLOURS[level],
                "label": f"{period}: {labels.get(level, '—')}",
                "x": index * CELL,
            }
            for index, (period, level) in enumerate(zip(self.labels, self.series, strict=True))
        ]


@dataclass
class Area:
    unit: AdministrativeUnit
    spots: list = field(default_factory=list)
    series: list = field(default_factory=list)  # spots noted hot or watched, per period

    def count(self, level: str) -> int:
        return sum(1 for spot in self.spots if spot.level == level)

    @property
    def hot(self) -> int:
        return self.count(AttentionLevel.HOT)

    @property
    def watch(self) -> int:
        return self.count(AttentionLevel.WATCH)

    @property
    def level(self) -> str:
        return max((spot.level for spot in self.spots), key=LEVEL_RANK.__getitem__)

    @property
    def trend(self) -> str:
        if len(self.series) < 2:
            return "new"
        last, before = self.series[-1], self.series[-2]
        return "up" if last > before else "down" if last < before else "same"


def drill_allowed(user, unit: AdministrativeUnit) -> bool:
    """Whether ``unit`` is inside the viewer's scope: a unit grant covering it, or an
    organisation grant on a body working in it or above it."""
    if covers(user, roles=READ_ROLES, units=[unit]):
        return True
    for grant in grants_of(user):
        if grant.role in READ_ROLES and grant.organization_id and grant.organization.unit_id:
            home = grant.organization.unit
            if unit.path.startswith(home.path) or unit.today_path.startswith(home.path):
                return True
    return False


def default_root(user) -> AdministrativeUnit | None:
    """The viewer's own unit when there is one (a unit grant, or the unit of the body of an
    organisation grant); None (the country) for a superuser or several units."""
    if user.is_superuser:
        return None
    units = {}
    for grant in grants_of(user):
        if grant.role not in READ_ROLES:
            continue
        unit = grant.unit if grant.unit_id else getattr(grant.organization, "unit", None)
        if unit is not None:
            units[unit.pk] = unit
    return next(iter(units.values())) if len(units) == 1 else None


def _children(root: AdministrativeUnit | None) -> list[AdministrativeUnit]:
    if root is None:
        return list(AdministrativeUnit.objects.filter(era=Era.CURRENT, level=Level.PROVINCE))
    if root.level in (Level.COMMUNE, Level.HAMLET):
        return []
    return list(AdministrativeUnit.objects.filter(parent=root))


def _area_of(place: AdministrativeUnit, root, by_path: dict, depths: set) -> AdministrativeUnit:
    for path in (place.path, place.today_path):
        for depth in depths:
            prefix = ".".join(path.split(".")[:depth]) + "."
            if prefix in by_path:
                return by_path[prefix]
    return root or place


def hot_spot_map(notes, *, root, kind: str, today: date) -> dict:
    """The areas below ``root`` and their spots from ``notes`` (already scoped to the viewer)
    over the periods of ``kind``: ``{"periods", "areas", "spots", "map", "counts"}``."""
    spans = periods(kind, today)
    if root is not None:
        notes = notes.filter(
            Q(place__path__startswith=root.path) | Q(place__today_path__startswith=root.path)
        )
    rows = notes.filter(noted_on__gte=spans[0].start, noted_on__lte=spans[-1].end).order_by(
        "noted_on", "id"
    )
    found: dict[tuple, Spot] = {}
    for note in rows[:MAX_NOTES]:
        key = (note.place_id, note.field)
        spot = found.get(key)
        if spot is None:
            spot = found[key] = Spot(
                note.place, note.field, note, [None] * len(spans), [p.label for p in spans]
            )
        spot.latest = note  # ordered by date: the last one read is the latest
        for index, span in enumerate(spans):
            if span.start <= note.noted_on <= span.end:
                spot.series[index] = note.level
    children = _children(root)
    by_path = {child.path: child for child in children}
    depths = {len(child.path.strip(".").split(".")) for child in children}
    areas: dict[int, Area] = {}
    for spot in found.values():
        unit = _area_of(spot.place, root, by_path, depths)
        area = areas.get(unit.pk) or areas.setdefault(unit.pk, Area(unit))
        area.spots.append(spot)
        spot.area = area
    for area in areas.values():
        area.series = [
            sum(1 for spot in area.spots if spot.series[index] in ATTENTION)
            for index in range(len(spans))
        ]
    ordered = sorted(
        areas.values(), key=lambda a: (-a.hot, -a.watch, -len(a.spots), a.unit.name_folded)
    )
    spots = sorted(
        found.values(),
        key=lambda s: (-LEVEL_RANK[s.level], -s.latest.noted_on.toordinal(), s.place.name),
    )
    counts = dict.fromkeys(AttentionLevel.values, 0)
    for spot in spots:
        counts[spot.level] += 1
    return {
        "periods": spans,
        "areas": ordered,
        "spots": spots,
        "attention": [s for s in spots if s.level in ATTENTION or set(s.series) & set(ATTENTION)],
        "counts": counts,
        "map": _draw(ordered),
        "series_width": CELL * len(spans),
    }


def _draw(areas: list[Area]) -> dict | None:
    """Each area with coordinates a point: red with a hot spot, orange with a place to watch,
    green otherwise, its size by the number of its spots needing attention."""
    placed = [a for a in areas if a.unit.latitude is not None and a.unit.longitude is not None]
    if not placed:
        return None
    frame = maps.fit(
        [(a.unit.latitude, a.unit.longitude) for a in placed],
        width=MAP_WIDTH,
        max_height=MAP_HEIGHT,
        padding=MAP_PADDING,
    )
    largest = max(a.hot + a.watch for a in placed) or 1
    points = []
    for area in placed:
        x, y = frame.place(area.unit.latitude, area.unit.longitude)
        needing = area.hot + area.watch
        radius = round(max(5.0, MAX_RADIUS * (needing / largest) ** 0.5), 1) if needing else 4
        point = {
            "area": area,
            "x": x,
            "y": y,
            "r": radius,
            "colour": COLOURS[area.level],
            "level": area.level,
        }
        point.update(
            maps.label_place(area.unit.name, x, y, radius, width=MAP_WIDTH, height=frame.height)
        )
        points.append(point)
    points.sort(key=lambda p: -p["r"])  # small points drawn last, on top
    legend = [{"colour": COLOURS[value], "label": label} for value, label in AttentionLevel.choices]
    return {
        "points": points,
        "width": MAP_WIDTH,
        "height": frame.height,
        "labels": len(points) <= 40,
        "tiles": frame.tiles(),
        "legend": legend[::-1],
    }
