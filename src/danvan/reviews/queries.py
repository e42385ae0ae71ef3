"""Reading review rounds, assignments and recognitions. The selectors here are the only way to
list them."""

from django.db.models import QuerySet

from danvan.initiatives.queries import initiatives_visible_to
from danvan.reviews.models import Recognition


def recognitions_visible_to(user) -> QuerySet:
    """Recognitions of the initiatives the user may see (``initiatives_visible_to``)."""
    recognitions = Recognition.objects.select_related("initiative", "decision")
    if user.is_superuser:
        return recognitions
    return recognitions.filter(initiative__in=initiatives_visible_to(user).values("pk"))


def recognitions_between(*, initiatives: QuerySet, date_from, date_to) -> QuerySet:
    """Recognitions decided from ``date_from`` to ``date_to`` (both included) on the
    initiatives of ``initiatives`` (a queryset, e.g. already scoped by the caller)."""
    return Recognition.objects.filter(
        initiative__in=initiatives.values("pk"),
        decided_on__gte=date_from,
        decided_on__lte=date_to,
    ).select_related("initiative", "decision")
