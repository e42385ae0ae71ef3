"""Selectors: the only way to read kinds, honours, proposals and ceremonies. Out of scope does
not exist (404). Candidates for a kind are computed here too, through the people selector."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from danvan.accounts.enums import MANAGE_ROLES, PEOPLE_READ_ROLES, READ_ROLES
from danvan.accounts.queries import has_any_role, organization_scope_q, unit_scope_q
from danvan.core.folding import fold
from danvan.honors.eligibility import Evaluation, evaluate_collectives, screen_people
from danvan.honors.enums import HonourLevel, Recipient
from danvan.honors.models import Ceremony, Exclusion, Honour, HonourKind, Nominee, Proposal
from danvan.initiatives.models import Initiative
from danvan.initiatives.queries import initiatives_visible_to
from danvan.organizations.models import ServicePeriod
from danvan.organizations.queries import people_visible_to

MAX_SEARCH_WORDS = 8
MAX_CANDIDATES = 500  # shown on one page; the counts say how many there are in all


def honour_kinds_visible_to(user) -> QuerySet:
    """The catalogue: every signed-in officer holding a grant reads it."""
    kinds = HonourKind.objects.select_related("conferred_by", "previous_kind")
    if user.is_superuser or has_any_role(user, READ_ROLES):
        return kinds
    return kinds.none()


def honour_kinds_managed_by(user) -> QuerySet:
    """Kinds whose conferring body the user manages (central bodies: an organisation grant)."""
    kinds = honour_kinds_visible_to(user)
    if user.is_superuser:
        return kinds
    return kinds.filter(
        unit_scope_q(user, roles=MANAGE_ROLES, field="conferred_by__unit")
        | organization_scope_q(user, roles=MANAGE_ROLES, field="conferred_by")
    )


def honours_visible_to(user, *, roles=None) -> QuerySet:
    """Honours placed in the user's units, or of an organisation (or a model carried out by
    one) inside an organisation grant. Honours of people need a role that reads people."""
    honours = Honour.objects.select_related(
        "kind", "person", "organization", "initiative", "place", "decision", "ceremony"
    )
    if user.is_superuser:
        return honours
    people_roles = PEOPLE_READ_ROLES if roles is None else roles
    read_roles = READ_ROLES if roles is None else roles
    people = unit_scope_q(user, roles=people_roles, field="place") | organization_scope_q(
        user, roles=people_roles, field="person__service_periods__organization"
    )
    collectives = (
        unit_scope_q(user, roles=read_roles, field="place")
        | organization_scope_q(user, roles=read_roles, field="organization")
        | organization_scope_q(user, roles=read_roles, field="initiative__owner_organization")
    )
    visible = Honour.objects.filter(
        (Q(person__isnull=False) & people) | (Q(person__isnull=True) & collectives)
    ).values("pk")
    return honours.filter(pk__in=visible)


def proposals_visible_to(user) -> QuerySet:
    """Proposals of a unit in the user's scope (a province sees its communes'), and, for the
    body that confers a kind at the central level, those sent up to it."""
    proposals = Proposal.objects.select_related("kind", "proposer", "stage_unit", "decision")
    if user.is_superuser:
        return proposals
    roles = PEOPLE_READ_ROLES  # a dossier names people
    condition = (
        unit_scope_q(user, roles=roles, field="proposer__unit")
        | organization_scope_q(user, roles=roles, field="proposer")
        | unit_scope_q(user, roles=roles, field="stage_unit")
        | (
            Q(stage_level=HonourLevel.CENTRAL)
            & organization_scope_q(user, roles=roles, field="kind__conferred_by")
        )
    )
    return proposals.filter(condition)


def proposals_waiting_for(user) -> QuerySet:
    """Proposals under consideration at a level the user acts for: a unit in a managing grant,
    or, at the central level, the conferring body inside an organisation grant."""
    waiting = Proposal.objects.filter(state="submitted")
    if user.is_superuser:
        return waiting
    return waiting.filter(
        unit_scope_q(user, roles=MANAGE_ROLES, field="stage_unit")
        | (
            Q(stage_level=HonourLevel.CENTRAL)
            & organization_scope_q(user, roles=MANAGE_ROLES, field="kind__conferred_by")
        )
    )


def ceremonies_visible_to(user) -> QuerySet:
    ceremonies = Ceremony.objects.select_related("place", "organizer")
    if user.is_superuser:
        return ceremonies
    return ceremonies.filter(
        unit_scope_q(user, roles=READ_ROLES, field="place")
        | organization_scope_q(user, roles=READ_ROLES, field="organizer")
    )


def exclusions_visible_to(user) -> QuerySet:
    """Exclusions from honours (disciplinary measures) of the people the user manages."""
    exclusions = Exclusion.objects.select_related("person__unit")
    if user.is_superuser:
        return exclusions
    return exclusions.filter(person__in=people_visible_to(user, roles=MANAGE_ROLES).values("pk"))


def nominees_of(proposal: Proposal) -> QuerySet:
    return (
        proposal.nominees.select_related("person__unit", "organization", "initiative__place")
        .prefetch_related("attachments")
        .order_by("id")
    )


def honours_of(*, person=None, organization=None, initiative=None) -> QuerySet:
    honours = Honour.objects.select_related("kind", "decision", "ceremony")
    if person is not None:
        return honours.filter(person=person)
    if organization is not None:
        return honours.filter(organization=organization)
    return honours.filter(initiative=initiative)


def search_honours(honours: QuerySet, text: str) -> QuerySet:
    for word in fold(text).split()[:MAX_SEARCH_WORDS]:
        honours = honours.filter(
            Q(person__name_folded__contains=word)
            | Q(organization__name_folded__contains=word)
            | Q(initiative__name_folded__contains=word)
        )
    return honours


def in_unit(queryset: QuerySet, unit, *, field: str = "place") -> QuerySet:
    return queryset.filter(
        Q(**{f"{field}__path__startswith": unit.path})
        | Q(**{f"{field}__today_path__startswith": unit.path})
    )


@dataclass
class Candidates:
    """The first ``MAX_CANDIDATES`` of each list, and how many there are in all."""

    eligible: list[Evaluation]
    near: list[Evaluation]
    examined: int
    eligible_count: int
    near_count: int


def candidates(kind: HonourKind, *, user, unit=None, as_of: date) -> Candidates:
    """For ``kind`` and a scope (``unit``, else the user's whole scope): those who meet every
    condition, with the reasons, and the near misses with what they lack. People are those the
    user manages who hold a service period (for a kind counting service) or carry out a model;
    collectives are the models (and their organisations) in the user's managing scope."""
    if kind.recipient == Recipient.PERSON:
        people = people_visible_to(user, roles=MANAGE_ROLES)
        if kind.min_service_months is not None or kind.requires_current_service:
            people = people.filter(pk__in=ServicePeriod.objects.values("person_id"))
        elif kind.requires_current_position:
            people = people.filter(positions__isnull=False).distinct()
        elif kind.min_models or kind.min_recognitions:
            people = people.filter(pk__in=Initiative.objects.values("owner_person_id"))
        if unit is not None:
            people = in_unit(people, unit, field="unit")
        people = people.order_by("name_sort", "pk")
        screened = screen_people(kind, people, as_of=as_of, limit=MAX_CANDIDATES)
        return Candidates(
            eligible=screened.eligible,
            near=screened.near,
            examined=screened.examined,
            eligible_count=len(screened.eligible_ids),
            near_count=len(screened.near_ids),
        )
    models = initiatives_visible_to(user, roles=MANAGE_ROLES).filter(
        status__in=("registered", "active", "suspended", "ended")
    )
    if kind.recipient == Recipient.COLLECTIVE:
        models = models.filter(subject="collective")
    if unit is not None:
        models = in_unit(models, unit)
    evaluations = evaluate_collectives(kind, models.order_by("name_folded", "pk"), as_of=as_of)
    eligible = [e for e in evaluations if e.eligible]
    near = [e for e in evaluations if not e.eligible and e.near_miss]
    near.sort(key=lambda e: e.unmet[0].gap_months or 0)
    return Candidates(
        eligible=eligible[:MAX_CANDIDATES],
        near=near[:MAX_CANDIDATES],
        examined=len(evaluations),
        eligible_count=len(eligible),
        near_count=len(near),
    )


def active_nominee_for(kind: HonourKind, *, person=None) -> Nominee | None:
    """A nominee for the same once-only kind on a proposal still under way."""
    return (
        Nominee.objects.filter(proposal__kind=kind, person=person, state="proposed")
        .exclude(proposal__state__in=("decided", "withdrawn"))
        .first()
    )
