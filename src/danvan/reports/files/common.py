"""What the three files say the same way: the title, the header lines, the columns."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from danvan.core import measures
from danvan.core.formatting import format_date
from danvan.reports.enums import Hierarchy
from danvan.reports.figures import Report, Row
from danvan.reports.files.issuer import Issuer, issuer_of


def main_measures(report: Report) -> list[str]:
    """The measures of the main table of a Party report: the first with its comparison, the
    others by their figure (all of them are in the XLSX)."""
    return [m for m in report.measures if measures.get_measure(m).breakdown is None]


def breakdowns(report: Report) -> list[tuple[measures.Breakdown, list[str]]]:
    """The side tables (recognitions by level), each with its measures, in the report's order."""
    tables: dict[measures.Breakdown, list[str]] = {}
    for code in report.measures:
        breakdown = measures.get_measure(code).breakdown
        if breakdown is not None:
            tables.setdefault(breakdown, []).append(code)
    return list(tables.items())


def title() -> str:
    return _("REPORT")


def subtitle(report: Report) -> str:
    """What the report is about, as the source of its first measure says it, with the period."""
    if not report.measures:
        return report.period.label()
    source = measures.get_source(measures.get_measure(report.measures[0]).source)
    return str(source.title) % {"period": report.period.label()}


def header_lines(report: Report) -> list[str]:
    before = report.period.previous()
    hierarchy = Hierarchy.TODAY if report.remap else Hierarchy.AS_IT_WAS
    lines = [
        _("Scope: %(scope)s") % {"scope": report.scope_text or report.scope_label},
        _("Period: %(period)s (%(dates)s), compared with %(comparison)s (%(before)s)")
        % {
            "period": report.period.label(),
            "dates": report.period.dates(),
            "comparison": report.period.comparison_label(),
            "before": before.dates(),
        },
        _("Units: %(hierarchy)s") % {"hierarchy": hierarchy.label},
    ]
    if report.areas:
        areas = ", ".join(str(measures.get_filter(area).label) for area in report.areas)
        lines.append(_("Only: %(areas)s") % {"areas": areas})
    lines.append(_("Produced on %(date)s") % {"date": format_date(timezone.localdate())})
    return lines


def dimension_headers(report: Report) -> list[str]:
    labels = [str(measures.get_dimension(code).label) for code in report.by]
    return labels or [pgettext("report", "Scope")]


def measure_label(measure: str) -> str:
    return str(measures.get_measure(measure).label)


def row_labels(report: Report, row: Row) -> list[str]:
    """The cells naming a row: one per dimension (a subtotal names its first one)."""
    width = max(len(report.by), 1)
    if row.kind == "total":
        return [pgettext("report", "Total")] + [""] * (width - 1)
    labels = [key.label for key in row.keys]
    if row.kind == "subtotal":
        labels = [_("Subtotal: %(label)s") % {"label": labels[0]}]
    return labels + [""] * (width - len(labels))


def table_rows(report: Report) -> list[Row]:
    return [*report.rows_with_subtotals(), report.total]


def issuer(report: Report, *, on=None) -> Issuer:
    """The body issuing the report on ``on`` (today): its header, signature and recipients."""
    return issuer_of(
        unit=report.scope_unit or report.issuing_unit,
        organization=report.scope_organization,
        on=on or timezone.localdate(),
    )


def date_line(issuing: Issuer, *, on=None) -> str:
    """ "Phú Thọ, ngày 07 tháng 12 năm 2026": the issuing body's place and the date of issue."""
    day = on or timezone.localdate()
    return _("%(place)s, day %(day)s month %(month)s year %(year)s") % {
        "place": issuing.place,
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}",
        "year": day.year,
    }
