from contextlib import suppress

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.queries import events_for_object
from danvan.core.views import render_panels, render_timeline_items, timeline_page
from danvan.organizations import queries, services
from danvan.organizations.forms import LINK_FORMS, PersonForm, person_label
from danvan.organizations.models import Membership, Position, ServicePeriod
from danvan.organizations.views.common import attach_errors, paginate

PERSON_FIELDS = (
    "full_name",
    "gender",
    "birth_year",
    "ethnicity",
    "religion",
    "phone",
    "email",
    "note",
)
LINK_MODELS = {"position": Position, "membership": Membership, "service_period": ServicePeriod}


def person_list(request: HttpRequest) -> HttpResponse:
    people = queries.people_visible_to(request.user)
    query = request.GET.get("q", "").strip()[:200]
    people = queries.search_people(people, query)
    context = {
        "page": paginate(request, people.order_by("name_sort", "id")),
        "query": query,
        "can_add": request.user.has_perm("organizations.add_person"),
    }
    if request.htmx:
        return render(request, "organizations/person_list.html#results", context)
    return render(request, "organizations/person_list.html", context)


def person_picker(request: HttpRequest) -> HttpResponse:
    """Options for the person picker: visible people whose name contains the typed words."""
    field = request.GET.get("field", "")
    query = (request.GET.get("q") or request.GET.get(f"{field}__search") or "").strip()[:200]
    options = []
    if query:
        found = queries.search_people(queries.people_visible_to(request.user), query)
        options = [
            {"id": person.pk, "label": person_label(person), "era": ""}
            for person in found.select_related("unit").order_by("name_sort", "id")[:15]
        ]
    return render(
        request, "territory/widgets/place_picker_options.html", {"options": options, "query": query}
    )


def _visible_person(request, pk):
    return get_object_or_404(queries.people_visible_to(request.user), pk=pk)


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _visible_person(request, pk)
    events = events_for_object(person)
    more_url = reverse("organizations:person-detail", args=[person.pk])
    if request.htmx and request.GET.get("page"):
        return render_timeline_items(request, events, more_url)
    context = {
        "person": person,
        "positions": person.positions.select_related("organization"),
        "memberships": person.memberships.select_related("organization"),
        "service_periods": person.service_periods.select_related("organization"),
        "page": timeline_page(events, request.GET.get("page")),
        "more_url": more_url,
        "can_change": request.user.has_perm("organizations.change_person", person),
        "panels": render_panels(request, person),
    }
    return render(request, "organizations/person_detail.html", context)


def person_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("organizations.add_person"):
        raise PermissionDenied
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            person = services.create_person(data=data, acting_user=request.user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect("organizations:person-detail", pk=person.pk)
    return render(
        request,
        "organizations/form_page.html",
        {
            "form": form,
            "heading": _("Add a person"),
            "cancel_url": reverse("organizations:person-list"),
        },
    )


def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _visible_person(request, pk)
    if not request.user.has_perm("organizations.change_person", person):
        raise PermissionDenied
    initial = {key: getattr(person, key) for key in PERSON_FIELDS}
    initial |= {"unit": person.unit_id, "version": person.version}
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        try:
            services.update_person(
                person=person, data=data, version=version, acting_user=request.user
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect("organizations:person-detail", pk=person.pk)
    return render(
        request,
        "organizations/form_page.html",
        {
            "form": form,
            "heading": _("Edit %(name)s") % {"name": person.full_name},
            "cancel_url": reverse("organizations:person-detail", args=[person.pk]),
        },
    )


def person_link_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in LINK_FORMS:
        raise Http404
    person = _visible_person(request, pk)
    if not request.user.has_perm("organizations.change_person", person):
        raise PermissionDenied
    form = LINK_FORMS[kind](request.POST or None)
    form.fields["organization"].queryset = queries.organizations_visible_to(request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_person_link(
                person=person, kind=kind, data=form.cleaned_data, acting_user=request.user
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect("organizations:person-detail", pk=person.pk)
    headings = {
        "position": _("Add a position for %(name)s"),
        "membership": _("Add a membership for %(name)s"),
        "service_period": _("Add a period of mass mobilisation work for %(name)s"),
    }
    return render(
        request,
        "organizations/form_page.html",
        {
            "form": form,
            "heading": headings[kind] % {"name": person.full_name},
            "cancel_url": reverse("organizations:person-detail", args=[person.pk]),
        },
    )


def person_link_end(request: HttpRequest, pk: int, kind: str, link_id: int) -> HttpResponse:
    if kind not in LINK_MODELS or request.method != "POST":
        raise Http404
    person = _visible_person(request, pk)
    if not request.user.has_perm("organizations.change_person", person):
        raise PermissionDenied
    link = get_object_or_404(LINK_MODELS[kind], pk=link_id, person=person)
    with suppress(ValidationError):  # already ended: the page shows it
        services.end_person_link(link=link, end=timezone.localdate(), acting_user=request.user)
    return redirect("organizations:person-detail", pk=person.pk)
