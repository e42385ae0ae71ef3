"""Exclusions from honours (a disciplinary measure): recorded on a person, ended when lifted.
The candidates and every evaluation name them while they are in force."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.honors import queries, services
from danvan.honors.forms import ExclusionEndForm, ExclusionForm
from danvan.honors.views.common import add_form_errors
from danvan.organizations.queries import people_visible_to


def exclusion_add(request: HttpRequest, pk: int) -> HttpResponse:
    """``pk``: the person."""
    person = get_object_or_404(people_visible_to(request.user), pk=pk)
    if not request.user.has_perm("honors.add_exclusion", person):
        raise PermissionDenied
    form = ExclusionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_exclusion(
                person=person,
                reason=data["reason"],
                start=data["start"],
                end=data.get("end"),
                acting_user=request.user,
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The exclusion from honours was recorded."))
            return redirect("organizations:person-detail", person.pk)
    context = {
        "form": form,
        "person": person,
        "exclusions": queries.exclusions_visible_to(request.user).filter(person=person),
    }
    return render(request, "honors/exclusion_form.html", context)


@require_POST
def exclusion_end(request: HttpRequest, pk: int) -> HttpResponse:
    """``pk``: the exclusion."""
    exclusion = get_object_or_404(queries.exclusions_visible_to(request.user), pk=pk)
    if not request.user.has_perm("honors.add_exclusion", exclusion.person):
        raise PermissionDenied
    form = ExclusionEndForm(request.POST)
    if form.is_valid():
        try:
            services.end_exclusion(
                exclusion=exclusion, end=form.cleaned_data["end"], acting_user=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The exclusion from honours was ended."))
    else:
        messages.error(request, _("Enter the day the exclusion ends."))
    return redirect("honors:exclusion-add", exclusion.person_id)
