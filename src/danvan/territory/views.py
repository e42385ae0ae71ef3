from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.core.folding import collation_key
from danvan.core.queries import events_for_object
from danvan.core.views import attach_errors, render_panels, render_timeline_items, timeline_page
from danvan.territory import queries, services
from danvan.territory.enums import Era, Level, Source
from danvan.territory.forms import FormerUnitForm, HamletForm, UnitEditForm
from danvan.territory.models import REFORM_DATE, AdministrativeUnit
from danvan.territory.presenting import unit_brief

# Which units may be added under a unit, per its map and level.
ADDABLE = {
    (Era.CURRENT, Level.COMMUNE): "hamlet",
    (Era.LEGACY, Level.COMMUNE): "hamlet",
    (Era.LEGACY, Level.DISTRICT): "former",
    (Era.LEGACY, Level.PROVINCE): "former",
    (Era.CURRENT, Level.PROVINCE): "former",
}


def _unit_or_404(pk: int) -> AdministrativeUnit:
    try:
        return queries.get_unit(pk)
    except AdministrativeUnit.DoesNotExist as error:
        raise Http404 from error


def unit_list(request: HttpRequest, era: str = Era.CURRENT) -> HttpResponse:
    provinces = sorted(
        queries.provinces_with_counts(era=era), key=lambda unit: collation_key(unit.name)
    )
    context = {
        "era": era,
        "provinces": provinces,
        "reform_date": REFORM_DATE,
        "query": request.GET.get("q", ""),
    }
    return render(request, "territory/unit_list.html", context)


def unit_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    era = request.GET.get("era") if request.GET.get("era") in Era.values else None
    near = queries.scope_units(request.user)
    results = queries.search_units(query, era=era, limit=50, near=near) if query else []
    chains = queries.ancestors_of_many(results)
    rows = [{"unit": unit, "ancestors": chains[unit.pk]} for unit in results]
    context = {"query": query, "rows": rows, "era": era}
    if request.htmx:
        return render(request, "territory/unit_search.html#results", context)
    return render(request, "territory/unit_search.html", context)


def unit_picker(request: HttpRequest) -> HttpResponse:
    """Options for the place picker (htmx): units matching what was typed."""
    field = request.GET.get("field", "")
    query = (request.GET.get("q") or request.GET.get(f"{field}__search") or "").strip()[:200]
    level = request.GET.get("level") if request.GET.get("level") in Level.values else None
    era = request.GET.get("era") if request.GET.get("era") in Era.values else None
    near = queries.scope_units(request.user)
    results = (
        queries.search_units(query, era=era, level=level, limit=15, near=near) if query else []
    )
    chains = queries.ancestors_of_many(results)
    options = [unit_brief(unit, chains[unit.pk]) for unit in results]
    return render(
        request,
        "territory/widgets/place_picker_options.html",
        {"options": options, "query": query},
    )


def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit_or_404(pk)
    events = events_for_object(unit)
    more_url = reverse("territory:unit-detail", args=[unit.pk])
    if request.htmx and request.GET.get("page"):
        return render_timeline_items(request, events, more_url)
    query = request.GET.get("q", "").strip()[:200]
    children = queries.children_with_counts(unit, query=query)
    if request.htmx and request.GET.get("children") is not None:
        return render(
            request,
            "territory/unit_detail.html#children-rows",
            {"unit": unit, "children": children},
        )
    context = {
        "unit": unit,
        "ancestors": queries.ancestors(unit),
        "history": queries.history(unit),
        "children": children,
        "query": query,
        "page": timeline_page(events, request.GET.get("page")),
        "more_url": more_url,
        "can_add": request.user.has_perm("territory.add_unit", unit)
        and (unit.era, unit.level) in ADDABLE,
        "add_kind": ADDABLE.get((unit.era, unit.level)),
        "can_edit": request.user.has_perm("territory.change_unit", unit)
        and unit.source == Source.STAFF,
        "panels": render_panels(request, unit),
    }
    return render(request, "territory/unit_detail.html", context)


def _form_for(unit: AdministrativeUnit, data=None):
    if ADDABLE.get((unit.era, unit.level)) == "hamlet":
        return HamletForm(data)
    child_level = (
        Level.DISTRICT if unit.level == Level.PROVINCE and unit.era == Era.LEGACY else Level.COMMUNE
    )
    return FormerUnitForm(data, child_level=child_level, era=unit.era)


def unit_add(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit_or_404(pk)
    if (unit.era, unit.level) not in ADDABLE:
        raise Http404
    if not request.user.has_perm("territory.add_unit", unit):
        raise PermissionDenied
    form = _form_for(unit, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if isinstance(form, HamletForm):
                added = services.add_unit(parent=unit, acting_user=request.user, **data)
            else:
                added = services.add_former_unit(parent=unit, acting_user=request.user, **data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("%(unit)s has been added.") % {"unit": added.full_name})
            return redirect("territory:unit-detail", pk=added.pk)
    return render(request, "territory/unit_add.html", {"unit": unit, "form": form})


def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit_or_404(pk)
    if unit.source != Source.STAFF:
        raise Http404
    if not request.user.has_perm("territory.change_unit", unit):
        raise PermissionDenied
    initial = {name: getattr(unit, name) for name in services.EDITABLE_FIELDS} | {
        "version": unit.version
    }
    form = UnitEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.update_unit(unit=unit, data=data, version=version, acting_user=request.user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("territory:unit-detail", pk=unit.pk)
    return render(request, "territory/unit_edit.html", {"unit": unit, "form": form})
