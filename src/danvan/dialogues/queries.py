"""Reading dialogues (and petitions). One selector per model: ``dialogues_visible_to``."""

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from danvan.accounts.enums import READ_ROLES
from danvan.accounts.queries import NOTHING, grants_of, organization_scope_q, unit_scope_q
from danvan.core.folding import fold
from danvan.dialogues.enums import LEVEL_RANK, AttentionLevel, PetitionState
from danvan.dialogues.models import Dialogue, Opinion, OpinionNote, Petition, PetitionStep
from danvan.organizations.models import Organization
from danvan.territory.models import AdministrativeUnit

MAX_SEARCH_WORDS = 8
CODE = re.compile(r"KN[A-Z0-9]{8}")


def dialogues_visible_to(user, *, roles=READ_ROLES) -> QuerySet:
    """Dialogues held in a unit of the user's unit grants (old places through today's units),
    or held by an organisation inside the user's organisation grants."""
    dialogues = Dialogue.objects.select_related("place", "hamlet", "organizer")
    if user.is_superuser:
        return dialogues
    return dialogues.filter(
        unit_scope_q(user, roles=roles, field="place")
        | organization_scope_q(user, roles=roles, field="organizer")
    )


def filter_dialogues(
    queryset: QuerySet, *, text: str | None = None, year: int | None = None, kind: str | None = None
) -> QuerySet:
    if kind:
        queryset = queryset.filter(kind=kind)
    if year:
        queryset = queryset.filter(held_on__year=year)
    folded = fold(text)
    if folded:
        words = Q()
        for word in folded.split()[:MAX_SEARCH_WORDS]:
            words &= Q(search_folded__contains=word) | Q(place__name_folded__contains=word)
        queryset = queryset.filter(words)
    return queryset


def dialogue_years(queryset: QuerySet) -> list[int]:
    return [day.year for day in queryset.order_by().dates("held_on", "year", order="DESC")]


def with_counts(queryset: QuerySet) -> QuerySet:
    """Each dialogue with its number of opinions and of commitments (one query)."""
    return queryset.annotate(
        opinion_count=Count("opinions", distinct=True),
        commitment_count=Count(
            "opinions", filter=Q(opinions__followup__isnull=False), distinct=True
        ),
    )


def opinions_of(dialogue: Dialogue) -> QuerySet:
    """The dialogue's opinions with their commitments (the caller found the dialogue through
    ``dialogues_visible_to``)."""
    return Opinion.objects.filter(dialogue=dialogue).select_related(
        "followup", "followup__assignee_organization", "followup__assignee_unit"
    )


# ---- petitions -----------------------------------------------------------------------------------


# A scope read as a list of ids up to this many units or bodies; a larger one (a central
# body's grant over every organisation of the country) stays a subquery.
SCOPE_LIST_LIMIT = 5000


def petitions_visible_to(user, *, roles=READ_ROLES) -> QuerySet:
    """Petitions about a place in the user's unit grants, or whose responsible unit is in the
    user's scope (its organisation grant, or the unit the organisation works in).

    At national scale (1,000,000 petitions) the scope is read first from the small unit and
    organisation tables — two queries, ids — and the petitions filtered on the two lists
    (``place_id IN (…) OR responsible_id IN (…)``): PostgreSQL answers that with a bitmap OR of
    the (place, state, due date) and (responsible, state, due date, place) indexes and SQLite
    with its multi-index OR, where the same filter on two subqueries made PostgreSQL read every
    petition of the country being handled (docs/dialogues.md, "Benchmark")."""
    petitions = Petition.objects.select_related("category", "responsible", "place")
    if user.is_superuser:
        return petitions
    roles = set(roles)
    units, organizations = NOTHING, NOTHING
    for grant in grants_of(user):
        if grant.role not in roles:
            continue
        if grant.unit_id:
            units |= Q(path__startswith=grant.unit.path) | Q(today_path__startswith=grant.unit.path)
        elif grant.organization_id:
            organizations |= Q(path__startswith=grant.organization.path)
    if units == NOTHING and organizations == NOTHING:
        return petitions.none()
    places = _ids_or_subquery(AdministrativeUnit.objects.filter(units))
    bodies = _ids_or_subquery(Organization.objects.filter(Q(unit__in=places) | organizations))
    return petitions.filter(Q(place__in=places) | Q(responsible__in=bodies))


