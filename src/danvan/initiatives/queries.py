"""Reading initiatives. ``initiatives_visible_to`` is the only way to list them."""

from datetime import date

from django.db.models import Count, F, Q, QuerySet, Sum

from danvan.accounts.enums import READ_ROLES
from danvan.accounts.queries import organization_scope_q, unit_scope_q
from danvan.core.folding import fold
from danvan.initiatives.enums import Kind, Status, Subject
from danvan.initiatives.models import Field, Initiative, Quantity, QuantityType


def initiatives_visible_to(user, *, roles=READ_ROLES) -> QuerySet:
    """Initiatives placed in a unit of the user's unit grants (old places through today's
    units), or carried out by an organisation inside the user's organisation grants."""
    initiatives = Initiative.objects.all()
    if user.is_superuser:
        return initiatives
    return initiatives.filter(
        unit_scope_q(user, roles=roles, field="place")
        | organization_scope_q(user, roles=roles, field="owner_organization")
    )


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


def counts_by_status(queryset: QuerySet) -> dict[str, int]:
    return dict(
        queryset.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )


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
