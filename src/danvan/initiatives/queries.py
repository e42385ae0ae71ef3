"""Reading initiatives. ``initiatives_visible_to`` is the only way to list them.

At national scale (1,000,000 initiatives) the list stays fast because (see docs/initiatives.md):

- a province of today (the usual scope) is one equality on the copied ``place_province``, read
  through the (province, year, status, name) index; smaller and old scopes are subqueries on
  the small unit and organisation tables (``place_id IN (SELECT id FROM units WHERE path LIKE
  'C.08.02296.%' …)``) read through the (place, year, status, name) index — never a join of a
  million initiatives to their units;
- a page reads the ids of its 50 rows in the list's order from that index first, then only those
  rows (``page_rows``);
- the counts by status are one query, exact for the structured filters (served by the index);
  a text search reads the ids and statuses of its first ``COUNT_CAP + 1`` matches in the page's
  order in one query (``first_matches``): the counts, exact up to the cap ("hơn 10.000 kết
  quả" above it), and the page's ids come from that one reading of the search index;
- text search goes through each engine's index (``searching.contains_folded``).
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db import connections
from django.db.models import Count, F, Q, QuerySet, Sum

from danvan.accounts.enums import READ_ROLES
from danvan.accounts.queries import NOTHING, grants_of, organization_scope_q
from danvan.core.folding import fold
from danvan.initiatives.enums import Kind, Status, Subject
from danvan.initiatives.models import Field, Initiative, Quantity, QuantityType
from danvan.initiatives.searching import contains_folded
from danvan.organizations.models import Organization
from danvan.territory.enums import Era, Level
from danvan.territory.models import AdministrativeUnit

CODE = re.compile(r"\d{2}-\d{4}-\d{5}")
# Above this many matches a text search is not counted exactly unless asked: counting every
# trigram match costs more than the page itself ("hơn 10.000 kết quả").
COUNT_CAP = 10_000


def initiatives_visible_to(user, *, roles=READ_ROLES) -> QuerySet:
    """Initiatives placed in a unit of the user's unit grants (old places through today's
    units), or carried out by an organisation inside the user's organisation grants."""
    initiatives = Initiative.objects.all()
    if user.is_superuser:
        return initiatives
    roles = set(roles)
    condition = NOTHING
    for grant in grants_of(user):
        if grant.role in roles and grant.unit_id:
            condition |= placed_in_q(grant.unit)
    organizations = organization_scope_q(user, roles=roles)
    if organizations != NOTHING:
        condition |= Q(
            owner_organization__in=Organization.objects.filter(organizations).values("pk")
        )
    if condition != NOTHING:  # a draft not placed yet: its author's, while they work here
        condition |= Q(status=Status.DRAFT, place__isnull=True, created_by=user)
    return initiatives.filter(condition)


def placed_in_q(unit: AdministrativeUnit) -> Q:
    """Placed in the unit's subtree, old places through the unit of today they count for — the
    rule of ``accounts.queries.unit_scope_q`` (path or today's path under the unit's path).

    For a province of today that is one equality on the copied ``place_province``: a unit
    whose path is under the province's is of today, so its today's path is its path. For a
    smaller or an old unit, the covered places are picked from the (small) unit table."""
    if unit.era == Era.CURRENT and unit.level == Level.PROVINCE:
        return Q(place_province=unit.path)
    places = AdministrativeUnit.objects.filter(
        Q(path__startswith=unit.path) | Q(today_path__startswith=unit.path)
    )
    return Q(place__in=places.values("pk"))


def in_unit(initiatives: QuerySet, unit: AdministrativeUnit) -> QuerySet:
    """Those placed in the unit's subtree (``placed_in_q``)."""
    return initiatives.filter(placed_in_q(unit))


def carried_out_under(initiatives: QuerySet, organization: Organization) -> QuerySet:
    """Those carried out by the organisation or one under it."""
    owners = Organization.objects.filter(path__startswith=organization.path)
    return initiatives.filter(owner_organization__in=owners.values("pk"))


def search_initiatives(initiatives: QuerySet, text: str) -> QuerySet:
    """A code ("08-2023-00012") finds that initiative; other words are looked for in the name
    and the content, ignoring case and diacritics (Đ/đ too), through the search index."""
    text = text.strip()
    if CODE.fullmatch(text):
        return initiatives.filter(code=text)
    folded = fold(text)
    if not folded:
        return initiatives
    return initiatives.filter(contains_folded(connections[initiatives.db], folded))


@dataclass(frozen=True)
class StatusCounts:
    """How many initiatives a list holds, by status; ``capped`` when more than the cap matched
    and they were not all counted (then ``by_status`` is empty and ``total`` is the cap)."""

    by_status: dict[str, int] = field(default_factory=dict)
    capped: bool = False
    cap: int | None = None

    @property
    def total(self) -> int:
        return self.cap if self.capped else sum(self.by_status.values())


def count_by_status(initiatives: QuerySet) -> StatusCounts:
    """Exact, in one query (from the list's index alone for the structured filters: COUNT(*),
    not of the id, which PostgreSQL's index does not hold)."""
    counts = initiatives.order_by().values_list("status").annotate(n=Count("*"))
    return StatusCounts(by_status=dict(counts.values_list("status", "n")))


