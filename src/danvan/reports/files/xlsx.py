"""The report as an Excel workbook: a header with the scope, the period and the comparison, the
narrative, then one row per group with, for each measure, this period, the previous one, the
change and the change in per cent (figures as numbers with a thousands format, per cents as
per cents, years as numbers), under two header rows merged and labelled."""

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from danvan.reports.figures import Report
from danvan.reports.files import common

_BOLD = Font(bold=True)
_FILL = PatternFill("solid", fgColor="DDEBF7")
_SUBTOTAL = PatternFill("solid", fgColor="F2F2F2")
_THIN = Side(style="thin", color="999999")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
NUMBER = "#,##0"
SIGNED = "+#,##0;-#,##0;0"
PERCENT = "+0.0%;-0.0%;0.0%"  # a fraction shown as per cent: Excel computes with it
YEAR = "0"  # a year is a number written without a thousands separator


def _period_headers(report: Report) -> list:
    """The four columns under a measure: this period and the one compared with (their years,
    as numbers, when both are whole years), the change and the change in per cent."""
    period, before = report.period, report.period.previous()
    whole = all(
        (p.start.month, p.start.day, p.end.month, p.end.day) == (1, 1, 12, 31)
        and p.start.year == p.end.year
        for p in (period, before)
    )
    compared = (
        [period.start.year, before.start.year]
        if whole
        else [pgettext("report", "This period"), pgettext("report", "Previous")]
    )
    return [*compared, pgettext("report", "Change"), pgettext("report", "Change (%)")]


def render(report: Report) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Report")
    labels = len(common.dimension_headers(report))
    width = labels + 4 * len(report.measures)
    sheet.append([common.title() + " — " + common.subtitle(report)])
    sheet["A1"].font = Font(bold=True, size=14)
    for line in common.header_lines(report):
        sheet.append([line])
    sheet.append([report.narrative])
    narrative_row = sheet.max_row
    sheet.merge_cells(start_row=narrative_row, start_column=1, end_row=narrative_row, end_column=12)
    cell = sheet.cell(narrative_row, 1)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[narrative_row].height = 15 * (1 + len(report.narrative) // 120)
    sheet.append([""])  # a blank line (an empty list would add no row)

    first = common.dimension_headers(report)
    sheet.append(
        first + [label for m in report.measures for label in [common.measure_label(m)] * 4]
    )
    top = sheet.max_row
    sheet.append([""] * labels + _period_headers(report) * len(report.measures))
    for column in range(1, labels + 1):
        sheet.merge_cells(start_row=top, start_column=column, end_row=top + 1, end_column=column)
    for index in range(len(report.measures)):
        start = labels + 1 + 4 * index
        sheet.merge_cells(start_row=top, start_column=start, end_row=top, end_column=start + 3)
    for row in sheet.iter_rows(min_row=top, max_row=top + 1, max_col=width):
        for cell in row:
            cell.font, cell.fill, cell.alignment, cell.border = _BOLD, _FILL, _CENTER, _BOX
            if isinstance(cell.value, int):
                cell.number_format = YEAR

    for row in common.table_rows(report):
        values = common.row_labels(report, row)
        for measure in report.measures:
            figure = row.figures[measure]
            percent = figure.percent / 100 if figure.percent is not None else None
            values += [figure.value, figure.previous, figure.change, percent]
        sheet.append(values)
        line = sheet.max_row
        for column in range(1, width + 1):
            cell = sheet.cell(line, column)
            cell.border = _BOX
            if row.kind != "row":
                cell.font = _BOLD
                cell.fill = _SUBTOTAL
            if column > labels:
                position = (column - labels - 1) % 4
                cell.number_format = [NUMBER, NUMBER, SIGNED, PERCENT][position]
    for column in range(1, width + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 28 if column <= labels else 11
    sheet.freeze_panes = sheet.cell(top + 2, labels + 1)
    sheet.print_title_rows = f"{top}:{top + 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
