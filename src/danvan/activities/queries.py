"""Reading activities and campaigns. ``activities_visible_to`` and ``campaigns_visible_to`` are
the only ways to list them.

An activity is visible where it happened (its main place; old places through today's units)
and to the organisation grants of the organisations that organised or took part in it. A
campaign is visible in the territory it covers — to the units under it (a district's staff
follow the province's campaign) and to the units above it — and to the organisation grants of
its organiser and of the organisations it covers."""

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from danvan.accounts.enums import READ_ROLES
from danvan.accounts.queries import NOTHING, grants_of, organization_scope_q
from danvan.activities.enums import Role
from danvan.activities.models import (
    Activity,
    ActivityKind,
    ActivityOrganization,
    ActivityPlace,
    Campaign,
    Headcount,
    ParticipantCategory,
    PlanLine,
    PlannedWork,
    Work,
    WorkKind,
)
from danvan.core.folding import fold
from danvan.organizations.models import Organization
from danvan.territory.enums import Era, Level
from danvan.territory.models import AdministrativeUnit
from danvan.territory.queries import ancestor_paths, ancestors

MAX_SEARCH_WORDS = 8


def units_under(unit: AdministrativeUnit) -> QuerySet:
    """The units of ``unit``'s subtree, old units through the unit of today they count for."""
    return AdministrativeUnit.objects.filter(
        Q(path__startswith=unit.path) | Q(today_path__startswith=unit.path)
    )


def placed_in_q(unit: AdministrativeUnit) -> Q:
    """Activities whose main place is in the unit's subtree (the rule of ``unit_scope_q``);
    a province of today is one equality on the copied ``place_province``."""
    if unit.era == Era.CURRENT and unit.level == Level.PROVINCE:
        return Q(place_province=unit.path)
    return Q(place__in=units_under(unit).values("pk"))


def activities_visible_to(user, *, roles=READ_ROLES) -> QuerySet:
    activities = Activity.objects.all()
    if user.is_superuser:
        return activities
    roles = set(roles)
    condition = NOTHING
    for grant in grants_of(user):
        if grant.role in roles and grant.unit_id:
            condition |= placed_in_q(grant.unit)
    organizations = organization_scope_q(user, roles=roles)
    if organizations != NOTHING:
        links = ActivityOrganization.objects.filter(
            organization__in=Organization.objects.filter(organizations).values("pk")
        )
        condition |= Q(pk__in=links.values("activity_id"))
    return activities.filter(condition)


def campaigns_visible_to(user, *, roles=READ_ROLES) -> QuerySet:
    campaigns = Campaign.objects.select_related("organiser", "scope_unit", "scope_organization")
    if user.is_superuser:
        return campaigns
    roles = set(roles)
    condition = NOTHING
    for grant in grants_of(user):
        if grant.role not in roles:
            continue
        if grant.unit_id:
            path = grant.unit.path
            condition |= Q(scope_unit__path__startswith=path)
            condition |= Q(scope_unit__today_path__startswith=path)
            condition |= Q(scope_unit__path__in=ancestor_paths(path))
            if grant.unit.today_path:
                condition |= Q(scope_unit__path__in=ancestor_paths(grant.unit.today_path))
            condition |= Q(organiser__unit__path__startswith=path)
        else:
            path = grant.organization.path
            condition |= Q(organiser__path__startswith=path)
            condition |= Q(scope_organization__path__startswith=path)
            condition |= Q(scope_organization__path__in=_organization_ancestor_paths(path))
    return campaigns.filter(condition)


def _organization_ancestor_paths(path: str) -> list[str]:
    """ "12.45.67." → ["12.", "12.45.", "12.45.67."]."""
    parts = [part for part in path.split(".") if part]
    return [".".join(parts[: i + 1]) + "." for i in range(len(parts))]


# ---- the list ---------------------------------------------------------------------------------


@dataclass
class ActivityFilters:
    start: date | None = None
    end: date | None = None
    unit: AdministrativeUnit | None = None
    organization: Organization | None = None
    campaign: Campaign | None = None
    kind: ActivityKind | None = None
    text: str = ""


