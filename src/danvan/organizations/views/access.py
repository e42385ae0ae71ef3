"""Accounts and grants, managed by administrators and staff inside their own scope."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.accounts import services as account_services
from danvan.accounts.enums import MANAGE_ROLES, Role
from danvan.accounts.models import Grant
from danvan.accounts.queries import grantable_roles, has_any_role, users_visible_to
from danvan.core.queries import events_for_object
from danvan.core.views import render_timeline_items, timeline_page
from danvan.organizations import queries
from danvan.organizations.forms import GrantForm, InviteForm
from danvan.organizations.views.common import attach_errors, paginate


def _require_manager(user) -> None:
    if not has_any_role(user, MANAGE_ROLES):
        raise PermissionDenied


def _role_choices(user) -> list[tuple[str, str]]:
    allowed = set(grantable_roles(user))
    return [(value, label) for value, label in Role.choices if value in allowed]


def user_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request.user)
    users = users_visible_to(request.user).order_by("username")
    query = request.GET.get("q", "").strip()[:100]
    if query:
        users = users.filter(username__icontains=query) | users.filter(full_name__icontains=query)
    page = paginate(request, users.prefetch_related("grants__unit", "grants__organization"))
    return render(request, "organizations/user_list.html", {"page": page, "query": query})


def user_invite(request: HttpRequest) -> HttpResponse:
    _require_manager(request.user)
    form = InviteForm(request.POST or None, roles=_role_choices(request.user))
    form.fields["organization"].queryset = queries.organizations_visible_to(
        request.user, roles=MANAGE_ROLES
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = account_services.invite_user(
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                role=data["role"],
                unit=data["unit"],
                organization=data["organization"],
                acting_user=request.user,
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect("organizations:user-detail", pk=user.pk)
    return render(
        request,
        "organizations/form_page.html",
        {
            "form": form,
            "heading": _("Create an account"),
            "intro": _(
                "The new user receives an e-mail with a link to choose a password. The role and "
                "scope you give cannot go beyond your own."
            ),
            "submit_label": _("Create and send the invitation"),
            "cancel_url": reverse("organizations:user-list"),
        },
    )


def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request.user)
    account = get_object_or_404(users_visible_to(request.user), pk=pk)
    if request.htmx and request.method == "GET" and request.GET.get("page"):
        return render_timeline_items(request, events_for_object(account), request.path)
    form = GrantForm(request.POST or None, roles=_role_choices(request.user))
    form.fields["organization"].queryset = queries.organizations_visible_to(
        request.user, roles=MANAGE_ROLES
    )
    if request.method == "POST" and form.is_valid():
        try:
            account_services.add_grant(
                user=account,
                role=form.cleaned_data["role"],
                unit=form.cleaned_data["unit"],
                organization=form.cleaned_data["organization"],
                acting_user=request.user,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect("organizations:user-detail", pk=account.pk)
    context = {
        "account": account,
        "grants": account.grants.select_related("unit", "organization").order_by("id"),
        "form": form,
        "page": timeline_page(events_for_object(account), request.GET.get("page")),
        "more_url": request.path,
    }
    return render(request, "organizations/user_detail.html", context)


def grant_revoke(request: HttpRequest, pk: int, grant_id: int) -> HttpResponse:
    _require_manager(request.user)
    if request.method != "POST":
        raise PermissionDenied
    account = get_object_or_404(users_visible_to(request.user), pk=pk)
    grant = get_object_or_404(Grant, pk=grant_id, user=account)
    try:
        account_services.revoke_grant(grant=grant, acting_user=request.user)
    except ValidationError as error:
        raise PermissionDenied(_("You may not remove this grant.")) from error
    return redirect("organizations:user-detail", pk=account.pk)
