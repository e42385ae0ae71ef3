from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.core.forms import parse_id
from danvan.core.queries import events_for_object
from danvan.core.views import attach_errors, render_timeline_items, timeline_page
from danvan.followups import queries, services
from danvan.followups.enums import ASSIGNEE_MOVES, REASON_NEEDED, TRANSITIONS, State
from danvan.followups.forms import (
    FilterForm,
    FollowUpEditForm,
    FollowUpForm,
    ReportForm,
    TransitionForm,
)
from danvan.followups.models import Evidence, FollowUp
from danvan.followups.sources import source_kind

PAGE_SIZE = 50


def _followup_or_404(request: HttpRequest, pk: int) -> FollowUp:
    return get_object_or_404(queries.followups_visible_to(request.user), pk=pk)


def followup_list(request: HttpRequest) -> HttpResponse:
    visible = queries.followups_visible_to(request.user)
    filters = FilterForm(request.GET)
    values = filters.values()
    followups = queries.filter_followups(
        visible, state=values["state"], overdue=values["overdue"], text=values["q"]
    ).order_by("due_date", "id")
    # ``?org=<id>`` / ``?unit=<id>``: those assigned to one organisation or unit (the overdue
    # page links here).
    organization_id, unit_id = parse_id(request.GET.get("org")), parse_id(request.GET.get("unit"))
    if organization_id is not None:
        followups = followups.filter(assignee_organization_id=organization_id)
    elif unit_id is not None:
        followups = followups.filter(assignee_unit_id=unit_id, assignee_organization=None)
    page = Paginator(followups, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "filtered": any(values.values()) or organization_id or unit_id,
        "query": query.urlencode(),
        "today": timezone.localdate(),
        "can_add": request.user.has_perm("followups.add_followup"),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "followups/followup_list.html#results", context)
    return render(request, "followups/followup_list.html", context)


def overdue_list(request: HttpRequest) -> HttpResponse:
    """What is overdue, per unit or organisation that must do it."""
    visible = queries.followups_visible_to(request.user)
    rows = queries.overdue_by_assignee(visible)
    return render(
        request,
        "followups/overdue.html",
        {"rows": rows, "overdue_total": sum(row["count"] for row in rows)},
    )


def _moves(user, followup: FollowUp) -> list[dict]:
    moves = []
    for to_state in sorted(TRANSITIONS[followup.state]):
        move = (followup.state, to_state)
        perm = (
            "followups.report_followup" if move in ASSIGNEE_MOVES else "followups.verify_followup"
        )
        if user.has_perm(perm, followup):
            label = {
                (State.DONE, State.IN_PROGRESS): _("Return it (not done yet)"),
                (State.VERIFIED, State.OPEN): _("Reopen it"),
                (State.DONE, State.VERIFIED): _("Verify it is done"),
            }.get(move) or _("Mark it %(state)s") % {"state": State(to_state).label}
            moves.append({"to_state": to_state, "label": label, "reason": move in REASON_NEEDED})
    return moves


def followup_detail(request: HttpRequest, pk: int) -> HttpResponse:
    followup = _followup_or_404(request, pk)
    events = events_for_object(followup)
    more_url = reverse("followups:followup-detail", args=[followup.pk])
    if request.htmx and request.GET.get("page"):
        return render_timeline_items(request, events, more_url)
    kind = source_kind(followup.source_kind)
    can_report = request.user.has_perm("followups.report_followup", followup)
    context = {
        "followup": followup,
        "kind": kind,
        "source_url": kind.url(followup) if kind.url and followup.source_id else None,
        "reports": followup.reports.prefetch_related("evidence").select_related("created_by"),
        "moves": _moves(request.user, followup),
        "can_edit": request.user.has_perm("followups.change_followup", followup),
        "can_report": can_report and followup.state != State.VERIFIED,
        "report_form": ReportForm(),
        "page": timeline_page(events, request.GET.get("page")),
        "more_url": more_url,
    }
    return render(request, "followups/followup_detail.html", context)


def followup_add(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("followups.add_followup"):
        raise PermissionDenied
    form = FollowUpForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        label = data.pop("source_label")
        try:
            followup = services.create_followup(
                data=data, source_label=label, acting_user=request.user
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The follow-up has been recorded."))
            return redirect("followups:followup-detail", pk=followup.pk)
    return render(request, "followups/followup_form.html", {"form": form, "followup": None})


def followup_edit(request: HttpRequest, pk: int) -> HttpResponse:
    followup = _followup_or_404(request, pk)
    if not request.user.has_perm("followups.change_followup", followup):
        raise PermissionDenied
    initial = {name: getattr(followup, name) for name in services.EDITABLE_FIELDS} | {
        "version": followup.version
    }
    form = FollowUpEditForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.update_followup(
                followup=followup, data=data, version=version, acting_user=request.user
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("followups:followup-detail", pk=followup.pk)
    return render(request, "followups/followup_form.html", {"form": form, "followup": followup})


def followup_report(request: HttpRequest, pk: int) -> HttpResponse:
    followup = _followup_or_404(request, pk)
    if not request.user.has_perm("followups.report_followup", followup):
        raise PermissionDenied
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_report(
                followup=followup,
                text=data["text"],
                files=data["files"],
                reported_on=data["reported_on"],
                done=data["done"],
                acting_user=request.user,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The report has been recorded."))
            return redirect("followups:followup-detail", pk=followup.pk)
    return render(request, "followups/report_form.html", {"form": form, "followup": followup})


@require_POST
def followup_transition(request: HttpRequest, pk: int) -> HttpResponse:
    followup = _followup_or_404(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a state from the list."))
        return redirect("followups:followup-detail", pk=followup.pk)
    try:
        services.transition(
            followup=followup,
            to_state=form.cleaned_data["to_state"],
            reason=form.cleaned_data["reason"],
            acting_user=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The state has been changed."))
    return redirect("followups:followup-detail", pk=followup.pk)


def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(
        Evidence.objects.filter(report__followup__in=queries.followups_visible_to(request.user)),
        pk=pk,
    )
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=True, filename=evidence.original_name)


def notice_list(request: HttpRequest) -> HttpResponse:
    notices = queries.notices_of(request.user)
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "followups/notice_list.html", {"page": page})


@require_POST
def notices_read(request: HttpRequest) -> HttpResponse:
    ids = [i for i in (parse_id(v) for v in request.POST.getlist("id")) if i is not None]
    services.mark_notices_read(user=request.user, ids=ids or None)
    return redirect("followups:notice-list")


def source_panel(request: HttpRequest, source) -> dict | None:
    """The follow-ups of one record of another app, for a ``registry.Panel`` on its page:

        registry.register_panel(registry.Panel(
            key="targets-inspection-followups",
            target="targets.inspection",
            template_name="followups/_source_panel.html",
            get_context=followups_views.source_panel,
        ))

    Hidden when there are none the user may see."""
    followups = list(
        queries.for_source(queries.followups_visible_to(request.user), source).order_by(
            "due_date", "id"
        )
    )
    if not followups:
        return None
    return {"followups": followups, "today": timezone.localdate()}
