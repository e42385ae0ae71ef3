"""Surveys, inspections and supervision: the list, create and edit, and the page of one with its
team, working sessions, findings and recommendations."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.core.queries import events_for_object
from danvan.core.views import attach_errors, render_timeline_items, timeline_page
from danvan.targets import queries, services
from danvan.targets.forms import InspectionForm, MemberForm, RecommendationForm, SessionForm
from danvan.targets.services.inspections import INSPECTION_FIELDS


def visible_inspection(request: HttpRequest, pk: int):
    return get_object_or_404(
        queries.inspections_visible_to(request.user).select_related(
            "organization", "programme", "unit"
        ),
        pk=pk,
    )


def managed_inspection(request: HttpRequest, pk: int):
    inspection = visible_inspection(request, pk)
    if not request.user.has_perm("targets.change_inspection", inspection):
        raise PermissionDenied
    return inspection


def inspection_list(request: HttpRequest) -> HttpResponse:
    inspections = (
        queries.inspections_visible_to(request.user)
        .select_related("organization", "unit", "programme")
        .order_by("-starts_on", "-id")
    )
    context = {
        "inspections": inspections[:200],
        "can_add": request.user.has_perm("targets.add_inspection"),
    }
    return render(request, "targets/inspection_list.html", context)


def _save(form, request, inspection=None):
    data = {k: v for k, v in form.cleaned_data.items() if k not in ("targets", "version")}
    targets = form.cleaned_data.get("targets") or []
    if inspection is None:
        return services.create_inspection(data=data, targets=targets, acting_user=request.user)
    return services.update_inspection(
        inspection=inspection,
        data=data,
        targets=targets,
        version=form.cleaned_data.get("version") or 0,
        acting_user=request.user,
    )


def inspection_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("targets.add_inspection"):
        raise PermissionDenied
    initial = {}
    if programme_id := request.GET.get("programme", "").strip():
        programme = (
            queries.programmes_visible_to(request.user)
            .filter(pk=programme_id if programme_id.isdigit() and len(programme_id) < 18 else 0)
            .first()
        )
        initial = {"programme": programme, "unit": programme.unit} if programme else {}
    form = InspectionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            inspection = _save(form, request)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The survey or inspection was recorded."))
            return redirect("targets:inspection-detail", inspection.pk)
    context = {"form": form, "title": _("New survey or inspection"), "section": "inspections"}
    return render(request, "targets/form.html", context)


def inspection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = managed_inspection(request, pk)
    initial = {key: getattr(inspection, key) for key in INSPECTION_FIELDS}
    initial |= {"targets": list(inspection.targets.all()), "version": inspection.version}
    form = InspectionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            _save(form, request, inspection)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The survey or inspection was saved."))
            return redirect("targets:inspection-detail", inspection.pk)
    context = {
        "form": form,
        "title": _("Edit the survey or inspection"),
        "inspection": inspection,
        "section": "inspections",
    }
    return render(request, "targets/form.html", context)


def inspection_detail(request: HttpRequest, pk: int, *, forms=None) -> HttpResponse:
    inspection = visible_inspection(request, pk)
    events = events_for_object(inspection)
    if request.htmx and request.GET.get("timeline"):
        return render_timeline_items(request, events, f"{request.path}?timeline=1")
    can_manage = request.user.has_perm("targets.change_inspection", inspection)
    forms = forms or {}
    context = {
        "inspection": inspection,
        "members": inspection.members.select_related("organization"),
        "sessions": inspection.sessions.select_related("unit"),
        "recommendations": inspection.recommendations.select_related("organization", "followup"),
        "targets": inspection.targets.select_related("unit").order_by("order", "id"),
        "can_manage": can_manage,
        "member_form": forms.get("member") or MemberForm(user=request.user),
        "session_form": forms.get("session") or SessionForm(),
        "recommendation_form": forms.get("recommendation") or RecommendationForm(user=request.user),
        "page": timeline_page(events, 1),
        "more_url": f"{request.path}?timeline=1",
    }
    return render(request, "targets/inspection_detail.html", context)


def _add(request, pk, *, key, form_class, write, success, with_user=True):
    inspection = managed_inspection(request, pk)
    kwargs = {"user": request.user} if with_user else {}
    form = form_class(request.POST, **kwargs)
    if form.is_valid():
        try:
            write(inspection, form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("targets:inspection-detail", inspection.pk)
    response = inspection_detail(request, pk, forms={key: form})
    response.status_code = 400
    return response


@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _add(
        request,
        pk,
        key="member",
        form_class=MemberForm,
        write=lambda inspection, data: services.add_member(
            inspection=inspection, acting_user=request.user, **data
        ),
        success=_("The member was added to the team."),
    )


@require_POST
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _add(
        request,
        pk,
        key="session",
        form_class=SessionForm,
        with_user=False,
        write=lambda inspection, data: services.add_session(
            inspection=inspection, data=data, acting_user=request.user
        ),
        success=_("The working session was recorded."),
    )


@require_POST
def recommendation_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _add(
        request,
        pk,
        key="recommendation",
        form_class=RecommendationForm,
        write=lambda inspection, data: services.add_recommendation(
            inspection=inspection, data=data, acting_user=request.user
        ),
        success=_("The recommendation was recorded."),
    )
