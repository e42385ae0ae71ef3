"""Reading initiatives. ``initiatives_visible_to`` is the only way to list them."""

from django.db.models import Count, Q, QuerySet, Sum

from danvan.accounts.enums import READ_ROLES
from danvan.accounts.queries import organization_scope_q, unit_scope_q
from danvan.core.folding import fold
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
