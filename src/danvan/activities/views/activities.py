from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.activities import excel, queries, services
from danvan.activities.forms import ActivityFilterForm, ActivityForm
from danvan.activities.models import Activity
from danvan.core.forms import parse_int
from danvan.core.queries import events_for_object
from danvan.core.spreadsheet_views import (
    export_response,
    export_title_lines,
    import_page,
    template_response,
)
from danvan.core.views import attach_errors, render_panels, render_timeline_items, timeline_page

PAGE_SIZE = 50
EXPORT_LIMIT = 50_000
# The service names a group of rows; the form shows the refusal on the group's first row.
ROW_FIELDS = {"organizations": "org_1", "places": "place_1", "people": "person_1"}


def _attach(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        error = ValidationError(
            {ROW_FIELDS.get(key, key): value for key, value in error.error_dict.items()}
        )
    attach_errors(form, error)


def visible_activity(request: HttpRequest, pk: int) -> Activity:
    return get_object_or_404(
        queries.activities_visible_to(request.user).select_related(
            "kind", "campaign", "place", "place_today"
        ),
        pk=pk,
    )


def editable_activity(request: HttpRequest, pk: int) -> Activity:
    """Visible (else 404) and changeable by the user (else 403)."""
    activity = visible_activity(request, pk)
    if not request.user.has_perm("activities.change_activity", activity):
        raise PermissionDenied
    return activity


def _filtered(request: HttpRequest):
    filters = ActivityFilterForm(request.GET, user=request.user)
    activities = queries.filter_activities(
        queries.activities_visible_to(request.user), filters.values()
    )
    return filters, activities


def activity_list(request: HttpRequest) -> HttpResponse:
    filters, activities = _filtered(request)
    # Counted and paged on the activities alone; the page's 50 rows then read their details
    # (kind, place, head-counts) — never a join of every activity in scope to its head-counts.
    ordered = activities.order_by("-start_date", "-id")
    page = Paginator(ordered.values_list("pk", flat=True), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    ids = list(page.object_list)
    details = {a.pk: a for a in queries.with_list_details(Activity.objects.filter(pk__in=ids))}
    page.object_list = [details[pk] for pk in ids if pk in details]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "filtered": filters.is_filtered(),
        "query": query.urlencode(),
        "can_add": request.user.has_perm("activities.add_activity"),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "activities/activity_list.html#results", context)
    return render(request, "activities/activity_list.html", context)


def activity_calendar(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year = parse_int(request.GET.get("year"), minimum=1990, maximum=today.year + 1) or today.year
    month = parse_int(request.GET.get("month"), minimum=1, maximum=12) or today.month
    filters, activities = _filtered(request)
    weeks = queries.month_calendar(activities, year, month)
    previous = date(year - 1, 12, 1) if month == 1 else date(year, month - 1, 1)
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    query = request.GET.copy()
    for key in ("year", "month", "page"):
        query.pop(key, None)
    context = {
        "filters": filters,
        "weeks": weeks,
        "month": date(year, month, 1),
        "previous": previous if previous.year >= 1990 else None,
        "following": following if following.year <= today.year + 1 else None,
        "query": query.urlencode(),
        "today": today,
        "count": sum(len(day["activities"]) + day["more"] for week in weeks for day in week),
    }
    return render(request, "activities/activity_calendar.html", context)


def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = visible_activity(request, pk)
    events = events_for_object(activity)
    more_url = reverse("activities:activity-detail", args=[activity.pk])
    if request.htmx and request.GET.get("page"):
        return render_timeline_items(request, events, more_url)
    context = {
        "activity": activity,
        **queries.activity_details(activity),
        "page": timeline_page(events, request.GET.get("page")),
        "more_url": more_url,
        "can_edit": request.user.has_perm("activities.change_activity", activity),
        "evidence": list(activity.evidence.all()),
        "panels": render_panels(request, activity),
    }
    return render(request, "activities/activity_detail.html", context)


def _render_form(request, form, activity=None) -> HttpResponse:
    return render(request, "activities/activity_form.html", {"form": form, "activity": activity})


def activity_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("activities.add_activity"):
        raise PermissionDenied
    initial = {}
    if campaign_id := parse_int(request.GET.get("campaign")):
        initial["campaign"] = campaign_id
    form = ActivityForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.record_activity(**form.for_service(), acting_user=request.user)
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(
                request,
                _("The activity has been recorded with the code %(code)s.")
                % {"code": activity.code},
            )
            return redirect("activities:activity-detail", pk=activity.pk)
    return _render_form(request, form)


def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = editable_activity(request, pk)
    form = ActivityForm(request.POST or None, user=request.user, current=activity)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_activity(
                activity=activity,
                version=form.cleaned_data.get("version") or 0,
                **form.for_service(),
                acting_user=request.user,
            )
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("activities:activity-detail", pk=activity.pk)
    return _render_form(request, form, activity)


def activity_export(request: HttpRequest) -> HttpResponse:
    _filters, activities = _filtered(request)
    return export_response(
        sheet_title=str(excel.SHEET),
        columns=excel.COLUMNS,
        rows=excel.export_rows(activities.order_by("-start_date", "-id"), limit=EXPORT_LIMIT),
        title_lines=export_title_lines(request.user, _("Activities with the people")),
        filename=_("activities"),
    )


def activity_template(request: HttpRequest) -> HttpResponse:
    return template_response(
        sheet_title=str(excel.SHEET), columns=excel.COLUMNS, filename=_("activities-template")
    )


def activity_import(request: HttpRequest) -> HttpResponse:
    """In the background (``core.tasks``): the importer is registered in ``registration``."""
    return import_page(request, importer="activities.activity")
