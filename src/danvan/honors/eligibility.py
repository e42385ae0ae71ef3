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

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from danvan.core.formatting import format_date, format_number
from danvan.honors.conditions import (  # noqa: F401 (public names)
    NEAR_MONTHS,
    Condition,
    Evaluation,
    duration,
)
from danvan.honors.enums import Recipient
from danvan.honors.models import Exclusion, Honour, HonourKind
from danvan.honors.service_months import (  # noqa: F401 (public names)
    _calendar_months,
    months_of,
    people_service,
)
from danvan.initiatives.models import Initiative
from danvan.organizations.enums import Gender
from danvan.organizations.models import Person, Position

DAYS_PER_MONTH = 365.25 / 12
# Outcomes of a review that recognise a model (reviews.enums.LEVELLED_OUTCOMES, by value:
# honours sits beside reviews and reads its recognitions through the initiative).
RECOGNISED = ("recognised", "outstanding")
COUNTED_STATUSES = ("registered", "active", "suspended", "ended")


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

    # (pk, full_name, gender, ethnicity, unit_id): see ``PersonRow``; read with their service
    # (``people_with_service_months``) they carry (months, still, overlap, difficult) after.
    people: list[tuple]
    service: dict  # {pk: (months, still, overlap, difficult)}: the service not on the rows
    models: dict
    recognitions: dict
    received: dict
    exclusions: dict
    positions: dict = field(default_factory=dict)

    def service_of(self, row) -> tuple:
        found = self.service.get(row[0])
        if found is not None:
            return found
        if len(row) > 5 and row[5] is not None:
            return (float(row[5]), bool(row[6]), bool(row[7]), bool(row[8]))
        return (0.0, False, False, False)

    def of(self, row) -> dict:
        pk = row[0]
        return {
            "position": self.positions.get(pk),
            "service": self.service_of(row),
            "models": self.models.get(pk, 0),
            "recognitions": self.recognitions.get(pk, 0),
            "received": self.received.get(pk, {}),
            "exclusion": self.exclusions.get(pk),
        }


def people_facts(kind: HonourKind, people: QuerySet, *, as_of: date) -> PeopleFacts:
    source = people.order_by()  # read again as a subquery by each fact's query
    service, rows = {}, None
    if kind.min_service_months is not None or kind.requires_current_service:
        rows, service = people_service(people, as_of=as_of, percent=kind.difficult_area_percent)
    if rows is None:
        # Rows, not model instances: 200,000 people are read for a province's candidates.
        rows = list(people.values_list("pk", "full_name", "gender", "ethnicity", "unit_id"))
    models, recognitions = ({}, {})
    if kind.min_models or kind.min_recognitions:
        models, recognitions = _models_of("owner_person", source, as_of)
    positions = {}
    if kind.requires_current_position:
        for person_id, title, organization in (
            Position.objects.filter(
                Q(end__isnull=True) | Q(end__gte=as_of),
                Q(start__isnull=True) | Q(start__lte=as_of),
                person__in=source.values("pk"),
            )
            .order_by("-start")
            .values_list("person_id", "title", "organization__name")
        ):
            positions.setdefault(person_id, f"{title} — {organization}")
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
        positions=positions,
    )


def evaluate_people(kind: HonourKind, people: QuerySet, *, as_of: date) -> list[Evaluation]:
    """The evaluation of each person of ``people`` (a queryset) for ``kind`` on ``as_of``."""
    facts = people_facts(kind, people, as_of=as_of)
    evaluations = []
    for row in facts.people:
        person = PersonRow(*row[:5])
        evaluations.append(_evaluate_person(kind, person, as_of=as_of, **facts.of(row)))
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
        and not kind.requires_current_position
        and not kind.min_models
        and not kind.min_recognitions
    )
    eligible, near = [], []  # (person row, evaluation or None); near with its gap
    service, received, exclusions = facts.service, facts.received, facts.exclusions
    thresholds = {}  # (gender, ethnicity): months needed
    for row in facts.people:
        pk, gender, ethnicity = row[0], row[2], row[3]
        if simple_kind and pk not in received and pk not in exclusions:
            needed = thresholds.get((gender, ethnicity))
            if needed is None:
                needed = required_months(kind, gender=gender, ethnicity=ethnicity)[0]
                thresholds[gender, ethnicity] = needed
            months = service.get(pk)
            if months is not None:
                months = months[0]
            elif len(row) > 5:
                months = row[5]
            served = int(months + 1e-6) if months else 0  # months_of
            if served >= needed:
                eligible.append((row, None))
            elif needed - served <= NEAR_MONTHS:
                near.append((needed - served, row, None))
            continue
        person = PersonRow(*row[:5])
        evaluation = _evaluate_person(kind, person, as_of=as_of, **facts.of(row))
        if evaluation.eligible:
            eligible.append((row, evaluation))
        elif evaluation.near_miss:
            near.append((evaluation.unmet[0].gap_months or 0, row, evaluation))
    near.sort(key=lambda item: item[0])

    def full(row, evaluation):
        if evaluation is not None:
            return evaluation
        person = PersonRow(*row[:5])
        return _evaluate_person(kind, person, as_of=as_of, **facts.of(row))

    return Screened(
        eligible_ids=[row[0] for row, _e in eligible],
        near_ids=[row[0] for _g, row, _e in near],
        eligible=[full(p, e) for p, e in eligible[:limit]],
        near=[full(p, e) for _g, p, e in near[:limit]],
        examined=len(facts.people),
    )


def _evaluate_person(  # noqa: PLR0913 — the facts of one person
    kind, person, *, as_of, service, models, recognitions, received, exclusion, position=None
):
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
    if kind.requires_current_position:
        conditions.append(
            Condition(True, _("holding a position: %(position)s") % {"position": position})
            if position
            else Condition(False, _("holding no position in the register"))
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
