"""The public figures per province of today: the report engine's counts of the measures their
apps marked public (``Measure.public``) — never another — for the whole country, grouped by the
province each record counts for today (remapped), and the map drawn from them by the reports'
own SVG map (``reports.charts.map_points``: no tile server).

Counting the whole country is a few ``GROUP BY`` queries; the result is cached until the next
write anywhere (the key carries ``core.queries.latest_event_id``) or for the portal's cache time."""

from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import override

from danvan.core import measures as registry
from danvan.core.queries import latest_event_id
from danvan.reports import charts
from danvan.reports.periods import Period
from danvan.reports.queries import ReportSpec, Scope, build_report

FIRST_YEAR = 2010
MAP_MEASURE = "recognised"  # the map's points: the recognised models, when that one is public


def period_for(year: int | None) -> Period:
    today = timezone.localdate()
    if year is not None:
        return Period(date(year, 1, 1), date(year, 12, 31))
    return Period(date(FIRST_YEAR, 1, 1), date(today.year, 12, 31))


def public_codes() -> list[str]:
    return [measure.code for measure in registry.public_measures()]


def _compute(year: int | None) -> dict:
    codes = public_codes()
    if not codes:
        return {"columns": [], "rows": [], "total": [], "map": None}
    spec = ReportSpec(
        period=period_for(year),
        scope=Scope(),
        by=(registry.UNIT,),
        remap=True,
        measures=tuple(codes),
    )
    report = build_report(spec, user=None)
    rows = [
        {
            "label": row.keys[0].label,
            "unit_id": row.keys[0].unit_id,
            "values": [row.figures[code].value for code in codes],
        }
        for row in report.rows
    ]
    drawing = charts.map_points(report, MAP_MEASURE if MAP_MEASURE in codes else codes[0])
    for point in (drawing or {}).get("points", []):
        point["drill"] = f"/dien-hinh/?tinh={point['unit_id']}" if point["unit_id"] else ""
    return {
        "columns": [str(registry.get_measure(code).label) for code in codes],
        "rows": rows,
        "total": [report.total.figures[code].value for code in codes],
        "map": drawing,
    }


def province_figures(year: int | None = None) -> dict:
    """``{"columns", "rows" [{"label", "unit_id", "values"}], "total", "map"}`` for ``year``
    (None: every year since 2010)."""
    key = f"portal:figures:{latest_event_id()}:{year or 'all'}"
    found = cache.get(key)
    if found is None:
        with override("vi"):  # the portal speaks Vietnamese, whoever asked first
            found = _compute(year)
        cache.set(key, found, settings.DANVAN_PORTAL_CACHE_SECONDS)
    return found
