"""One target: its units (drill-down), its figures over time, edit, split among the units, and
the form a unit reports its figure with; a unit's own targets."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import measures
from danvan.core.formatting import format_date
from danvan.core.queries import events_for_object
from danvan.core.views import attach_errors, render_timeline_items, timeline_page
from danvan.targets import queries, services
from danvan.targets.forms import CascadeForm, TargetForm, ValueForm
from danvan.targets.services.programmes import TARGET_FIELDS
from danvan.targets.views.chart import trend_chart
from danvan.targets.views.common import target_data
from danvan.territory.models import AdministrativeUnit
from danvan.territory.queries import valid_on

UNITS_PAGE = 100


def visible_target(request: HttpRequest, pk: int):
    return get_object_or_404(
        queries.targets_visible_to(request.user).select_related("programme", "unit", "parent"),
        pk=pk,
    )


def _records_link(target) -> dict | None:
    """Where the records behind a computed figure are listed: the report of the target's unit
    and period, for its measure."""
    if not target.is_computed:
        return None
    try:
        measure = measures.get_measure(target.measure)
    except KeyError:
        return None
    end = target.current_as_of or timezone.localdate()
    params = QueryDict(mutable=True)
    params.update(
        {
            "scope": target.unit_id,
            "preset": "custom",
            "year": end.year,
            "start": format_date(target.programme.starts_on),
            "end": format_date(end),
            "by": measures.UNIT,
        }
    )
    for code in target.measure_filters:
        params.update({"areas": code})
    return {"label": measure.label, "query": params.urlencode()}


def target_detail(request: HttpRequest, pk: int) -> HttpResponse:
    target = visible_target(request, pk)
    events = events_for_object(target)
    if request.htmx and request.GET.get("timeline"):
        return render_timeline_items(request, events, f"{request.path}?timeline=1")
    children = queries.children_of(target, request.user)
    page = Paginator(children, UNITS_PAGE).get_page(request.GET.get("page"))
    page_milestones = queries.milestones_of(page.object_list)
    unit_rows = [target_data(c, milestones=page_milestones.get(c.pk, [])) for c in page.object_list]
    milestones = list(target.milestones.order_by("due"))
    values = list(queries.values_of(target))
    context = {
        "target": target,
        "row": target_data(target, milestones=milestones),
        "ancestors": queries.ancestors(target),
        "milestones": milestones,
        "values": values,
        "chart": trend_chart(target, values=values, milestones=milestones),
        "units": page,
        "unit_rows": unit_rows,
        "planned": services.planned_total(target),
        "records": _records_link(target),
        "can_change": request.user.has_perm("targets.change_target", target),
        "can_split": request.user.has_perm("targets.split_target", target),
        "can_report": not target.is_computed
        and request.user.has_perm("targets.report_value", target),
        "page": timeline_page(events, 1),
        "more_url": f"{request.path}?timeline=1",
    }
    return render(request, "targets/target_detail.html", context)


def _milestone_text(target) -> str:
    return "\n".join(
        f"{m.due:%d/%m/%Y}: {m.value.normalize():f}" for m in target.milestones.order_by("due")
    )


def target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = visible_target(request, pk)
    if not request.user.has_perm("targets.change_target", target):
        raise PermissionDenied
    initial = {key: getattr(target, key) for key in TARGET_FIELDS}
    initial |= {"milestones": _milestone_text(target), "version": target.version}
    initial["measure_where"] = [f"{k}={v}" for k, v in (target.measure_where or {}).items()]
    form = TargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        milestones = data.pop("milestones")
        version = data.pop("version") or 0
        try:
            services.update_target(
                target=target,
                data=data,
                milestones=milestones,
                version=version,
                acting_user=request.user,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The target was saved."))
            return redirect("targets:target-detail", target.pk)
    context = {"form": form, "title": _("Edit the target"), "target": target}
    return render(request, "targets/form.html", context)


def _units_below(target):
    """The units one level below the target's unit (of its map, valid today for today's map)."""
    units = AdministrativeUnit.objects.filter(parent=target.unit)
    if target.unit.era == "current":
        units = units.filter(valid_on(timezone.localdate()))
    return list(units.order_by("path")[:500])


def target_cascade(request: HttpRequest, pk: int) -> HttpResponse:
    target = visible_target(request, pk)
    if not request.user.has_perm("targets.split_target", target):
        raise PermissionDenied
    units = _units_below(target)
    existing = {c.unit_id: c.target_value for c in target.children.all()}
    initial = {f"share_{u.pk}": existing.get(u.pk) for u in units}
    form = CascadeForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen()
        if form.cleaned_data["mode"] == "proportional":
            chosen = services.proportional_shares(target, list(chosen) or units)
        try:
            written = services.cascade_target(
                target=target, shares=chosen, acting_user=request.user
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request, _("%(count)s units' shares were written.") % {"count": len(written)}
            )
            return redirect("targets:target-detail", target.pk)
    context = {"form": form, "target": target, "units": units}
    return render(request, "targets/target_cascade.html", context)


def value_report(request: HttpRequest, pk: int) -> HttpResponse:
    target = visible_target(request, pk)
    if target.is_computed or not request.user.has_perm("targets.report_value", target):
        raise PermissionDenied
    form = ValueForm(
        request.POST or None, request.FILES or None, initial={"as_of": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_value(
                target=target,
                as_of=form.cleaned_data["as_of"],
                value=form.cleaned_data["value"],
                note=form.cleaned_data["note"],
                evidence=form.cleaned_data["evidence"],
                acting_user=request.user,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The figure was recorded."))
            return redirect("targets:target-detail", target.pk)
    context = {"form": form, "title": _("Report a figure"), "target": target, "multipart": True}
    return render(request, "targets/form.html", context)


def unit_targets(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's page of targets: every programme's targets set for it, where each stands."""
    unit = get_object_or_404(AdministrativeUnit, pk=pk)
    targets = list(queries.targets_of_unit(unit, request.user)[:300])
    milestones = queries.milestones_of(targets)
    rows = [target_data(t, milestones=milestones.get(t.pk, [])) for t in targets]
    return render(request, "targets/unit_targets.html", {"unit": unit, "rows": rows})


def unit_panel(request: HttpRequest, unit):
    """The targets set for a unit, on the unit's page (``registry.Panel``); nothing when none."""
    targets = list(queries.targets_of_unit(unit, request.user)[:20])
    if not targets:
        return None
    milestones = queries.milestones_of(targets)
    return {
        "unit": unit,
        "rows": [target_data(t, milestones=milestones.get(t.pk, [])) for t in targets],
    }
