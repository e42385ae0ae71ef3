from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.accounts.enums import EDIT_ROLES, MANAGE_ROLES
from danvan.core.forms import parse_id
from danvan.core.queries import events_for_object
from danvan.core.views import render_panels, render_timeline_items, timeline_page
from danvan.organizations import queries, services
from danvan.organizations.enums import OrganizationKind
from danvan.organizations.forms import EndOrganizationForm, OrganizationForm
from danvan.organizations.models import Organization
from danvan.organizations.views.common import attach_errors, paginate


def organization_list(request: HttpRequest) -> HttpResponse:
    organizations = queries.organizations_visible_to(request.user)
    query = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("kind", "")
    if query:
        organizations = queries.search_organizations(organizations, query)
    if kind in OrganizationKind.values:
        organizations = organizations.filter(kind=kind)
    if request.GET.get("ended") != "1":
        organizations = organizations.filter(valid_to__isnull=True)
    tree = not query and not kind
    # The tree reads top-down; a search or a filter reads alphabetically (Cao Bằng before Cần Thơ).
    ordering = ["path"] if tree else ["name_sort", "id"]
    page = paginate(request, organizations.order_by(*ordering))
    context = {
        "page": page,
        "query": query,
        "kind": kind,
        "kinds": OrganizationKind.choices,
        "show_ended": request.GET.get("ended") == "1",
        "can_add": request.user.has_perm("organizations.add_organization"),
        "tree": tree,
    }
    if request.htmx:
        return render(request, "organizations/organization_list.html#results", context)
    return render(request, "organizations/organization_list.html", context)


# ``?writes=``: the picker offers only what the field accepts (a parent, an owner), not every
# organisation the user can see.
PICKER_WRITES = {"manage": MANAGE_ROLES, "edit": EDIT_ROLES}


def organization_picker(request: HttpRequest) -> HttpResponse:
    field = request.GET.get("field", "")
    query = (request.GET.get("q") or request.GET.get(f"{field}__search") or "").strip()[:200]
    options = []
    if query:
        roles = PICKER_WRITES.get(request.GET.get("writes", ""))
        offered = (
            queries.organizations_editable_by(request.user, roles=roles)
            if roles
            else queries.organizations_visible_to(request.user)
        )
        found = queries.search_organizations(offered, query)
        options = [
            {
                "id": org.pk,
                "label": f"{org.name}" + (f" ({org.unit.inline_name})" if org.unit else ""),
                "era": "legacy" if org.valid_to else "",
            }
            for org in found.order_by("name_sort")[:15]
        ]
    return render(
        request, "territory/widgets/place_picker_options.html", {"options": options, "query": query}
    )


def _visible_organization(request, pk):
    return get_object_or_404(queries.organizations_visible_to(request.user), pk=pk)


def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organization = _visible_organization(request, pk)
    events = events_for_object(organization)
    more_url = reverse("organizations:organization-detail", args=[organization.pk])
    if request.htmx and request.GET.get("page"):
        return render_timeline_items(request, events, more_url)
    visible = queries.organizations_visible_to(request.user)
    people = queries.people_visible_to(request.user)
    positions = (
        organization.positions.filter(person__in=people, end__isnull=True)
        .select_related("person")
        .order_by("id")
    )
    context = {
        "organization": organization,
        "ancestors": _visible_ancestors(visible, organization),
        "children": visible.filter(parent=organization).order_by("-valid_to", "name_sort"),
        "positions": positions,
        "history": queries.history(organization),
        "panels": render_panels(request, organization),
        "page": timeline_page(events, request.GET.get("page")),
        "more_url": more_url,
        "can_change": request.user.has_perm("organizations.change_organization", organization),
    }
    return render(request, "organizations/organization_detail.html", context)


def _visible_ancestors(visible, organization) -> list:
    """Only the higher organisations the user may see: the rest do not exist for them."""
    chain = queries.ancestors(organization)
    allowed = set(visible.filter(pk__in=[a.pk for a in chain]).values_list("pk", flat=True))
    return [a for a in chain if a.pk in allowed]


def _limit_choices(form, request, current=None) -> None:
    """Only the organisations the user manages may be chosen as a parent (and the current one,
    kept when editing); the service checks the place again."""
    parents = queries.organizations_editable_by(request.user, roles=MANAGE_ROLES)
    if current is not None and current.parent_id:
        parents = Organization.objects.filter(
            Q(pk__in=parents.values("pk")) | Q(pk=current.parent_id)
        )
    form.fields["parent"].queryset = parents
    widget = form.fields["parent"].widget
    widget.extra = {**widget.extra, "writes": "manage"}  # a copy: widgets share the dict


def organization_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("organizations.add_organization"):
        raise PermissionDenied
    initial = {}
    if parent_id := parse_id(request.GET.get("parent")):
        parent = queries.organizations_visible_to(request.user).filter(pk=parent_id).first()
        if parent:
            initial = {"parent": parent.pk, "unit": parent.unit_id}
    form = OrganizationForm(request.POST or None, initial=initial)
    _limit_choices(form, request)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            organization = services.create_organization(data=data, acting_user=request.user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect("organizations:organization-detail", pk=organization.pk)
    return render(
        request,
        "organizations/form_page.html",
        {
            "form": form,
            "heading": _("Add an organisation"),
            "cancel_url": reverse("organizations:organization-list"),
        },
    )


def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organization = _visible_organization(request, pk)
    if not request.user.has_perm("organizations.change_organization", organization):
        raise PermissionDenied
    initial = {
        **{
            key: getattr(organization, key)
            for key in ("name", "short_name", "kind", "valid_from", "valid_to", "note")
        },
        "parent": organization.parent_id,
        "unit": organization.unit_id,
        "version": organization.version,
    }
    form = OrganizationForm(request.POST or None, initial=initial)
    _limit_choices(form, request, current=organization)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        try:
            services.update_organization(
                organization=organization, data=data, version=version, acting_user=request.user
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect("organizations:organization-detail", pk=organization.pk)
    return render(
        request,
        "organizations/form_page.html",
        {
            "form": form,
            "heading": _("Edit %(name)s") % {"name": organization.name},
            "cancel_url": reverse("organizations:organization-detail", args=[organization.pk]),
        },
    )


def organization_end(request: HttpRequest, pk: int) -> HttpResponse:
    organization = _visible_organization(request, pk)
    if not request.user.has_perm("organizations.change_organization", organization):
        raise PermissionDenied
    form = EndOrganizationForm(request.POST or None)
    form.fields["successor"].queryset = queries.organizations_visible_to(request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_organization(
                organization=organization,
                ended_on=form.cleaned_data["ended_on"],
                successor=form.cleaned_data["successor"],
                acting_user=request.user,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect("organizations:organization-detail", pk=organization.pk)
    return render(
        request,
        "organizations/form_page.html",
        {
            "form": form,
            "heading": _("Record that %(name)s ended") % {"name": organization.name},
            "intro": _(
                "Nothing is deleted: the organisation keeps its history and its records, and its "
                "page shows the organisation it was merged into."
            ),
            "submit_label": _("Record"),
            "cancel_url": reverse("organizations:organization-detail", args=[organization.pk]),
        },
    )
