"""The honours of a person, an organisation or a model, on its page (``registry.Panel``)."""

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from danvan.core.counting import count_together
from danvan.honors import queries
from danvan.honors.models import Honour, Nominee


def _panel(request: HttpRequest, recipient, field: str) -> dict | None:
    # Most records have neither: one light count first, the scoped reads only when needed.
    honoured, nominated = count_together(
        [
            Honour.objects.filter(**{field: recipient}),
            Nominee.objects.filter(**{field: recipient}, state="proposed"),
        ]
    )
    honours = (
        list(
            queries.honours_visible_to(request.user)
            .filter(**{field: recipient})
            .order_by("-decided_on")
        )
        if honoured
        else []
    )
    nominations = (
        list(
            Nominee.objects.filter(**{field: recipient}, state="proposed")
            .exclude(proposal__state__in=("decided", "withdrawn"))
            .filter(proposal__in=queries.proposals_visible_to(request.user))
            .select_related("proposal")
        )
        if nominated
        else []
    )
    can_add = request.user.has_perm("honors.nominate", recipient)
    if not honours and not nominations and not can_add:
        return None
    return {
        "honours": honours,
        "nominations": nominations,
        "can_add": can_add,
        "recipient": recipient,
        "field": field,
    }


def person_panel(request: HttpRequest, person) -> dict | None:
    """Also, to those who record them, the exclusions from honours in force."""
    can_exclude = request.user.has_perm("honors.add_exclusion", person)
    context = _panel(request, person, "person")
    if not can_exclude:
        return context
    today = timezone.localdate()
    in_force = list(
        queries.exclusions_visible_to(request.user)
        .filter(person=person, start__lte=today)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
    )
    context = context or {
        "honours": [],
        "nominations": [],
        "can_add": False,
        "recipient": person,
        "field": "person",
    }
    return {**context, "can_exclude": True, "exclusions": in_force}


def organization_panel(request: HttpRequest, organization) -> dict | None:
    return _panel(request, organization, "organization")


def initiative_panel(request: HttpRequest, initiative) -> dict | None:
    return _panel(request, initiative, "initiative")
