"""Eligibility for a kind of honour, computed from the register and explained in words.

The rules are data on ``HonourKind`` (no code per kind): months of dân vận work counted from
the people's service periods (overlapping periods count once; a month in a difficult area
counts as the kind's percentage; women and ethnic-minority people may need fewer months),
being still in dân vận work, models carried out and their recognitions, an earlier honour and
the years since, a once-only honour not received yet, no exclusion recorded. Every evaluation
is a list of conditions, each met or not with its sentence ("17 năm 4 tháng làm công tác dân
vận (cần 15 năm)") and, when not met, what is missing ("còn thiếu 8 tháng").

Facts are read for many recipients at once (one query per kind of fact, whatever their
number), so the candidates of a province are one pass."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from danvan.core.formatting import format_date, format_number
from danvan.honors.enums import Recipient
from danvan.honors.models import Exclusion, Honour, HonourKind
from danvan.initiatives.models import Initiative
from danvan.organizations.enums import Gender
from danvan.organizations.models import Person, ServicePeriod

DAYS_PER_MONTH = 365.25 / 12
# A near miss lacks one condition only, and no more than this many months of service.
NEAR_MONTHS = 24
# Outcomes of a review that recognise a model (reviews.enums.LEVELLED_OUTCOMES, by value:
# honours sits beside reviews and reads its recognitions through the initiative).
RECOGNISED = ("recognised", "outstanding")
COUNTED_STATUSES = ("registered", "active", "suspended", "ended")


def duration(months: int) -> str:
    """17 năm 4 tháng; 8 tháng; 15 năm."""
    years, rest = divmod(max(months, 0), 12)
    parts = []
    if years:
        parts.append(ngettext("%(n)s year", "%(n)s years", years) % {"n": years})
    if rest or not years:
        parts.append(ngettext("%(n)s month", "%(n)s months", rest) % {"n": rest})
    return " ".join(parts)


class Condition:
    """One condition, met or not, with its sentence and what is missing. The sentences are
    written when read (``text``, ``missing`` may be given as functions): a province's
    candidates evaluate 200,000 people and show a page of them."""

    __slots__ = ("_missing", "_text", "final", "gap_months", "met")

    def __init__(self, met, text, missing="", gap_months=None, *, final=False):
        self.met = met
        self._text = text
        self._missing = missing
        self.gap_months = gap_months
        self.final = final  # cannot be made up for (a once-only honour received already)

    @property
    def text(self) -> str:
        if callable(self._text):
            self._text = self._text()
        return self._text

    @property
    def missing(self) -> str:
        if callable(self._missing):
            self._missing = self._missing()
        return self._missing

    def __repr__(self) -> str:
        return f"Condition(met={self.met}, text={self.text!r}, missing={self.missing!r})"


@dataclass
class Evaluation:
    recipient: object
    conditions: list[Condition] = field(default_factory=list)
    served_months: int | None = None

    @property
    def eligible(self) -> bool:
        return all(c.met for c in self.conditions)

    @property
    def unmet(self) -> list[Condition]:
        return [c for c in self.conditions if not c.met]

    @property
    def near_miss(self) -> bool:
        unmet = self.unmet
        if len(unmet) != 1 or unmet[0].final:
            return False
        gap = unmet[0].gap_months
        return gap is None or gap <= NEAR_MONTHS

    @property
    def summary(self) -> str:
        """ "Đủ điều kiện: 17 năm 4 tháng làm công tác dân vận (cần 15 năm)"."""
        if self.eligible:
            texts = "; ".join(c.text for c in self.conditions) or _("no condition is set")
            return _("Eligible: %(reasons)s") % {"reasons": texts}
        texts = "; ".join(f"{c.text}, {c.missing}" if c.missing else c.text for c in self.unmet)
        return _("Not eligible: %(reasons)s") % {"reasons": texts}


# ---- service periods ------------------------------------------------------------------------


def _calendar_months(start: date, end: date) -> float:
    """Months from ``start`` to ``end``: calendar months (1/2/2009 to 1/6/2026 is 17 years 4
    months), the days beyond the same day of the month as 1/30.4375 of a month each. Linear,
    so periods that meet add up to the whole; the database computes the same
    (``_months_sql``)."""
    return (
        (end.year - start.year) * 12
        + (end.month - start.month)
        + (end.day - start.day) / DAYS_PER_MONTH
    )


def _months_sql(vendor: str, end: str, start: str) -> str:
    """``_calendar_months`` in SQL, on both databases."""
    if vendor == "postgresql":
        # date_part is double precision (EXTRACT is numeric since PostgreSQL 14: far slower).
        part = "date_part('{unit}', {column})"
        units = ("year", "month", "day")
    else:
        part = "CAST(strftime('%%{unit}', {column}) AS INTEGER)"
        units = ("Y", "m", "d")

    def diff(unit):
        return f"({part.format(unit=unit, column=end)} - {part.format(unit=unit, column=start)})"

    year, month, day = (diff(unit) for unit in units)
    return f"({year} * 12 + {month} + {day} / {DAYS_PER_MONTH})"


def service_months_in_db(people: QuerySet, *, as_of: date, percent: int) -> dict:
    """{person id: (weighted months, still serving, periods overlap, some in a difficult area)}
    for ``people``, counted
    by the database in one GROUP BY (a province's 1,000,000 periods are not read one by one).
    Where a person's periods overlap, the sum counts the overlap twice: the caller counts those
    few people again in Python (``weighted_months``)."""
    table = connection.ops.quote_name(ServicePeriod._meta.db_table)
    end = connection.ops.quote_name("end")
    start = connection.ops.quote_name("start")
    subquery, sub_params = people.values("pk").query.sql_with_params()
    months = _months_sql(connection.vendor, "stop", "first")
    sql = f"""
        WITH periods AS (
            SELECT s.id, s.person_id, s.{start} AS first, s.difficult_area,
                   CASE WHEN s.{end} IS NULL OR s.{end} > %s THEN %s ELSE s.{end} END AS stop,
                   CASE WHEN s.{end} IS NULL OR s.{end} >= %s THEN 1 ELSE 0 END AS still
            FROM {table} s
            WHERE s.{start} IS NOT NULL AND s.{start} <= %s AND s.person_id IN ({subquery})
        ), ordered AS (
            SELECT periods.*, MAX(stop) OVER (
                PARTITION BY person_id ORDER BY first, id
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
            ) AS before
            FROM periods
        )
        SELECT person_id,
               SUM(CASE WHEN stop > first
                        THEN {months} * CASE WHEN difficult_area THEN %s ELSE 100 END
                        ELSE 0 END) / 100.0,
               MAX(still),
               MAX(CASE WHEN before > first THEN 1 ELSE 0 END),
               MAX(CASE WHEN difficult_area THEN 1 ELSE 0 END)
        FROM ordered GROUP BY person_id
    """  # noqa: S608 — names from the models, values as parameters
    params = [as_of, as_of, as_of, as_of, *sub_params, percent]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            row[0]: (float(row[1] or 0), bool(row[2]), bool(row[3]), bool(row[4]))
            for row in cursor.fetchall()
        }


def weighted_months(periods, *, as_of: date, percent: int) -> tuple[float, bool]:
    """Months of dân vận work up to ``as_of``: overlapping periods count once (at the higher
    weight); a month in a difficult area counts ``percent`` / 100. Also whether a period is
    still open. Months are calendar months (1/2/2009 to 1/6/2026 is 17 years 4 months)."""
    spans = []
    current = False
    for start, end, difficult in periods:
        if start is None or start > as_of:
            continue
        stop = end
        if end is None or end >= as_of:
            current = True
            stop = as_of
        if stop > start:
            spans.append((start, stop, percent if difficult else 100))
    if not spans:
        return 0.0, current
    if len(spans) == 1:
        start, end, weight = spans[0]
        return _calendar_months(start, end) * weight / 100, current
    pieces = _pieces_without_overlap(spans)
    if pieces is None:
        pieces = _pieces_of_overlapping(spans)
    total = 0.0
    for start, end, weight in pieces:
        total += _calendar_months(start, end) * weight / 100
    return total, current


def _pieces_without_overlap(spans) -> list | None:
    """The spans in order, those of one weight that meet joined; None if two overlap (the
    usual case is none: a person's periods follow one another)."""
    spans.sort()
    pieces: list[list] = []
    for start, stop, weight in spans:
        if pieces and start < pieces[-1][1]:
            return None
        if pieces and start == pieces[-1][1] and weight == pieces[-1][2]:
            pieces[-1][1] = stop
        else:
            pieces.append([start, stop, weight])
    return pieces


def _pieces_of_overlapping(spans) -> list:
    """Cut at every boundary; each piece at the highest weight covering it, joined again."""
    bounds = sorted({d for s in spans for d in s[:2]})
    pieces: list[list] = []
    for left, right in zip(bounds, bounds[1:], strict=False):
        weights = [w for s, e, w in spans if s <= left and e >= right]
        if not weights:
            continue
        weight = max(weights)
        if pieces and pieces[-1][1] == left and pieces[-1][2] == weight:
            pieces[-1][1] = right
        else:
            pieces.append([left, right, weight])
    return pieces


def months_of(months: float) -> int:
    return int(months + 1e-6)


def required_months(kind: HonourKind, *, gender: str, ethnicity: str) -> tuple[int | None, str]:
    """The months this person needs (the most favourable reduction the kind states) and for
    whom: "" (everyone), "women", "minority"."""
    if kind.min_service_months is None:
        return None, ""
    best, who = kind.min_service_months, ""
    women = kind.min_service_months_women
    if gender == Gender.FEMALE and women is not None and women < best:
        best, who = women, "women"
    minority = kind.min_service_months_minority
    if ethnicity not in ("", "Kinh") and minority is not None and minority < best:
        best, who = minority, "minority"
    return best, who


def _service_condition(
    kind, *, served: int, needed: int, who: str, difficult: bool = False
) -> Condition:
    def text() -> str:
        values = {"served": duration(served), "required": duration(needed)}
        if who == "women":
            sentence = _("%(served)s of dân vận work (%(required)s required of women)") % values
        elif who == "minority":
            sentence = (
                _("%(served)s of dân vận work (%(required)s required of ethnic-minority people)")
                % values
            )
        else:
            sentence = _("%(served)s of dân vận work (%(required)s required)") % values
        if difficult and kind.difficult_area_percent != 100:
            sentence += " " + _("(a month in a difficult area counts %(percent)s%%)") % {
                "percent": kind.difficult_area_percent
            }
        return sentence

    if served >= needed:
        return Condition(True, text)
    gap = needed - served
    return Condition(False, text, lambda: _("%(gap)s short") % {"gap": duration(gap)}, gap)


# ---- the common conditions --------------------------------------------------------------------


def _count_condition(count: int, required: int, *, text: str) -> Condition:
    sentence = text % {"count": format_number(count), "required": format_number(required)}
    if count >= required:
        return Condition(True, sentence)
    missing = _("%(gap)s more needed") % {"gap": format_number(required - count)}
    return Condition(False, sentence, missing)


def _honour_conditions(kind, *, received: dict[int, date], as_of: date) -> list[Condition]:
    conditions = []
    if kind.once_only and kind.pk in received:
        conditions.append(
            Condition(
                False,
                _("already received on %(day)s (it is conferred once only)")
                % {"day": format_date(received[kind.pk])},
                final=True,
            )
        )
    previous = kind.previous_kind
    if previous is not None:
        when = received.get(previous.pk)
        years = kind.years_since_previous or 0
        if when is None:
            conditions.append(
                Condition(False, _("has not received %(kind)s") % {"kind": previous.name})
            )
        else:
            elapsed = (as_of.year - when.year) - ((as_of.month, as_of.day) < (when.month, when.day))
            values = {
                "kind": previous.name,
                "day": format_date(when),
                "years": elapsed,
                "required": years,
            }
            if elapsed >= years:
                text = _("received %(kind)s on %(day)s") % values
                if years:
                    text += " " + _("(%(required)s years before are required)") % values
                conditions.append(Condition(True, text))
            else:
                conditions.append(
                    Condition(
                        False,
                        _(
                            "received %(kind)s on %(day)s, %(years)s years ago "
                            "(%(required)s years are required)"
                        )
                        % values,
                    )
                )
    return conditions


def _received(field_name: str, recipients: QuerySet, as_of: date) -> dict[int, dict[int, date]]:
    """{recipient id: {kind id: the day it was first received}} up to ``as_of``."""
    received: dict[int, dict[int, date]] = defaultdict(dict)
    rows = (
        Honour.objects.filter(**{f"{field_name}__in": recipients.values("pk")})
        .filter(decided_on__lte=as_of)
        .values_list(f"{field_name}_id", "kind_id", "decided_on")
        .order_by("decided_on")
    )
    for owner, kind_id, day in rows:
        received[owner].setdefault(kind_id, day)
    return received


def _models_of(lookup: str, recipients: QuerySet, as_of: date) -> tuple[dict, dict]:
    """Models carried out (by ``lookup``: owner_person / owner_organization) registered by
    ``as_of``, and their recognitions decided by then."""
    base = Initiative.objects.filter(
        **{f"{lookup}__in": recipients.values("pk")},
        status__in=COUNTED_STATUSES,
        year__lte=as_of.year,
    )
    models = dict(
        base.values_list(f"{lookup}_id").annotate(n=Count("pk")).values_list(f"{lookup}_id", "n")
    )
    recognitions = dict(
        base.filter(recognitions__outcome__in=RECOGNISED, recognitions__decided_on__lte=as_of)
        .values_list(f"{lookup}_id")
        .annotate(n=Count("recognitions"))
        .values_list(f"{lookup}_id", "n")
    )
    return models, recognitions


def _model_conditions(kind, *, models: int, recognitions: int) -> list[Condition]:
    conditions = []
    if kind.min_models:
        conditions.append(
            _count_condition(
                models,
                kind.min_models,
                text=_("%(count)s models carried out (%(required)s required)"),
            )
        )
    if kind.min_recognitions:
        conditions.append(
            _count_condition(
                recognitions,
                kind.min_recognitions,
                text=_("%(count)s recognitions of their models (%(required)s required)"),
            )
        )
    return conditions


# ---- recipients ------------------------------------------------------------------------------


class PersonRow(NamedTuple):
    """A person as the candidates read them (``evaluate`` gives the model instance instead)."""

    pk: int
    full_name: str
    gender: str
    ethnicity: str
    unit_id: int

    def __str__(self) -> str:
        return self.full_name


@dataclass
class PeopleFacts:
    """What the register says of many people, read in a few queries."""

    people: list[tuple]  # (pk, full_name, gender, ethnicity, unit_id): see ``PersonRow``
    service: dict
    models: dict
    recognitions: dict
    received: dict
    exclusions: dict

    def of(self, person) -> dict:
        return {
            "service": self.service.get(person.pk, (0.0, False, False, False)),
            "models": self.models.get(person.pk, 0),
            "recognitions": self.recognitions.get(person.pk, 0),
            "received": self.received.get(person.pk, {}),
            "exclusion": self.exclusions.get(person.pk),
        }


def people_facts(kind: HonourKind, people: QuerySet, *, as_of: date) -> PeopleFacts:
    source = people.order_by()  # read again as a subquery by each fact's query
    # Rows, not model instances: 200,000 people are read for a province's candidates.
    rows = list(people.values_list("pk", "full_name", "gender", "ethnicity", "unit_id"))
    service = {}
    if kind.min_service_months is not None or kind.requires_current_service:
        percent = kind.difficult_area_percent
        service = service_months_in_db(source, as_of=as_of, percent=percent)
        overlapping = [pk for pk, values in service.items() if values[2]]
        for chunk in range(0, len(overlapping), 500):
            periods = defaultdict(list)
            found = ServicePeriod.objects.filter(
                person_id__in=overlapping[chunk : chunk + 500]
            ).values_list("person_id", "start", "end", "difficult_area")
            for person_id, *period in found:
                periods[person_id].append(period)
            for person_id, spans in periods.items():
                months, current = weighted_months(spans, as_of=as_of, percent=percent)
                service[person_id] = (months, current, True, service[person_id][3])
    models, recognitions = ({}, {})
    if kind.min_models or kind.min_recognitions:
        models, recognitions = _models_of("owner_person", source, as_of)
    # Honours of the kinds that matter and exclusions in force are few: read them all and keep
    # those of these people, rather than running the people's selector once more for each.
    ids = {row[0] for row in rows}
    exclusions = {}
    for person_id, reason, start in Exclusion.objects.filter(
        Q(end__isnull=True) | Q(end__gte=as_of), start__lte=as_of
    ).values_list("person_id", "reason", "start"):
        if person_id in ids:
            exclusions[person_id] = (reason, start)
    received: dict[int, dict[int, date]] = defaultdict(dict)
    kinds = [pk for pk in (kind.pk, kind.previous_kind_id) if pk]
    for person_id, kind_id, day in (
        Honour.objects.filter(kind_id__in=kinds, person__isnull=False, decided_on__lte=as_of)
        .order_by("decided_on")
        .values_list("person_id", "kind_id", "decided_on")
    ):
        if person_id in ids:
            received[person_id].setdefault(kind_id, day)
    return PeopleFacts(
        people=rows,
        service=service,
        models=models,
        recognitions=recognitions,
        received=received,
        exclusions=exclusions,
    )


def evaluate_people(kind: HonourKind, people: QuerySet, *, as_of: date) -> list[Evaluation]:
    """The evaluation of each person of ``people`` (a queryset) for ``kind`` on ``as_of``."""
    facts = people_facts(kind, people, as_of=as_of)
    evaluations = []
    for row in facts.people:
        person = PersonRow(*row)
        evaluations.append(_evaluate_person(kind, person, as_of=as_of, **facts.of(person)))
    return evaluations


@dataclass
class Screened:
    """Who is eligible and who nearly is, of many people: every id, and the evaluations (with
    their sentences) of the first ``limit`` of each, near misses by what they lack."""

    eligible_ids: list[int]
    near_ids: list[int]
    eligible: list[Evaluation]
    near: list[Evaluation]
    examined: int


def screen_people(kind: HonourKind, people: QuerySet, *, as_of: date, limit: int) -> Screened:
    """``evaluate_people`` for a province's 200,000 people: a person the register says nothing
    else of (no honour, no exclusion, no model counted) is judged on the service condition
    alone, as a number; the others, and those shown, are evaluated in full."""
    facts = people_facts(kind, people, as_of=as_of)
    simple_kind = (
        kind.min_service_months is not None
        and not kind.requires_current_service
        and not kind.min_models
        and not kind.min_recognitions
    )
    eligible, near = [], []  # (person row, evaluation or None); near with its gap
    service, received, exclusions = facts.service, facts.received, facts.exclusions
    for row in facts.people:
        pk, _name, gender, ethnicity, _unit = row
        if simple_kind and pk not in received and pk not in exclusions:
            needed, _who = required_months(kind, gender=gender, ethnicity=ethnicity)
            served = months_of(service[pk][0]) if pk in service else 0
            if served >= needed:
                eligible.append((row, None))
            elif needed - served <= NEAR_MONTHS:
                near.append((needed - served, row, None))
            continue
        person = PersonRow(*row)
        evaluation = _evaluate_person(kind, person, as_of=as_of, **facts.of(person))
        if evaluation.eligible:
            eligible.append((row, evaluation))
        elif evaluation.near_miss:
            near.append((evaluation.unmet[0].gap_months or 0, row, evaluation))
    near.sort(key=lambda item: item[0])

    def full(row, evaluation):
        if evaluation is not None:
            return evaluation
        person = PersonRow(*row)
        return _evaluate_person(kind, person, as_of=as_of, **facts.of(person))

    return Screened(
        eligible_ids=[row[0] for row, _e in eligible],
        near_ids=[row[0] for _g, row, _e in near],
        eligible=[full(p, e) for p, e in eligible[:limit]],
        near=[full(p, e) for _g, p, e in near[:limit]],
        examined=len(facts.people),
    )


def _evaluate_person(kind, person, *, as_of, service, models, recognitions, received, exclusion):
    evaluation = Evaluation(recipient=person)
    conditions = evaluation.conditions
    if kind.min_service_months is not None or kind.requires_current_service:
        months, current, _overlap, difficult = service
        served = months_of(months)
        evaluation.served_months = served
        needed, who = required_months(kind, gender=person.gender, ethnicity=person.ethnicity)
        if needed is not None:
            conditions.append(
                _service_condition(kind, served=served, needed=needed, who=who, difficult=difficult)
            )
        if kind.requires_current_service:
            conditions.append(
                Condition(True, _("still in dân vận work"))
                if current
                else Condition(False, _("no longer in dân vận work"))
            )
    conditions.extend(_model_conditions(kind, models=models, recognitions=recognitions))
    conditions.extend(_honour_conditions(kind, received=received, as_of=as_of))
    if exclusion is not None:
        reason, start = exclusion
        conditions.append(
            Condition(
                False,
                _("excluded from honours since %(day)s: %(reason)s")
                % {"day": format_date(start), "reason": reason},
            )
        )
    return evaluation


def evaluate_collectives(kind: HonourKind, recipients: QuerySet, *, as_of: date):
    """Organisations (models carried out, their recognitions) or models (their own
    recognitions), and the honours they received."""
    recipients = list(recipients)
    if not recipients:
        return []
    model = type(recipients[0])
    source = model.objects.filter(pk__in=[r.pk for r in recipients])
    is_model = model is Initiative
    if is_model:
        models = {r.pk: 1 for r in recipients}
        recognitions = dict(
            source.filter(recognitions__outcome__in=RECOGNISED, recognitions__decided_on__lte=as_of)
            .values_list("pk")
            .annotate(n=Count("recognitions"))
            .values_list("pk", "n")
        )
        received = _received("initiative", source, as_of)
    else:
        models, recognitions = _models_of("owner_organization", source, as_of)
        received = _received("organization", source, as_of)
    evaluations = []
    for recipient in recipients:
        evaluation = Evaluation(recipient=recipient)
        evaluation.conditions.extend(
            _model_conditions(
                kind,
                models=models.get(recipient.pk, 0),
                recognitions=recognitions.get(recipient.pk, 0),
            )
        )
        evaluation.conditions.extend(
            _honour_conditions(kind, received=received.get(recipient.pk, {}), as_of=as_of)
        )
        evaluations.append(evaluation)
    return evaluations


def evaluate(kind: HonourKind, recipient, *, as_of: date) -> Evaluation:
    """One recipient (a person, an organisation or a model)."""
    if recipient._meta.model_name == "person":
        evaluation = evaluate_people(kind, Person.objects.filter(pk=recipient.pk), as_of=as_of)[0]
        evaluation.recipient = recipient
        return evaluation
    return evaluate_collectives(kind, type(recipient).objects.filter(pk=recipient.pk), as_of=as_of)[
        0
    ]


def recipient_fits(kind: HonourKind, recipient) -> bool:
    """A person for a kind conferred on people; an organisation or a model for a collective."""
    if kind.recipient == Recipient.ANY:
        return True
    is_person = recipient._meta.model_name == "person"
    return is_person == (kind.recipient == Recipient.PERSON)
