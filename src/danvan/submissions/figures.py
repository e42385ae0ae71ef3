"""The figures a template computes, filled in from the report engine for the reporting unit (or
organisation) and the period — "what the records say" today."""

from dataclasses import dataclass, field

from danvan.core import measures
from danvan.reports.periods import Period
from danvan.reports.queries import ReportSpec, Scope, build_report


@dataclass
class Filled:
    figures: list[dict] = field(default_factory=list)  # [{"code", "label", "value"}]
    narrative: str = ""


def known_measures(codes) -> tuple[str, ...]:
    """The template's measure codes that are still registered (a measure may be retired)."""
    registered = {m.code for m in measures.measures()}
    return tuple(code for code in codes if code in registered)


def scope_of(obligation) -> Scope:
    if obligation.unit_id:
        return Scope(unit=obligation.unit)
    return Scope(organization=obligation.organization)


def fill(template, scope: Scope, period: Period) -> Filled:
    """The template's figures for ``scope`` and ``period`` as the records say (the system's view:
    everything in the scope), and the engine's narrative of them."""
    codes = known_measures(template.measures)
    if not codes:
        return Filled()
    report = build_report(ReportSpec(period=period, scope=scope, measures=codes), user=None)
    return Filled(
        figures=[
            {
                "code": code,
                "label": str(measures.get_measure(code).label),
                "value": report.total.figures[code].value,
            }
            for code in codes
        ],
        narrative=report.narrative,
    )


def fill_for(obligation, period: Period) -> Filled:
    return fill(obligation.template, scope_of(obligation), period)
