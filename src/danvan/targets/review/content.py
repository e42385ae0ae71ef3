"""What a programme's review document (sơ kết, tổng kết) says: its targets as they stood on a
day, the sentences written from them ("Đến nay có 12/15 chỉ tiêu đạt và vượt …"), and the
recommendations of its surveys with their state. Read through the selectors: a user's document
shows what the user may see."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from danvan.core.formatting import format_date, format_number
from danvan.targets import queries
from danvan.targets.enums import ReviewKind, Rollup, Standing, ValueSource
from danvan.targets.models import Milestone, Recommendation, Target, TargetValue
from danvan.targets.services.standing import judge


@dataclass
class Row:
    number: str
    name: str
    unit_of_measure: str
    goal: str
    value: str
    percent: str
    standing: Standing


@dataclass
class RecommendationRow:
    title: str
    addressed_to: str
    due: str
    state: str


@dataclass
class ReviewContent:
    kind: str
    title: str
    programme: object
    as_of: date
    rows: list[Row] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    recommendations: list[RecommendationRow] = field(default_factory=list)
    counts: dict = field(default_factory=dict)

    @property
    def heading(self) -> str:
        return _("REPORT")


def number(value) -> str:
    if value is None:
        return "—"
    value = Decimal(value).normalize()
    if value == value.to_integral_value():
        return format_number(int(value))
    return f"{value:f}".replace(".", ",")


def _points(target, values, children, day) -> list:
    """The target's figures up to ``day``: its own (computed or reported), else its units'."""
    source = ValueSource.COMPUTED if target.is_computed else ValueSource.REPORTED
    own = [(v.as_of, v.value) for v in values.get(target.pk, []) if v.source == source]
    if own:
        return own
    latest = []
    for child in children.get(target.pk, []):
        mine = _points(child, values, children, day)
        if mine:
            latest.append(mine[-1])
    if not latest:
        return []
    total = sum((v for _d, v in latest), Decimal(0))
    if target.rollup == Rollup.SAME:
        total = (total / len(latest)).quantize(Decimal("0.01"))
    return [(max(d for d, _v in latest), total)]


def standings_on(programme, user, day: date) -> list[tuple[Target, dict]]:
    """Each of the programme's own targets the user may see, judged on its figures up to
    ``day`` (a review of mid-2022 reads the figures of then, not today's)."""
    targets = list(queries.programme_targets(programme, user))
    every = list(Target.objects.filter(programme=programme).select_related("programme"))
    children: dict = {}
    for target in every:
        children.setdefault(target.parent_id, []).append(target)
    values: dict = {}
    for value in TargetValue.objects.filter(target__programme=programme, as_of__lte=day).order_by(
        "as_of"
    ):
        values.setdefault(value.target_id, []).append(value)
    marks: dict = {}
    for mark in Milestone.objects.filter(target__in=targets):
        marks.setdefault(mark.target_id, []).append((mark.due, mark.value))
    result = []
    for target in targets:
        target.programme = programme
        points = _points(target, values, children, day)
        result.append((target, judge(target, points=points, milestones=marks.get(target.pk, []))))
    return result


def _summary(counts: dict, total: int) -> str:
    text = _("So far %(met)s of %(total)s targets are met or exceeded") % {
        "met": counts[Standing.MET],
        "total": total,
    }
    parts = []
    if counts[Standing.LIKELY]:
        parts.append(
            ngettext(
                "%(n)s target is likely to be met",
                "%(n)s targets are likely to be met",
                counts[Standing.LIKELY],
            )
            % {"n": counts[Standing.LIKELY]}
        )
    if counts[Standing.AT_RISK]:
        parts.append(
            ngettext(
                "%(n)s target is hard to meet",
                "%(n)s targets are hard to meet",
                counts[Standing.AT_RISK],
            )
            % {"n": counts[Standing.AT_RISK]}
        )
    if counts[Standing.NO_DATA]:
        parts.append(
            ngettext(
                "%(n)s target has no figures yet",
                "%(n)s targets have no figures yet",
                counts[Standing.NO_DATA],
            )
            % {"n": counts[Standing.NO_DATA]}
        )
    return ", ".join([text, *parts]) + "."


def build(programme, *, user, kind: str, as_of: date) -> ReviewContent:
    judged = standings_on(programme, user, as_of)
    title = (
        _("Final review of %(programme)s")
        if kind == ReviewKind.FINAL
        else _("Interim review of %(programme)s")
    ) % {"programme": programme.name}
    content = ReviewContent(kind=kind, title=title, programme=programme, as_of=as_of)
    counts = dict.fromkeys(Standing.values, 0)
    hard = []
    for target, fields in judged:
        standing = Standing(fields["standing"])
        counts[standing] += 1
        value = fields["current_value"]
        sign = "≤" if target.direction == "at_most" else "≥"
        percent = "—"
        if value is not None and target.target_value and target.direction != "at_most":
            percent = f"{number((value * 100 / target.target_value).quantize(Decimal('0.1')))}%"
        content.rows.append(
            Row(
                number=target.number,
                name=target.name,
                unit_of_measure=target.unit_of_measure,
                goal=f"{sign} {number(target.target_value)}",
                value=number(value),
                percent=percent,
                standing=standing,
            )
        )
        if standing == Standing.AT_RISK:
            label = f"{target.number}. {target.name}" if target.number else target.name
            hard.append(
                f"{label} ({number(value)}/{number(target.target_value)} {target.unit_of_measure})"
            )
    content.counts = counts
    if judged:
        content.sentences.append(_summary(counts, len(judged)))
    if hard:
        content.sentences.append(
            _("Targets hard to meet: %(targets)s.") % {"targets": "; ".join(hard)}
        )
    content.sentences.insert(
        0,
        _("This review covers the figures recorded up to %(day)s.") % {"day": format_date(as_of)},
    )
    content.recommendations = recommendation_rows(programme, user)
    return content


def recommendation_rows(programme, user) -> list[RecommendationRow]:
    """The recommendations of the programme's surveys and inspections the user may see."""
    inspections = queries.inspections_visible_to(user).filter(programme=programme)
    recommendations = (
        Recommendation.objects.filter(inspection__in=inspections)
        .select_related("organization", "inspection", "followup")
        .order_by("inspection__starts_on", "order", "id")
    )
    return [
        RecommendationRow(
            title=r.title,
            addressed_to=r.organization.name,
            due=format_date(r.due) if r.due else "—",
            state=_state(r.followup),
        )
        for r in recommendations
    ]


def _state(followup) -> str:
    """The follow-up's state in words, "overdue" said when it is."""
    if followup is None:
        return "—"
    text = str(followup.get_state_display()).capitalize()
    if followup.overdue:
        text = _("%(state)s, overdue since %(day)s") % {
            "state": text,
            "day": format_date(followup.due_date),
        }
    return text