def first_matches(
    initiatives: QuerySet, *, ordering: list[str], cap: int
) -> tuple[StatusCounts, list[tuple[int, str]]]:
    """For a text search: the ids and statuses of the first ``cap + 1`` rows in ``ordering``,
    in one query — so the search index is read once for both the counts and the page. The
    counts are exact when no more than ``cap`` matched, else capped."""
    found = list(initiatives.order_by(*ordering).values_list("pk", "status")[: cap + 1])
    if len(found) > cap:
        return StatusCounts(capped=True, cap=cap), found
    return StatusCounts(by_status=dict(Counter(status for _pk, status in found))), found


def rows_by_ids(ids, *, ordering: list[str]) -> list:
    """These initiatives (a list of ids, or a query of them) with their place and
    organisation, in ``ordering``."""
    if isinstance(ids, list) and not ids:
        return []
    return list(
        Initiative.objects.filter(pk__in=ids)
        .select_related("place", "owner_organization")
        .order_by(*ordering)
    )


def page_rows(initiatives: QuerySet, *, ordering: list[str], offset: int, limit: int) -> list:
    """The rows ``offset``…``offset + limit`` of the list in ``ordering``, with their place and
    organisation: the ids of the page first (read from the index, without the rows), then
    only those rows — not every row of the scope sorted to keep 50."""
    if limit <= 0:
        return []
    ids = initiatives.order_by(*ordering).values("pk")[offset : offset + limit]
    return rows_by_ids(ids, ordering=ordering)


def field_by_text(text: str) -> Field | None:
    """A field of work by its name or an alias, ignoring case and diacritics."""
    folded = fold(text)
    return (
        Field.objects.filter(Q(name_folded=folded) | Q(aliases__alias_folded=folded))
        .distinct()
        .first()
    )


def measured_results(initiative: Initiative) -> list[dict]:
    """The sums of the measured results, per kind of result."""
    sums = dict(
        Quantity.objects.filter(initiative=initiative)
        .values_list("type_id")
        .annotate(total=Sum("value"))
        .values_list("type_id", "total")
    )
    return [
        {"type": quantity_type, "total": sums[quantity_type.pk]}
        for quantity_type in QuantityType.objects.filter(pk__in=sums)
    ]


def lineage(initiative: Initiative) -> dict:
    """What it came from (up to the original) and where it was replicated (the whole tree)."""
    chain = []
    current = initiative.replicated_from
    while current is not None and len(chain) < 20:
        chain.append(current)
        current = current.replicated_from
    descendants = []
    frontier = [initiative.pk]
    depth = 0
    while frontier and depth < 10:
        depth += 1
        level = list(
            Initiative.objects.filter(replicated_from_id__in=frontier)
            .select_related("place")
            .order_by("year", "code")
        )
        descendants.extend((depth, item) for item in level)
        frontier = [item.pk for item in level]
    return {
        "ancestors": list(reversed(chain)),
        "descendants": descendants,
        "count": len(descendants),
    }


def all_initiatives() -> QuerySet:
    """Every initiative, for the system itself (command line without ``--user``)."""
    return Initiative.objects.all()


def choice_labels() -> dict[str, dict[str, str]]:
    """The words for the coded values, for reports: ``{"kind": {"model": "Mô hình"}, …}``."""
    return {
        "kind": dict(Kind.choices),
        "subject": dict(Subject.choices),
        "status": dict(Status.choices),
    }


# Statuses that count as registered: not a draft, not withdrawn.
COUNTED_STATUSES = (Status.REGISTERED, Status.ACTIVE, Status.SUSPENDED, Status.ENDED)


def registered_between(start: date, end: date, *, prefix: str = "", with_status: bool = True) -> Q:
    """Initiatives registered between two dates (inclusive), as a filter (``prefix`` reaches
    them from another model, "initiative__"). ``with_status=False`` leaves out the condition
    on the status (for a count inside a query already filtered on it).

    The registration date is the start date when it lies in the year registered, else 1 January
    of that year. Over whole calendar years this is just ``year`` in range (an index)."""
    year = f"{prefix}year"
    counted = Q(**{f"{prefix}status__in": COUNTED_STATUSES}) if with_status else Q()
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return counted & Q(**{f"{year}__gte": start.year, f"{year}__lte": end.year})
    started = f"{prefix}start_date"
    dated = Q(**{f"{started}__year": F(year)})
    new_years = [y for y in range(start.year, end.year + 1) if start <= date(y, 1, 1) <= end]
    by_date = dated & Q(**{f"{started}__gte": start, f"{started}__lte": end})
    by_year = ~dated & Q(**{f"{year}__in": new_years}) if new_years else Q(pk__in=[])
    undated = Q(**{f"{started}__isnull": True, f"{year}__in": new_years})
    return counted & (by_date | by_year | undated)


def report_conditions(*, prefix: str = "") -> dict[str, Q]:
    """What the report measures mean for an initiative (``prefix`` reaches it from another
    model): being carried out, ended, replicating another model, its subject and kind."""
    return {
        "active": Q(**{f"{prefix}status": Status.ACTIVE}),
        "ended": Q(**{f"{prefix}status": Status.ENDED}),
        "replicated": Q(**{f"{prefix}replicated_from__isnull": False}),
        "collective": Q(**{f"{prefix}subject": Subject.COLLECTIVE}),
        "individual": Q(**{f"{prefix}subject": Subject.INDIVIDUAL}),
        "model": Q(**{f"{prefix}kind": Kind.MODEL}),
        "exemplar": Q(**{f"{prefix}kind": Kind.EXEMPLAR}),
        "ethnic_minority": Q(**{f"{prefix}ethnic_minority_area": True}),
    }


def drafts_count(queryset: QuerySet) -> int:
    """How many of these initiatives are still drafts (pending work on the home page)."""
    return queryset.filter(status=Status.DRAFT).count()
