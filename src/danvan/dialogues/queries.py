"""Reading dialogues (and petitions). One selector per model: ``dialogues_visible_to``."""

import re
from dataclasses import dataclass
from datetime import date

from django.db import connection
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


@dataclass(frozen=True)
class PetitionScope:
    """The one place of the petitions' scope rules: petitions about a place in ``units`` (the
    user's unit grants, old units through today's), or whose responsible unit is in the scope —
    in ``organizations`` (the user's organisation grants) or working in one of those places.
    ``units`` is None for a superuser (everything); neither condition: nothing."""

    units: Q | None = NOTHING
    organizations: Q = NOTHING

    @property
    def everything(self) -> bool:
        return self.units is None

    @property
    def empty(self) -> bool:
        return self.units == NOTHING and self.organizations == NOTHING

    def places(self) -> QuerySet:
        return AdministrativeUnit.objects.filter(self.units).order_by().values("pk")

    def bodies(self, places=None) -> QuerySet:
        places = self.places() if places is None else places
        return (
            Organization.objects.filter(Q(unit__in=places) | self.organizations)
            .order_by()
            .values("pk")
        )

    def q(self) -> Q:
        """The scope as one condition on petitions, the units and bodies as subqueries."""
        if self.everything:
            return Q()
        return Q(place__in=self.places()) | Q(responsible__in=self.bodies())

    def parts(self) -> list[Q]:
        """Disjoint conditions whose counts add up to the count of ``q()``: about a place of
        the scope; for a body of the scope about a place outside it. Each is counted from an
        index of its own — (place, state, due date) and (responsible, state, due date, place)
        — where the OR of the two is counted row by row (docs/dialogues.md, "Benchmark")."""
        if self.everything:
            return [Q()]
        if self.empty:
            return []
        places = self.places()
        return [Q(place__in=places), Q(responsible__in=self.bodies()) & ~Q(place__in=places)]


def petition_scope(user, *, roles=READ_ROLES) -> PetitionScope:
    """The user's petition scope (no query: the grants are cached on the user)."""
    if user.is_superuser:
        return PetitionScope(units=None)
    roles = set(roles)
    units, organizations = NOTHING, NOTHING
    for grant in grants_of(user):
        if grant.role not in roles:
            continue
        if grant.unit_id:
            path = grant.unit.path
            units |= _path_prefix_q("path", path) | _path_prefix_q("today_path", path)
        elif grant.organization_id:
            organizations |= Q(path__startswith=grant.organization.path)
    return PetitionScope(units=units, organizations=organizations)


def _path_prefix_q(field: str, prefix: str) -> Q:
    """Units whose ``field`` starts with ``prefix``. SQLite's ``LIKE`` (case-insensitive, with
    ``ESCAPE``) cannot use the column's index: there the same condition is written as a range,
    exact in its byte order (``'C.08.' <= path < 'C.08/'``); PostgreSQL's ``LIKE`` is served by
    Django's pattern index whatever the database's collation, where a range would not be."""
    if connection.vendor == "sqlite" and prefix:
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return Q(**{f"{field}__gte": prefix, f"{field}__lt": upper})
    return Q(**{f"{field}__startswith": prefix})


def petitions_visible_to(user, *, roles=READ_ROLES) -> QuerySet:
    """Petitions in the user's scope (``petition_scope``), with their category, responsible
    unit and place.

    The units and bodies of the scope are read first — two small queries, ids — and the
    petitions filtered on the two lists (``place_id IN (…) OR responsible_id IN (…)``), which
    PostgreSQL answers with a bitmap OR of two indexes where the OR of two subqueries made it
    read every petition of the country (reports, exports, the detail page). The list pages
    read the scope through ``PetitionList`` instead."""
    petitions = Petition.objects.select_related("category", "responsible", "place")
    scope = petition_scope(user, roles=roles)
    if scope.everything:
        return petitions
    if scope.empty:
        return petitions.none()
    places = _ids_or_subquery(scope.places())
    bodies = _ids_or_subquery(scope.bodies(places))
    return petitions.filter(Q(place__in=places) | Q(responsible__in=bodies))


def _ids_or_subquery(queryset: QuerySet):
    """The ids of ``queryset`` as a list when there are at most ``SCOPE_LIST_LIMIT`` (one
    query), else the subquery itself."""
    ids = list(queryset.values_list("pk", flat=True)[: SCOPE_LIST_LIMIT + 1])
    return ids if len(ids) <= SCOPE_LIST_LIMIT else queryset


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


LIST_ORDER = ("due_date", "id")
# What a row of the list shows (dialogues/petition_list.html), all that its query reads.
LIST_FIELDS = (
    "code",
    "received_on",
    "due_date",
    "state",
    "times_reopened",
    "category__name",
    "responsible__name",
)


class PetitionList:
    """The petitions of a scope narrowed by the list's filters, as the paginator reads them:
    ``count()`` adds up the counts of the scope's disjoint parts (``PetitionScope.parts``), and
    a slice reads the ids of its rows first — in the list's order, from an index that holds
    the order, the place and the responsible unit, so no row is read only to be filtered out —
    then those rows (docs/dialogues.md, "Benchmark")."""

    def __init__(self, scope: PetitionScope, **filters):
        self.scope = scope
        self.filters = filters

    def _narrowed(self, condition: Q) -> QuerySet:
        return filter_petitions(Petition.objects.filter(condition), **self.filters)

    def count(self) -> int:
        return sum(self._narrowed(part).count() for part in self.scope.parts())

    def __getitem__(self, index: slice) -> list[Petition]:
        if self.scope.empty:
            return []
        ids = self._narrowed(self.scope.q()).order_by(*LIST_ORDER).values("pk")[index]
        rows = Petition.objects.filter(pk__in=ids).select_related("category", "responsible")
        return list(rows.only(*LIST_FIELDS).order_by(*LIST_ORDER))


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
