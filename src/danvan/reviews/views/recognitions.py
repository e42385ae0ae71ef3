"""A recognition entered on its own (a decision taken outside any round, entered later)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from danvan.initiatives.queries import initiatives_visible_to
from danvan.reviews import services
from danvan.reviews.forms import RecognitionForm
from danvan.reviews.views.common import add_form_errors, out_of_scope_404


@out_of_scope_404
def recognition_add(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = get_object_or_404(initiatives_visible_to(request.user), pk=pk)
    if not request.user.has_perm("reviews.add_recognition", initiative):
        raise PermissionDenied
    form = RecognitionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_recognition(
                initiative=initiative,
                outcome=data["outcome"],
                level=data["level"],
                decision=data["decision"],
                decided_on=data["decided_on"],
                note=data["note"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The recognition was recorded."))
            return redirect("initiatives:initiative-detail", initiative.pk)
    return render(
        request, "reviews/recognition_form.html", {"form": form, "initiative": initiative}
    )
