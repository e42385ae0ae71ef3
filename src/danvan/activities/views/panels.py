"""What the activities show on other apps' pages (``registry.Panel``, registered in
``registration``): the activities a person took part in, with their days with the people per
year, and those of an organisation and the organisations under it."""

from collections import defaultdict

from django.http import HttpRequest

from danvan.activities import queries
from danvan.activities.models import ActivityOrganization
from danvan.organizations.models import Organization

LATEST = 10


def _by_year(activities) -> list[dict]:
    """``[{"year", "count", "days"}]``, newest year first: how many activities and how many
    days with the people (an activity of three days counts three)."""
    years: dict[int, dict] = defaultdict(lambda: {"count": 0, "days": 0})
    for start, end in activities.values_list("start_date", "end_date"):
        year = years[start.year]
        year["count"] += 1
        year["days"] += ((end or start) - start).days + 1
    return [{"year": y, **years[y]} for y in sorted(years, reverse=True)]


def person_panel(request: HttpRequest, person) -> dict | None:
    activities = queries.activities_visible_to(request.user).filter(people__person=person)
    latest = list(
        activities.select_related("place", "kind").order_by("-start_date", "-id")[:LATEST]
    )
    if not latest:
        return None
    return {"person": person, "latest": latest, "years": _by_year(activities)}


def organization_panel(request: HttpRequest, organization) -> dict | None:
    under = Organization.objects.filter(path__startswith=organization.path)
    links = ActivityOrganization.objects.filter(organization__in=under.values("pk"))
    activities = queries.activities_visible_to(request.user).filter(
        pk__in=links.values("activity_id")
    )
    latest = list(
        activities.select_related("place", "kind").order_by("-start_date", "-id")[:LATEST]
    )
    if not latest:
        return None
    return {"organization": organization, "latest": latest, "years": _by_year(activities)}
