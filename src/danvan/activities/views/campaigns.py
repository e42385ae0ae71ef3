from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.activities import plan_excel, queries, services
from danvan.activities.forms import CampaignForm, PlanLineForm
from danvan.activities.models import Campaign, PlanLine
from danvan.core.folding import fold
from danvan.core.queries import events_for_object
from danvan.core.spreadsheet_views import (
    export_response,
    export_title_lines,
    import_page,
    template_response,
)
from danvan.core.views import attach_errors, render_panels, render_timeline_items, timeline_page

PAGE_SIZE = 50


def visible_campaign(request: HttpRequest, pk: int) -> Campaign:
    return get_object_or_404(queries.campaigns_visible_to(request.user), pk=pk)


def editable_campaign(request: HttpRequest, pk: int) -> Campaign:
    campaign = visible_campaign(request, pk)
    if not request.user.has_perm("activities.change_campaign", campaign):
        raise PermissionDenied
    return campaign


def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = queries.campaigns_visible_to(request.user)
    text = (request.GET.get("q") or "").strip()[:200]
    for word in fold(text).split()[:8]:
        campaigns = campaigns.filter(name_folded__contains=word)
    page = Paginator(campaigns.order_by("-start_date", "name_folded", "id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "q": text,
        "query": f"q={text}" if text else "",
        "can_add": request.user.has_perm("activities.add_campaign"),
    }
    return render(request, "activities/campaign_list.html", context)


def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = visible_campaign(request, pk)
    events = events_for_object(campaign)
    more_url = reverse("activities:campaign-detail", args=[campaign.pk])
    if request.htmx and request.GET.get("page"):
        return render_timeline_items(request, events, more_url)
    today = timezone.localdate()
    progress = queries.plan_progress(campaign, day=today)
    for row in progress:  # the quantities in words: 1.200 m, 3,5 km, 97.000.000 đ
        row.works = [
            (kind, kind.amount(planned), kind.amount(done)) for kind, planned, done in row.works
        ]
    activities = queries.activities_visible_to(request.user).filter(campaign=campaign)
    can_edit = request.user.has_perm("activities.change_campaign", campaign)
    context = {
        "campaign": campaign,
        "documents": list(campaign.documents.select_related("issuer")),
        "progress": progress,
        "late": [row for row in progress if row.late],
        "planned_total": sum(row.line.planned_activities for row in progress),
        "done_total": sum(row.done for row in progress),
        "latest": list(
            activities.select_related("place", "kind").order_by("-start_date", "-id")[:10]
        ),
        "activity_count": activities.count(),
        "points": _points(activities),
        "works": [
            (kind.name, kind.amount(total)) for kind, total in queries.works_done(activities)
        ],
        "page": timeline_page(events, request.GET.get("page")),
        "more_url": more_url,
        "can_edit": can_edit,
        "plan_form": PlanLineForm() if can_edit else None,
        "today": today,
        "panels": render_panels(request, campaign),
    }
    return render(request, "activities/campaign_detail.html", context)


def _points(activities) -> list[dict]:
    """Where the campaign's activities were, for the map: the places with coordinates, each
    with its number of activities (one query)."""
    rows = (
        activities.filter(place__latitude__isnull=False)
        .values("place__name", "place__latitude", "place__longitude")
        .order_by()
    )
    points: dict[tuple, dict] = {}
    for row in rows[:5000]:
        key = (row["place__latitude"], row["place__longitude"])
        point = points.setdefault(
            key, {"name": row["place__name"], "lat": key[0], "lon": key[1], "count": 0}
        )
        point["count"] += 1
    return _project(list(points.values()))


MAP_WIDTH, MAP_HEIGHT, MAP_PAD = 600, 400, 24


def _project(points: list[dict]) -> list[dict]:
    """Longitude and latitude onto the drawing (equirectangular: enough for a province),
    centred."""
    if not points:
        return []
    lons = [p["lon"] for p in points]
    lats = [p["lat"] for p in points]
    span = max(max(lons) - min(lons), max(lats) - min(lats), 0.05)
    scale = min(MAP_WIDTH, MAP_HEIGHT) - 2 * MAP_PAD
    mid_lon, mid_lat = (max(lons) + min(lons)) / 2, (max(lats) + min(lats)) / 2
    for point in points:
        point["x"] = round(MAP_WIDTH / 2 + (point["lon"] - mid_lon) / span * scale, 1)
        point["y"] = round(MAP_HEIGHT / 2 - (point["lat"] - mid_lat) / span * scale, 1)
        point["r"] = min(4 + 2 * point["count"], 18)
    return points


def campaign_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("activities.add_campaign"):
        raise PermissionDenied
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.create_campaign(**form.for_service(), acting_user=request.user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("%(name)s has been created.") % {"name": campaign.name})
            return redirect("activities:campaign-detail", pk=campaign.pk)
    return render(request, "activities/campaign_form.html", {"form": form, "campaign": None})


def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = editable_campaign(request, pk)
    form = CampaignForm(request.POST or None, user=request.user, current=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_campaign(
                campaign=campaign,
                version=form.cleaned_data.get("version") or 0,
                **form.for_service(),
                acting_user=request.user,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("activities:campaign-detail", pk=campaign.pk)
    return render(request, "activities/campaign_form.html", {"form": form, "campaign": campaign})


def plan_line_set(request: HttpRequest, pk: int) -> HttpResponse:
    """Add or change the plan of one participating unit."""
    campaign = editable_campaign(request, pk)
    form = PlanLineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_plan_line(
                campaign=campaign, **form.for_service(), acting_user=request.user
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The plan has been saved."))
            return redirect("activities:campaign-detail", pk=campaign.pk)
    return render(request, "activities/plan_line_form.html", {"form": form, "campaign": campaign})


@require_POST
def plan_line_remove(request: HttpRequest, pk: int, line: int) -> HttpResponse:
    campaign = editable_campaign(request, pk)
    plan_line = get_object_or_404(PlanLine, campaign=campaign, pk=line)
    services.remove_plan_line(line=plan_line, acting_user=request.user)
    messages.success(request, _("The unit's plan has been removed."))
    return redirect("activities:campaign-detail", pk=campaign.pk)


def plan_template(request: HttpRequest) -> HttpResponse:
    return template_response(
        sheet_title=str(plan_excel.SHEET), columns=plan_excel.COLUMNS, filename=_("plan-template")
    )


def plan_export(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = visible_campaign(request, pk)
    return export_response(
        sheet_title=str(plan_excel.SHEET),
        columns=plan_excel.COLUMNS,
        rows=plan_excel.export_rows(campaign),
        title_lines=export_title_lines(request.user, campaign.name),
        filename=_("plan"),
    )


def plan_import(request: HttpRequest) -> HttpResponse:
    """In the background (``core.tasks``): the importer is registered in ``registration``."""
    return import_page(request, importer="activities.plan")
