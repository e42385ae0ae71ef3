"""The honours of a person, an organisation or a model, on its page (``registry.Panel``)."""

from django.http import HttpRequest

from danvan.honors import queries
from danvan.honors.models import Nominee


def _panel(request: HttpRequest, recipient, field: str) -> dict | None:
    honours = list(
        queries.honours_visible_to(request.user)
        .filter(**{field: recipient})
        .order_by("-decided_on")
    )
    nominations = list(
        Nominee.objects.filter(**{field: recipient}, state="proposed")
        .exclude(proposal__state__in=("decided", "withdrawn"))
        .filter(proposal__in=queries.proposals_visible_to(request.user))
        .select_related("proposal")
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
    return _panel(request, person, "person")


def organization_panel(request: HttpRequest, organization) -> dict | None:
    return _panel(request, organization, "organization")


def initiative_panel(request: HttpRequest, initiative) -> dict | None:
    return _panel(request, initiative, "initiative")
