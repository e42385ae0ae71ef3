import logging
import sys

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import InterfaceError, OperationalError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from danvan.core import fresh, notices, registry
from danvan.core.forms import parse_id
from danvan.core.queries import events_by_actor

logger = logging.getLogger("danvan.errors")
TIMELINE_PAGE_SIZE = 20
HOME_PANELS = "core.home"  # the ``target`` of panels shown on the home page


def timeline_page(events: QuerySet, page_number: str | int | None) -> Page:
    """One page of a timeline; a bad page number gives the first or last page, never an error."""
    return Paginator(events, TIMELINE_PAGE_SIZE).get_page(page_number)


def render_timeline_items(request: HttpRequest, events: QuerySet, more_url: str) -> HttpResponse:
    """The htmx answer to "show more": the next page of timeline rows."""
    page = timeline_page(events, request.GET.get("page"))
    context = {"page": page, "more_url": more_url}
    return render(request, "core/timeline.html#timeline-items", context)


def home_figure_values(user) -> dict[str, int]:
    """The non-empty figures of the home page for ``user``, by key: a count per app over the
    user's scope, kept for a short while (``core.fresh``: at once after the user's own writes)
    and for the day (overdue is relative to today)."""
    today = timezone.localdate().isoformat()

    def count() -> dict[str, int]:
        values = {}
        for figure in registry.home_figures():
            value = figure.compute(user)
            if value is not None:
                values[figure.key] = value
        return values

    key = f"danvan:home-figures:{user.pk}:{int(user.is_superuser)}:{today}"
    return fresh.counted(key, user, count).value


def home(request: HttpRequest) -> HttpResponse:
    values = home_figure_values(request.user)
    figures = [
        {"label": figure.label, "value": values[figure.key], "url_name": figure.url_name}
        for figure in registry.home_figures()
        if figure.key in values
    ]
    my_events = events_by_actor(request.user)
    context = {
        "figures": figures,
        "panels": render_panels(request, None, target=HOME_PANELS),
        "page": timeline_page(my_events, 1),
        "more_url": reverse("core:my-events"),
    }
    return render(request, "core/home.html", context)


def my_events(request: HttpRequest) -> HttpResponse:
    events = events_by_actor(request.user)
    if request.htmx:
        return render_timeline_items(request, events, reverse("core:my-events"))
    context = {"page": timeline_page(events, request.GET.get("page")), "more_url": request.path}
    return render(request, "core/my_events.html", context)


NOTICES_PAGE_SIZE = 50


def notice_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(notices.notices_of(request.user), NOTICES_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "core/notice_list.html", {"page": page})


@require_POST
def notices_read(request: HttpRequest) -> HttpResponse:
    ids = [i for i in (parse_id(v) for v in request.POST.getlist("id")) if i is not None]
    notices.mark_notices_read(user=request.user, ids=ids or None)
    return redirect("core:notice-list")


def render_panels(request: HttpRequest, obj, *, target: str = "") -> list[str]:
    """The HTML of the panels other apps add to ``obj``'s page (see ``registry.Panel``); with
    ``target`` and no object, to a page of the shell (``HOME_PANELS``: the home page)."""
    target = target or f"{obj._meta.app_label}.{obj._meta.model_name}"
    rendered = []
    for panel in registry.panels_for(target):
        context = panel.get_context(request, obj)
        if context is not None:
            rendered.append(render_to_string(panel.template_name, context, request=request))
    return rendered


def attach_errors(form, error: ValidationError) -> None:
    """Show a service's refusal on the form, next to the field it names when it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_not_required
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says: send them to the icon."""
    return redirect(static("danvan/favicon.svg"), permanent=True)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``. The database out of reach (restarting, a failover, the network) is not a
    bug: the officer reads that in Vietnamese with a 503 and ``Retry-After``, and the page
    itself reads nothing from the database. Recovery is Django's: at the end of the request a
    connection that failed is closed (``close_old_connections``), the next request opens a new
    one when the database is back."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        logger.error("database unavailable: %s", error)
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(loader.get_template("500.html").render(), status=500)
