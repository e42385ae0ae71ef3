"""The report as stable JSON (the command line's output, and what tests compare)::

    {"scope": "Huyện Yên Lập, Tỉnh Phú Thọ",
     "period": {"from": "2022-01-01", "to": "2022-10-31", "label": "10 tháng năm 2022"},
     "previous_period": {"from": "2021-01-01", "to": "2021-10-31", "label": "…"},
     "hierarchy": "as_it_was" | "today", "by": ["subject"], "areas": [],
     "measures": ["registered", "active", …],
     "rows": [{"subject": "Tập thể", "subject_key": "collective", "registered": 99, …,
               "previous": {"registered": 80, …}, "change": {"registered": 19, …},
               "change_percent": {"registered": 23.8, …}}, …],
     "subtotals": [… rows of the first dimension, when grouped by two or more …],
     "total": {"registered": 114, …, "previous": {…}, "change": {…}, "change_percent": {…}},
     "narrative": "Trong 10 tháng năm 2022, …"}

Keys never change meaning; new measures may be added."""

from danvan.reports.enums import Hierarchy
from danvan.reports.figures import Report, Row
from danvan.reports.periods import Period


def _period(period: Period) -> dict:
    return {"from": period.start.isoformat(), "to": period.end.isoformat(), "label": period.label()}


def row_json(row: Row, measures) -> dict:
    data: dict = {}
    for key in row.keys:
        data[key.dimension] = key.label
        data[f"{key.dimension}_key"] = key.key
    for measure in measures:
        data[measure] = row.figures[measure].value
    data["previous"] = {m: row.figures[m].previous for m in measures}
    data["change"] = {m: row.figures[m].change for m in measures}
    data["change_percent"] = {m: row.figures[m].percent for m in measures}
    return data


def report_json(report: Report) -> dict:
    return {
        "scope": report.scope_label,
        "period": _period(report.period),
        "previous_period": _period(report.period.previous()),
        "hierarchy": str(Hierarchy.TODAY if report.remap else Hierarchy.AS_IT_WAS),
        "by": list(report.by),
        "areas": list(report.areas),
        "measures": list(report.measures),
        "rows": [row_json(row, report.measures) for row in report.rows],
        "subtotals": [row_json(row, report.measures) for row in report.subtotals],
        "total": row_json(report.total, report.measures),
        "narrative": report.narrative,
    }