def filter_activities(activities: QuerySet, filters: ActivityFilters) -> QuerySet:
    """The activities that pass every filter: those on a day of the period (an activity of
    several days overlapping it counts), placed in the unit's subtree (the main place or one of
    its other places; either map), with the organisation or one under it, in the campaign, of
    the kind, and holding every word of ``text`` with or without diacritics."""
    if filters.start:
        # Started in the period, or before it and still going on its first day (the last day
        # is never before the first, the service sees to it): two ranges the indexes on the
        # first and on the last day serve, where "last day ≥ start, or no last day and first
        # day ≥ start" made PostgreSQL read every earlier activity of the province.
        activities = activities.filter(
            Q(start_date__gte=filters.start)
            | Q(start_date__lt=filters.start, end_date__gte=filters.start)
        )
    if filters.end:
        activities = activities.filter(start_date__lte=filters.end)
    if filters.unit is not None:
        units = units_under(filters.unit).values("pk")
        activities = activities.filter(
            placed_in_q(filters.unit)
            | Q(pk__in=ActivityPlace.objects.filter(unit__in=units).values("activity_id"))
        )
    if filters.organization is not None:
        under = Organization.objects.filter(path__startswith=filters.organization.path)
        links = ActivityOrganization.objects.filter(organization__in=under.values("pk"))
        activities = activities.filter(pk__in=links.values("activity_id"))
    if filters.campaign is not None:
        activities = activities.filter(campaign=filters.campaign)
    if filters.kind is not None:
        activities = activities.filter(kind=filters.kind)
    activities = search_activities(activities, filters.text)
    return activities


def search_activities(activities: QuerySet, text: str | None) -> QuerySet:
    """Every word of ``text`` in the code, title, description or place names, ignoring case
    and diacritics (Đ/đ too): "tong pu" finds "thôn Tống Pu"."""
    folded = fold(text or "")
    if not folded:
        return activities
    words = Q()
    for word in folded.split()[:MAX_SEARCH_WORDS]:
        words &= Q(search_folded__contains=word)
    return activities.filter(words)


def with_list_details(activities: QuerySet) -> QuerySet:
    """What a list row shows, in a constant number of queries."""
    return activities.select_related("kind", "campaign", "place").annotate(
        participants=Sum("headcounts__count", default=0)
    )


def activity_details(activity: Activity) -> dict:
    """Everything the activity's page shows, read in a few queries."""
    links = list(
        activity.organizations.select_related(
            "organization", "organization__unit"
        ).prefetch_related(
            Prefetch("counts", queryset=Headcount.objects.select_related("category"))
        )
    )
    return {
        "place_label": place_label(activity.place),
        "places": [link.unit for link in activity.places.select_related("unit")],
        "organisers": [link for link in links if link.role == Role.ORGANISER],
        "participants": [link for link in links if link.role == Role.PARTICIPANT],
        "people": [
            link.person for link in activity.people.select_related("person", "person__unit")
        ],
        "works": list(activity.works.select_related("kind")),
        "documents": list(activity.documents.select_related("issuer")),
        "initiatives": list(activity.initiatives.all()),
        "by_category": participants_by_category(Activity.objects.filter(pk=activity.pk)),
    }


def place_label(unit: AdministrativeUnit) -> str:
    """ "Xã Bình An, huyện Lâm Bình, tỉnh Tuyên Quang" (one query)."""
    chain = [unit.full_name, *(a.inline_name for a in reversed(ancestors(unit)))]
    return ", ".join(chain)


def participants_by_category(activities: QuerySet) -> list[tuple[ParticipantCategory, int]]:
    totals = dict(
        Headcount.objects.filter(activity__in=activities.values("pk"))
        .values_list("category")
        .annotate(n=Sum("count"))
        .values_list("category", "n")
    )
    return [
        (category, totals[category.pk])
        for category in ParticipantCategory.objects.filter(pk__in=totals)
    ]


def works_done(activities: QuerySet) -> list[tuple[WorkKind, Decimal]]:
    totals = dict(
        Work.objects.filter(activity__in=activities.values("pk"))
        .values_list("kind")
        .annotate(total=Sum("quantity"))
        .values_list("kind", "total")
    )
    return [(kind, totals[kind.pk]) for kind in WorkKind.objects.filter(pk__in=totals)]


