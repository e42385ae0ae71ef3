"""Programmes: the list, create and edit, and the dashboard (every target against its value and
milestone, and how many units stand where)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.core.queries import events_for_object
from danvan.core.views import attach_errors, render_timeline_items, timeline_page
from danvan.targets import queries, services
from danvan.targets.enums import Standing
from danvan.targets.forms import ProgrammeForm, TargetForm
from danvan.targets.tasks import recompute_programme_task
from danvan.targets.views.common import STANDING_ORDER, target_data


def visible_programme(request: HttpRequest, pk: int):
    return get_object_or_404(
        queries.programmes_visible_to(request.user).select_related("unit", "owner", "document"),
        pk=pk,
    )


def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = (
        queries.programmes_visible_to(request.user)
        .select_related("unit", "owner", "document")
        .order_by("-starts_on", "name", "id")
    )
    programmes = list(programmes[:200])
    counts = queries.programme_standings(programmes)
    for programme in programmes:
        mine = counts[programme.pk]
        programme.standings = [(s, mine[s]) for s in STANDING_ORDER if mine[s]]
        programme.total = sum(mine.values())
        programme.met = mine[Standing.MET]
    context = {
        "programmes": programmes,
        "can_add": request.user.has_perm("targets.add_programme"),
    }
    return render(request, "targets/programme_list.html", context)


def programme_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("targets.add_programme"):
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.create_programme(data=form.cleaned_data, acting_user=request.user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The programme was created. Now set its targets."))
            return redirect("targets:programme-detail", programme.pk)
    return render(request, "targets/form.html", {"form": form, "title": _("New programme")})


def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = visible_programme(request, pk)
    if not request.user.has_perm("targets.change_programme", programme):
        raise PermissionDenied
    initial = services.programmes.snapshot_values(programme) | {"version": programme.version}
    form = ProgrammeForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.update_programme(
                programme=programme,
                data=data,
                version=form.cleaned_data["version"] or 0,
                acting_user=request.user,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The programme was saved."))
            return redirect("targets:programme-detail", programme.pk)
    context = {"form": form, "title": _("Edit the programme"), "programme": programme}
    return render(request, "targets/form.html", context)


def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The programme's dashboard: each target's figure against its value and milestone, its
    standing and projection, and how many of its units stand where."""
    programme = visible_programme(request, pk)
    events = events_for_object(programme)
    if request.htmx and request.GET.get("timeline"):
        return render_timeline_items(request, events, f"{request.path}?timeline=1")
    targets = list(queries.programme_targets(programme, request.user))
    counts = queries.unit_standings(targets)
    milestones = queries.milestones_of(targets)
    rows = [
        target_data(t, units=counts[t.pk], milestones=milestones.get(t.pk, [])) for t in targets
    ]
    summary = dict.fromkeys(STANDING_ORDER, 0)
    for row in rows:
        summary[row["target"].standing] += 1
    context = {
        "programme": programme,
        "rows": rows,
        "summary": [(Standing(s), n) for s, n in summary.items()],
        "met": summary[Standing.MET],
        "total": len(rows),
        "can_manage": request.user.has_perm("targets.change_programme", programme),
        "recommendations": queries.programme_recommendations(programme, request.user)[:100],
        "inspections": queries.inspections_visible_to(request.user)
        .filter(programme=programme)
        .order_by("-starts_on")[:20],
        "page": timeline_page(events, 1),
        "more_url": f"{request.path}?timeline=1",
    }
    return render(request, "targets/programme_detail.html", context)


def target_create(request: HttpRequest, pk: int) -> HttpResponse:
    programme = visible_programme(request, pk)
    if not request.user.has_perm("targets.change_programme", programme):
        raise PermissionDenied
    form = TargetForm(request.POST or None, initial={"deadline": programme.ends_on})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        milestones = data.pop("milestones")
        data.pop("version", None)
        try:
            target = services.create_target(
                programme=programme, data=data, milestones=milestones, acting_user=request.user
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The target was set."))
            return redirect("targets:target-detail", target.pk)
    context = {"form": form, "title": _("New target"), "programme": programme}
    return render(request, "targets/form.html", context)


@require_POST
def programme_recompute(request: HttpRequest, pk: int) -> HttpResponse:
    programme = visible_programme(request, pk)
    if not request.user.has_perm("targets.change_programme", programme):
        raise PermissionDenied
    # In the background: a programme split among thousands of communes takes a while.
    recompute_programme_task.enqueue(programme.pk, request.user.pk)
    messages.success(
        request,
        _("The computed figures are being counted again; reload the page in a moment."),
    )
    return redirect("targets:programme-detail", programme.pk)
