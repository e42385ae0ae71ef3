"""The report as a PDF: the same layout as the Word document, written as HTML
(``reports/report_document.html``) and rendered by the project's ``core.pdf.render_pdf``
(WeasyPrint with its own Vietnamese font), the chart included as SVG."""

from django.template.loader import render_to_string

from danvan.core.pdf import render_pdf
from danvan.reports import charts
from danvan.reports.figures import Report
from danvan.reports.files import common


def document_html(report: Report) -> str:
    first, *others = common.main_measures(report) or [None]
    issuing = common.issuer(report)
    rows = [
        {
            "labels": common.row_labels(report, row),
            "row": row,
            "first": row.figures[first] if first else None,
            "others": [row.figures[m] for m in others],
        }
        for row in common.table_rows(report)
    ]
    context = {
        "report": report,
        "issuer": issuing,
        "motto": issuing.motto(),
        "date_line": common.date_line(issuing),
        "title": common.title(),
        "subtitle": common.subtitle(report),
        "header_lines": common.header_lines(report)[:3],
        "dimension_headers": common.dimension_headers(report),
        "first_measure": first,
        "first_label": common.measure_label(first) if first else "",
        "main_measures": [(m, common.measure_label(m)) for m in others],
        "breakdowns": [
            {
                "title": breakdown.title,
                "header": breakdown.header,
                "figures": [(common.measure_label(m), report.total.figures[m]) for m in codes],
            }
            for breakdown, codes in common.breakdowns(report)
        ],
        "rows": rows,
        "chart": charts.bar_chart(report),
    }
    return render_to_string("reports/report_document.html", context)


def render(report: Report) -> bytes:
    return render_pdf(document_html(report))
