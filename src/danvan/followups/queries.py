"""Reading follow-ups. ``followups_visible_to`` is the only way to list them: a follow-up is
visible to the owner's and to the assignee's scope (a district sees its communes' promises)."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from danvan.accounts.enums import READ_ROLES
from danvan.accounts.queries import organization_scope_q, unit_scope_q
from danvan.core.folding import fold
from danvan.followups.enums import PENDING_STATES
from danvan.followups.models import FollowUp, Notice

MAX_SEARCH_WORDS = 8
RELATED = (
    "assignee_unit",
    "assignee_organization",
    "assignee_organization__unit",
    "owner_unit",
    "owner_organization",
)


def scope_q(user, *, roles=READ_ROLES) -> Q:
    """The owner's or the assignee's unit, organisation or organisation's unit in scope."""
    condition = Q(pk__in=[])
    for side in ("owner", "assignee"):
        condition |= unit_scope_q(user, roles=roles, field=f"{side}_unit")
        condition |= unit_scope_q(user, roles=roles, field=f"{side}_organization__unit")
        condition |= organization_scope_q(user, roles=roles, field=f"{side}_organization")
    return condition


def followups_visible_to(user, *, roles=READ_ROLES) -> QuerySet:
    followups = FollowUp.objects.select_related(*RELATED)
    if user.is_superuser:
        return followups
    return followups.filter(scope_q(user, roles=roles))


def overdue_q(today: date | None = None) -> Q:
    return Q(state__in=PENDING_STATES, due_date__lt=today or timezone.localdate())


def filter_followups(
    queryset: QuerySet,
    *,
    state: str | None = None,
    overdue: bool = False,
    text: str | None = None,
    today: date | None = None,
) -> QuerySet:
    if state:
        queryset = queryset.filter(state=state)
    if overdue:
        queryset = queryset.filter(overdue_q(today))
    folded = fold(text)
    if folded:
        for word in folded.split()[:MAX_SEARCH_WORDS]:
            queryset = queryset.filter(title_folded__contains=word)
    return queryset


def in_unit(queryset: QuerySet, unit) -> QuerySet:
    """Assigned to or followed by a unit or organisation placed in ``unit``'s subtree."""
    condition = Q()
    for field in (
        "assignee_unit",
        "assignee_organization__unit",
        "owner_unit",
        "owner_organization__unit",
    ):
        condition |= Q(**{f"{field}__path__startswith": unit.path})
        condition |= Q(**{f"{field}__today_path__startswith": unit.path})
    return queryset.filter(condition)


def of_organization(queryset: QuerySet, organization) -> QuerySet:
    """Assigned to or followed by the organisation or one under it."""
    return queryset.filter(
        Q(assignee_organization__path__startswith=organization.path)
        | Q(owner_organization__path__startswith=organization.path)
    )


def for_source(queryset: QuerySet, source) -> QuerySet:
    """The follow-ups of one record of another app (its commitments, its recommendations)."""
    return queryset.filter(
        source_type=ContentType.objects.get_for_model(source), source_id=source.pk
    )


def overdue_by_assignee(queryset: QuerySet, today: date | None = None) -> list[dict]:
    """How many follow-ups each unit or organisation has overdue, most first (one query)."""
    rows = (
        queryset.filter(overdue_q(today))
        .order_by()
        .values(
            "assignee_organization",
            "assignee_organization__name",
            "assignee_unit",
            "assignee_unit__name",
        )
        .annotate(count=Count("id"))
    )
    found = [
        {
            "organization_id": row["assignee_organization"],
            "unit_id": row["assignee_unit"],
            "name": row["assignee_organization__name"] or row["assignee_unit__name"],
            "count": row["count"],
        }
        for row in rows
    ]
    return sorted(found, key=lambda row: (-row["count"], fold(row["name"] or "")))


def count_by_state(queryset: QuerySet) -> dict[str, int]:
    rows = queryset.order_by().values("state").annotate(count=Count("id"))
    return {row["state"]: row["count"] for row in rows}


def unread_notices(user) -> QuerySet:
    if not getattr(user, "is_authenticated", False):
        return Notice.objects.none()
    return Notice.objects.filter(user=user, read_at__isnull=True)


def notices_of(user) -> QuerySet:
    return Notice.objects.filter(user=user).select_related("followup")