def _ids_or_subquery(queryset: QuerySet):
    """The ids of ``queryset`` as a list when there are at most ``SCOPE_LIST_LIMIT`` (one
    query), else the subquery itself."""
    ids = list(queryset.order_by().values_list("pk", flat=True)[: SCOPE_LIST_LIMIT + 1])
    return ids if len(ids) <= SCOPE_LIST_LIMIT else queryset.order_by().values("pk")


def petition_overdue_q(today: date | None = None) -> Q:
    return Q(state=PetitionState.RECEIVED, due_date__lt=today or timezone.localdate())


def filter_petitions(
    queryset: QuerySet,
    *,
    state: str | None = None,
    overdue: bool = False,
    category=None,
    text: str | None = None,
) -> QuerySet:
    if state:
        queryset = queryset.filter(state=state)
    if overdue:
        queryset = queryset.filter(petition_overdue_q())
    if category is not None:
        queryset = queryset.filter(category=category)
    text = (text or "").strip()
    if text:
        code = "".join(text.split()).upper()
        if CODE.fullmatch(code):
            return queryset.filter(code=code)
        for word in fold(text).split()[:MAX_SEARCH_WORDS]:
            queryset = queryset.filter(search_folded__contains=word)
    return queryset


def petition_by_code(code: str) -> Petition | None:
    """For the public status page: the petition with this tracking code, or None."""
    return Petition.objects.select_related("category", "responsible").filter(code=code).first()


def public_steps(petition: Petition) -> QuerySet:
    return PetitionStep.objects.filter(petition=petition).select_related("organization")


# ---- the people's opinion --------------------------------------------------------------------


def opinion_notes_visible_to(user, *, roles=READ_ROLES) -> QuerySet:
    notes = OpinionNote.objects.select_related("place", "reporter")
    if user.is_superuser:
        return notes
    return notes.filter(
        unit_scope_q(user, roles=roles, field="place")
        | organization_scope_q(user, roles=roles, field="reporter")
    )


@dataclass
class Spot:
    """The latest note of a place and field, and how it moved since the note before."""

    note: OpinionNote
    previous: OpinionNote | None
    notes: int

    @property
    def trend(self) -> str:
        if self.previous is None:
            return "new"
        now, before = LEVEL_RANK[self.note.level], LEVEL_RANK[self.previous.level]
        return "up" if now > before else "down" if now < before else "same"


def spots(notes: QuerySet, *, since: date, levels=None, limit: int = 200) -> list[Spot]:
    """The latest note of each place and field noted since ``since``, hottest and newest
    first, with its trend; only those whose latest level is in ``levels`` (default: all)."""
    rows = notes.filter(noted_on__gte=since).order_by("place_id", "field", "-noted_on", "-id")
    found: dict[tuple, Spot] = {}
    for note in rows[:5000]:
        key = (note.place_id, note.field)
        spot = found.get(key)
        if spot is None:
            found[key] = Spot(note=note, previous=None, notes=1)
            continue
        spot.notes += 1
        if spot.previous is None:
            spot.previous = note
    chosen = [s for s in found.values() if levels is None or s.note.level in levels]
    chosen.sort(key=lambda s: (-LEVEL_RANK[s.note.level], -s.note.noted_on.toordinal()))
    return chosen[:limit]


def count_levels(items: list[Spot]) -> dict[str, int]:
    counts = dict.fromkeys(AttentionLevel.values, 0)
    for spot in items:
        counts[spot.note.level] += 1
    return counts
