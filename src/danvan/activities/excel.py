"""The Excel export of activities: one row an activity, what it counts written in words
("Đảng viên: 55; Cán bộ, công chức: 40", "Đường nội đồng bê tông: 1.200 m") so that the sheet
reads like the report it feeds."""

from collections import defaultdict

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy

from danvan.activities.enums import Role
from danvan.activities.models import ActivityOrganization, Headcount
from danvan.core.formatting import format_number
from danvan.core.spreadsheets import Column

SHEET = gettext_lazy("Activities")

COLUMNS = [
    Column(gettext_lazy("Code"), "code", width=18),
    Column(gettext_lazy("Day"), "start_date", width=12),
    Column(gettext_lazy("Last day"), "end_date", width=12),
    Column(gettext_lazy("What was done"), "title", width=50),
    Column(gettext_lazy("Kind of activity"), "kind", width=24),
    Column(gettext_lazy("Campaign"), "campaign", width=30),
    Column(gettext_lazy("Place"), "place", width=40),
    Column(gettext_lazy("Other places"), "places", width=40),
    Column(gettext_lazy("Organised by"), "organisers", width=40),
    Column(gettext_lazy("Taking part"), "participants", width=40),
    Column(gettext_lazy("Participants by category"), "headcounts", width=40),
    Column(gettext_lazy("Participants"), "participant_total", width=12),
    Column(gettext_lazy("People reached"), "reached", width=12),
    Column(gettext_lazy("Works done"), "works", width=50),
    Column(gettext_lazy("Documents it carries out"), "documents", width=30),
    Column(gettext_lazy("Notes"), "description", width=50),
]
BATCH = 500


def export_rows(activities: QuerySet, *, limit: int = 50_000):
    """The rows (at most ``limit``), read in batches of 500 (a constant number of queries a
    batch)."""
    activities = activities.select_related("kind", "campaign", "place").prefetch_related(
        Prefetch(
            "organizations",
            queryset=ActivityOrganization.objects.select_related("organization").prefetch_related(
                Prefetch("counts", queryset=Headcount.objects.select_related("category"))
            ),
        ),
        "places__unit",
        "works__kind",
        "documents",
    )
    start = 0
    while start < limit:
        batch = list(activities[start : min(start + BATCH, limit)])
        if not batch:
            return
        for activity in batch:
            yield _row(activity)
        start += BATCH


def _row(activity) -> dict:
    links = list(activity.organizations.all())
    by_category: dict[str, int] = defaultdict(int)
    for link in links:
        for count in link.counts.all():
            by_category[count.category.name] += count.count
    return {
        "code": activity.code,
        "start_date": activity.start_date,
        "end_date": activity.end_date,
        "title": activity.title,
        "kind": activity.kind.name,
        "campaign": activity.campaign.name if activity.campaign else "",
        "place": activity.place.full_name,
        "places": "; ".join(link.unit.full_name for link in activity.places.all()),
        "organisers": "; ".join(
            link.organization.name for link in links if link.role == Role.ORGANISER
        ),
        "participants": "; ".join(
            link.organization.name for link in links if link.role == Role.PARTICIPANT
        ),
        "headcounts": "; ".join(
            f"{name}: {format_number(number)}" for name, number in by_category.items()
        ),
        "participant_total": sum(by_category.values()),
        "reached": activity.reached,
        "works": "; ".join(
            f"{work.kind.name}: {work.kind.amount(work.quantity)}" for work in activity.works.all()
        ),
        "documents": "; ".join(d.number or d.title for d in activity.documents.all()),
        "description": activity.description,
    }
