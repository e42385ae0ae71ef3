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

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

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


@dataclass(frozen=True)
class Condition:
    met: bool
    text: str
    missing: str = ""
    gap_months: int | None = None
    final: bool = False  # cannot be made up for (a once-only honour received already)


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
    """Whole calendar months from ``start`` to ``end``, plus the days left as a fraction."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    year, month = divmod(start.month - 1 + months, 12)
    day = min(start.day, calendar.monthrange(start.year + year, month + 1)[1])
    anchor = date(start.year + year, month + 1, day)
    return months + (end - anchor).days / DAYS_PER_MONTH


def weighted_months(periods, *, as_of: date, percent: int) -> tuple[float, bool]:
    """Months of dân vận work up to ``as_of``: overlapping periods count once (at the higher
    weight); a month in a difficult area counts ``percent`` / 100. Also whether a period is
    still open. Months are calendar months (1/2/2009 to 1/6/2026 is 17 years 4 months)."""
    spans = []
    current = False
    for start, end, difficult in periods:
        if start is None or start > as_of:
            continue
        if end is None or end >= as_of:
            current = True
        stop = min(end or as_of, as_of)
        if stop > start:
            spans.append((start, stop, percent if difficult else 100))
    if not spans:
        return 0.0, current
    bounds = sorted({d for s in spans for d in s[:2]})
    pieces: list[list] = []  # [start, end, weight], consecutive pieces of one weight merged
    for left, right in zip(bounds, bounds[1:], strict=False):
        weights = [w for s, e, w in spans if s <= left and e >= right]
        if not weights:
            continue
        weight = max(weights)
        if pieces and pieces[-1][1] == left and pieces[-1][2] == weight:
            pieces[-1][1] = right
        else:
            pieces.append([left, right, weight])
    total = sum(_calendar_months(s, e) * w / 100 for s, e, w in pieces)
    return total, current


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
    values = {"served": duration(served), "required": duration(needed)}
    if who == "women":
        text = _("%(served)s of dân vận work (%(required)s required of women)") % values
    elif who == "minority":
        text = (
            _("%(served)s of dân vận work (%(required)s required of ethnic-minority people)")
            % values
        )
    else:
        text = _("%(served)s of dân vận work (%(required)s required)") % values
    if difficult and kind.difficult_area_percent != 100:
        text += " " + _("(a month in a difficult area counts %(percent)s%%)") % {
            "percent": kind.difficult_area_percent
        }
    if served >= needed:
        return Condition(True, text)
    gap = needed - served
    return Condition(False, text, _("%(gap)s short") % {"gap": duration(gap)}, gap)


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


def evaluate_people(kind: HonourKind, people: QuerySet, *, as_of: date) -> list[Evaluation]:
    """The evaluation of each person of ``people`` (a queryset) for ``kind`` on ``as_of``."""
    source = people.order_by()  # read again as a subquery by each fact's query
    people = list(people)
    periods = defaultdict(list)
    if kind.min_service_months is not None or kind.requires_current_service:
        rows = ServicePeriod.objects.filter(person__in=source.values("pk")).values_list(
            "person_id", "start", "end", "difficult_area"
        )
        for person_id, start, end, difficult in rows:
            periods[person_id].append((start, end, difficult))
    models, recognitions = ({}, {})
    if kind.min_models or kind.min_recognitions:
        models, recognitions = _models_of("owner_person", source, as_of)
    received = _received("person", source, as_of)
    exclusions = {}
    for person_id, reason, start in Exclusion.objects.filter(
        Q(end__isnull=True) | Q(end__gte=as_of), person__in=source.values("pk"), start__lte=as_of
    ).values_list("person_id", "reason", "start"):
        exclusions[person_id] = (reason, start)
    return [
        _evaluate_person(
            kind,
            person,
            as_of=as_of,
            periods=periods.get(person.pk, []),
            models=models.get(person.pk, 0),
            recognitions=recognitions.get(person.pk, 0),
            received=received.get(person.pk, {}),
            exclusion=exclusions.get(person.pk),
        )
        for person in people
    ]


def _evaluate_person(kind, person, *, as_of, periods, models, recognitions, received, exclusion):
    evaluation = Evaluation(recipient=person)
    conditions = evaluation.conditions
    if kind.min_service_months is not None or kind.requires_current_service:
        months, current = weighted_months(periods, as_of=as_of, percent=kind.difficult_area_percent)
        served = months_of(months)
        evaluation.served_months = served
        needed, who = required_months(kind, gender=person.gender, ethnicity=person.ethnicity)
        if needed is not None:
            difficult = any(flag for _start, _end, flag in periods)
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
        return evaluate_people(kind, Person.objects.filter(pk=recipient.pk), as_of=as_of)[0]
    return evaluate_collectives(kind, type(recipient).objects.filter(pk=recipient.pk), as_of=as_of)[
        0
    ]


def recipient_fits(kind: HonourKind, recipient) -> bool:
    """A person for a kind conferred on people; an organisation or a model for a collective."""
    if kind.recipient == Recipient.ANY:
        return True
    is_person = recipient._meta.model_name == "person"
    return is_person == (kind.recipient == Recipient.PERSON)
