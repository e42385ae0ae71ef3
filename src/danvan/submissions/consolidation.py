"""The receiving level's own report for a period, drafted from the accepted submissions of its
units: the sums of the figures as they were sent (frozen) beside what the records say today for
the whole level, the sums of the entered indicators, which units are missing, and the engine's
narrative of the level's own records.

Across the reform of 1/7/2025, a period is reported by the units that exist on its last day: a
period before the reform consolidates the old units as they were (each shown with the unit of
today it became part of), a period after it today's units; a period that spans the date is
reported by today's units, whose figures count the records of the whole period — including
those of the old units that became part of them — and the report says so."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.formatting import format_number, format_percent
from danvan.reports.periods import Period
from danvan.reports.queries import Scope
from danvan.submissions import queries
from danvan.submissions.enums import Standing
from danvan.submissions.figures import fill
from danvan.submissions.periods import deadline
from danvan.territory.models import REFORM_DATE
from danvan.territory.queries import units_by_path


@dataclass
class Consolidation:
    template: object
    receiver: object  # an obligation naming the receiving level (``receiver_name()``)
    period: Period
    board: queries.Board
    figures: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    accepted: list[dict] = field(default_factory=list)
    missing: list[queries.BoardRow] = field(default_factory=list)
    narrative: str = ""
    # What the units wrote, by section (those the engine does not draft): the material of the
    # level's own text — [{"title", "entries": [{"name", "text"}]}].
    texts: list[dict] = field(default_factory=list)

    @property
    def spans_reform(self) -> bool:
        return self.period.start < REFORM_DATE <= self.period.end

    def reform_note(self) -> str:
        if self.spans_reform:
            return _(
                "The period spans 1/7/2025: it is reported by the units that exist at its end "
                "(today's), and their figures count the records of the whole period, including "
                "those of the former units that became part of them."
            )
        if self.period.end < REFORM_DATE:
            return _(
                "The period ended before 1/7/2025: the units are consolidated as they were then; "
                "each is shown with the unit of today it became part of."
            )
        return ""

    def summary(self) -> str:
        """ "12/124 đơn vị đã gửi báo cáo (9,7%), 10 đã được tiếp nhận; chưa gửi: …"."""
        board = self.board
        text = _(
            "%(reported)s of %(total)s units reported (%(percent)s), %(accepted)s accepted."
        ) % {
            "reported": format_number(board.reported),
            "total": format_number(board.total),
            "percent": format_percent(board.percent or 0),
            "accepted": format_number(len(self.accepted)),
        }
        missing = [
            row.obligation.reporter_name()
            for row in self.missing
            if row.standing in (Standing.NOT_YET, Standing.OVERDUE)
        ]
        if missing:
            shown = ", ".join(missing[:10])
            if len(missing) > 10:
                shown += _(" and %(count)s others") % {"count": format_number(len(missing) - 10)}
            text += " " + _("Not yet reported: %(units)s.") % {"units": shown}
        return text


def _sum_indicators(template, versions) -> list[dict]:
    totals: dict[str, Decimal] = {}
    entered: dict[str, int] = {}
    for version in versions:
        for item in version.indicators:
            if item.get("value") not in (None, ""):
                totals[item["code"]] = totals.get(item["code"], Decimal(0)) + Decimal(
                    str(item["value"])
                )
                entered[item["code"]] = entered.get(item["code"], 0) + 1
    return [
        {
            "code": indicator.code,
            "label": indicator.label,
            "total": totals.get(indicator.code, Decimal(0)),
            "units": entered.get(indicator.code, 0),
        }
        for indicator in template.indicators.all()
    ]


def _texts(template, accepted: list[dict]) -> list[dict]:
    result = []
    for section in template.sections.all():
        if section.drafted:
            continue
        entries = [
            {"name": item["name"], "text": text}
            for item in accepted
            for written in item["version"].sections
            if written.get("title") == section.title and (text := written.get("text"))
        ]
        if entries:
            result.append({"title": section.title, "entries": entries})
    return result


def _sum_figures(versions, records: list[dict]) -> list[dict]:
    sent: dict[str, int | float] = {}
    for version in versions:
        for item in version.figures:
            sent[item["code"]] = sent.get(item["code"], 0) + (item.get("value") or 0)
    rows = []
    for item in records:
        total = sent.get(item["code"], 0)
        rows.append(
            {
                "code": item["code"],
                "label": item["label"],
                "sent": total,
                "records": item["value"],
                "difference": item["value"] - total,
            }
        )
    return rows


def consolidate(obligations, *, template, period: Period, today=None) -> Consolidation:
    """``obligations``: one receiving level's obligations on ``template`` (the user's view).
    A fixed number of queries whatever the number of units."""
    today = today or timezone.localdate()
    due = deadline(period, template.deadline_day)
    board = queries.completeness(obligations, period=period, due=due, today=today)
    sample = obligations.select_related("receiver_unit", "receiver_organization").first()
    versions = queries.accepted_versions(queries.due_obligations(obligations, period), period)
    by_obligation = {v.obligation_id: v for v in versions}
    placed = [row.obligation.unit for row in board.rows if row.obligation.pk in by_obligation]
    today_units = units_by_path(
        {u.today_path for u in placed if u is not None and u.today_path != u.path}
    )
    accepted = []
    for row in board.rows:
        version = by_obligation.get(row.obligation.pk)
        if version is None:
            continue
        unit = row.obligation.unit
        now = today_units.get(unit.today_path) if unit is not None else None
        accepted.append(
            {
                "name": row.obligation.reporter_name(),
                "today": now.full_name if now is not None and now.pk != unit.pk else "",
                "version": version,
                "submission": row.submission,
            }
        )
    scope = None
    if sample is not None:
        scope = (
            Scope(unit=sample.receiver_unit)
            if sample.receiver_unit_id
            else Scope(organization=sample.receiver_organization)
        )
    records = fill(template, scope, period) if scope is not None else None
    result = Consolidation(
        template=template,
        receiver=sample,
        period=period,
        board=board,
        figures=_sum_figures(versions, records.figures if records else []),
        indicators=_sum_indicators(template, versions),
        accepted=accepted,
        missing=[row for row in board.rows if row.obligation.pk not in by_obligation],
        narrative=records.narrative if records else "",
        texts=_texts(template, accepted),
    )
    return result


def from_below(obligation, period: Period, *, today=None) -> Consolidation | None:
    """For a level that reports upward on the same template its own units report to it on
    (a province to the centre), the consolidation of its units' accepted reports — what its
    own report starts from. None when no unit reports to it."""
    from danvan.submissions.models import Obligation

    if obligation.unit_id:
        below = Obligation.objects.filter(
            template=obligation.template, receiver_unit=obligation.unit
        )
    else:
        below = Obligation.objects.filter(
            template=obligation.template, receiver_organization=obligation.organization
        )
    if not below.exists():
        return None
    return consolidate(below, template=obligation.template, period=period, today=today)


def starting_values(consolidation: Consolidation) -> dict:
    """The indicators of the level's own report, as the sums of its units' accepted reports."""
    result = {}
    for row in consolidation.indicators:
        if row["units"]:
            total = row["total"]
            result[row["code"]] = str(int(total)) if total == int(total) else str(total)
    return result
