"""The register of honours: the list with filters and its Excel export, an honour's page, an
honour entered by hand; ceremonies."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from danvan.core.forms import parse_id
from danvan.core.queries import events_for_object
from danvan.core.spreadsheet_views import (
    export_response,
    export_title_lines,
    import_page,
    template_response,
)
from danvan.core.views import render_timeline_items, timeline_page
from danvan.honors import queries, services
from danvan.honors.excel import COLUMNS, EXPORT_COLUMNS, SHEET, honour_row
from danvan.honors.forms import CeremonyForm, HonourFilterForm, HonourRecordForm, PhotoForm
from danvan.honors.views.common import add_form_errors, paginate

EXPORT_LIMIT = 50_000


def _filtered(request: HttpRequest):
    form = HonourFilterForm(request.GET or None, user=request.user)
    honours = queries.honours_visible_to(request.user)
    if form.is_valid():
        data = form.cleaned_data
        honours = queries.search_honours(honours, data.get("q") or "")
        if data.get("kind"):
            honours = honours.filter(kind=data["kind"])
        if data.get("year"):
            honours = honours.filter(decided_on__year=data["year"])
        if data.get("place"):
            honours = queries.in_unit(honours, data["place"])
    return form, honours.order_by("-decided_on", "recipient_sort", "pk")


def honour_list(request: HttpRequest) -> HttpResponse:
    form, honours = _filtered(request)
    context = {
        "form": form,
        "page": paginate(request, honours),
        "can_add": request.user.has_perm("honors.manage_honours"),
    }
    return render(request, "honors/honour_list.html", context)


def honour_export(request: HttpRequest) -> HttpResponse:
    _form, honours = _filtered(request)
    rows = (honour_row(h) for h in honours[:EXPORT_LIMIT])
    return export_response(
        sheet_title=str(SHEET),
        columns=EXPORT_COLUMNS,
        rows=rows,
        title_lines=export_title_lines(request.user, _("Register of honours")),
        filename=_("honours"),
    )


def honour_template(request: HttpRequest) -> HttpResponse:
    return template_response(
        sheet_title=str(SHEET), columns=COLUMNS, filename=_("honours-template")
    )


def honour_import(request: HttpRequest) -> HttpResponse:
    """In the background (``core.tasks``): the importer is registered in ``apps.py``."""
    return import_page(request, importer="honors.honour")


def honour_detail(request: HttpRequest, pk: int) -> HttpResponse:
    honour = get_object_or_404(queries.honours_visible_to(request.user), pk=pk)
    events = events_for_object(honour)
    more_url = reverse("honors:honour-detail", args=[honour.pk])
    if request.htmx and request.GET.get("page"):
        return render_timeline_items(request, events, more_url)
    context = {
        "honour": honour,
        "page": timeline_page(events, request.GET.get("page")),
        "more_url": more_url,
    }
    return render(request, "honors/honour_detail.html", context)


def honour_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("honors.manage_honours"):
        raise PermissionDenied
    initial = {}
    for name in ("person", "organization", "initiative"):
        if number := parse_id(request.GET.get(name)):
            initial[name] = number
    form = HonourRecordForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            honour = services.record_honour(
                kind=data["kind"],
                recipient=data["recipient"],
                decided_on=data["decided_on"],
                decision=data.get("decision"),
                decision_number=data.get("decision_number") or "",
                signer=data.get("signer") or "",
                ceremony=data.get("ceremony"),
                note=data.get("note") or "",
                acting_user=request.user,
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The honour was recorded."))
            return redirect("honors:honour-detail", honour.pk)
    context = {
        "form": form,
        "heading": _("Record an honour received"),
        "back": "honors:honour-list",
    }
    return render(request, "honors/form_page.html", context)


def ceremony_list(request: HttpRequest) -> HttpResponse:
    ceremonies = queries.ceremonies_visible_to(request.user).order_by("-held_on", "-pk")
    context = {
        "page": paginate(request, ceremonies),
        "can_add": request.user.has_perm("honors.manage_honours"),
    }
    return render(request, "honors/ceremony_list.html", context)


def ceremony_detail(request: HttpRequest, pk: int, *, photo_form=None) -> HttpResponse:
    ceremony = get_object_or_404(queries.ceremonies_visible_to(request.user), pk=pk)
    honours = queries.honours_visible_to(request.user).filter(ceremony=ceremony)
    can_change = request.user.has_perm("honors.change_ceremony", ceremony)
    context = {
        "ceremony": ceremony,
        "page": paginate(request, honours.order_by("recipient_sort", "pk"), 100),
        "photos": list(ceremony.photos.all()),
        "photo_form": (photo_form or PhotoForm()) if can_change else None,
    }
    return render(request, "honors/ceremony_detail.html", context)


@require_POST
def ceremony_photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    ceremony = get_object_or_404(queries.ceremonies_visible_to(request.user), pk=pk)
    if not request.user.has_perm("honors.change_ceremony", ceremony):
        raise PermissionDenied
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_ceremony_photo(
                ceremony=ceremony,
                file=form.cleaned_data["file"],
                caption=form.cleaned_data.get("caption") or "",
                acting_user=request.user,
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The photo was added."))
            return redirect("honors:ceremony-detail", ceremony.pk)
    return ceremony_detail(request, pk, photo_form=form)


@require_safe
def ceremony_photo(request: HttpRequest, pk: int, photo_id: int, size: str = "") -> FileResponse:
    """A photo of a ceremony (``size="nho"``: its thumbnail), to those who see the ceremony."""
    ceremony = get_object_or_404(queries.ceremonies_visible_to(request.user), pk=pk)
    photo = get_object_or_404(ceremony.photos, pk=photo_id)
    field_file = photo.thumbnail if size else photo.file
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    response = FileResponse(handle, content_type="image/jpeg")
    patch_cache_control(response, private=True, max_age=3600)
    return response


def ceremony_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("honors.manage_honours"):
        raise PermissionDenied
    form = CeremonyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            ceremony = services.create_ceremony(data=form.cleaned_data, acting_user=request.user)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The ceremony was recorded."))
            return redirect("honors:ceremony-detail", ceremony.pk)
    context = {"form": form, "heading": _("Record a ceremony"), "back": "honors:ceremony-list"}
    return render(request, "honors/form_page.html", context)