# ---- the calendar -----------------------------------------------------------------------------


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def month_calendar(activities: QuerySet, year: int, month: int, *, per_day: int = 4) -> list:
    """The weeks of the month (Monday first), each a list of days: ``(day, in_month,
    activities)``, at most ``per_day`` activities shown a day and the number not shown. One
    query for the month's activities."""
    first, last = month_bounds(year, month)
    shown = list(
        filter_activities(activities, ActivityFilters(start=first, end=last))
        .select_related("kind")
        .order_by("start_date", "id")[:2000]
    )
    by_day: dict[date, list[Activity]] = {}
    for activity in shown:
        day = max(activity.start_date, first)
        end = min(activity.last_day, last)
        while day <= end:
            by_day.setdefault(day, []).append(activity)
            day = date.fromordinal(day.toordinal() + 1)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append(
            [
                {
                    "day": day,
                    "in_month": day.month == month,
                    "activities": by_day.get(day, [])[:per_day],
                    "more": max(0, len(by_day.get(day, [])) - per_day),
                }
                for day in week
            ]
        )
    return weeks


# ---- campaigns ------------------------------------------------------------------------------


@dataclass
class PlanProgress:
    line: PlanLine
    done: int
    expected: int  # planned × the part of the period elapsed, rounded down
    works: list[tuple[WorkKind, Decimal, Decimal]] = field(default_factory=list)

    @property
    def percent(self) -> int:
        planned = self.line.planned_activities
        if not planned:
            return 100 if self.done else 0
        return min(100, round(100 * self.done / planned))

    @property
    def late(self) -> bool:
        return self.done < self.expected


def elapsed_share(campaign: Campaign, day: date) -> float:
    """The part of the campaign's period elapsed by ``day`` (0 before it starts, 1 after)."""
    if day < campaign.start_date:
        return 0.0
    if day >= campaign.end_date:
        return 1.0
    length = (campaign.end_date - campaign.start_date).days + 1
    return ((day - campaign.start_date).days + 1) / length


def plan_progress(campaign: Campaign, *, day: date) -> list[PlanProgress]:
    """Each participating unit's plan against what it has done: the campaign's activities
    placed in its subtree (either map), and their works by kind. A unit is late when it has
    done fewer activities than its plan spread evenly over the period expects by ``day`` (by
    its own due date, all of them). Two queries for the counts whatever the number of lines
    (one conditional aggregate per unit), one for the plan."""
    lines = list(
        campaign.plan_lines.select_related("unit").prefetch_related(
            Prefetch("works", queryset=PlannedWork.objects.select_related("kind"))
        )
    )
    if not lines:
        return []
    activities = Activity.objects.filter(campaign=campaign)

    def under(line, prefix=""):
        return Q(**{f"{prefix}place__path__startswith": line.unit.path}) | Q(
            **{f"{prefix}place__today_path__startswith": line.unit.path}
        )

    counts = activities.aggregate(
        **{f"l{line.pk}": Count("pk", filter=under(line)) for line in lines}
    )
    work_rows = (
        Work.objects.filter(activity__campaign=campaign)
        .values("kind")
        .annotate(
            **{
                f"l{line.pk}": Sum("quantity", filter=under(line, "activity__"), default=0)
                for line in lines
            }
        )
    )
    done_works = {row["kind"]: row for row in work_rows}
    share = elapsed_share(campaign, day)
    result = []
    for line in lines:
        if line.due_date and day >= line.due_date:
            expected = line.planned_activities
        else:
            expected = int(line.planned_activities * share)
        works = [
            (
                planned.kind,
                planned.quantity,
                done_works.get(planned.kind_id, {}).get(f"l{line.pk}") or Decimal(0),
            )
            for planned in line.works.all()
        ]
        result.append(
            PlanProgress(line=line, done=counts[f"l{line.pk}"], expected=expected, works=works)
        )
    return result


def activity_kinds(*, include=()) -> QuerySet:
    return ActivityKind.objects.filter(Q(active=True) | Q(pk__in=list(include)))


def participant_categories() -> QuerySet:
    return ParticipantCategory.objects.filter(active=True)


def work_kinds() -> QuerySet:
    return WorkKind.objects.filter(active=True)
