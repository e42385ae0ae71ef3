from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from danvan.core.views import attach_errors
from danvan.initiatives import services
from danvan.initiatives.enums import Kind, Status, Subject
from danvan.initiatives.forms import InitiativeForm, ProgressForm, TransitionForm
from danvan.initiatives.models import QuantityType
from danvan.initiatives.views.common import editable_initiative
from danvan.initiatives.views.pages import detail_context

FORM_GROUPS = [
    (gettext_lazy("What"), ["name", "kind", "subject", "fields_of_work", "replicated_from"]),
    (gettext_lazy("Who"), ["owner_organization", "owner_person", "partners"]),
    (
        gettext_lazy("Where"),
        ["place", "hamlet", "ethnic_minority_area", "religious_area", "border_area"],
    ),
    (gettext_lazy("When"), ["year", "start_date"]),
    (gettext_lazy("Content and results"), ["content", "expected_results", "results_text"]),
]


def _groups(form) -> list[tuple[str, list]]:
    return [(legend, [form[name] for name in names]) for legend, names in FORM_GROUPS]


def _render_form(request, form, initiative=None) -> HttpResponse:
    context = {"form": form, "groups": _groups(form), "initiative": initiative}
    return render(request, "initiatives/initiative_form.html", context)


def initiative_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("initiatives.add_initiative"):
        raise PermissionDenied
    initial = {
        "year": timezone.localdate().year,
        "kind": Kind.MODEL,
        "subject": Subject.COLLECTIVE,
    }
    form = InitiativeForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        status = Status.DRAFT if "save_draft" in request.POST else Status.REGISTERED
        try:
            initiative = services.register_initiative(
                data=form.data_for_service(),
                fields=form.cleaned_data["fields_of_work"],
                status=status,
                acting_user=request.user,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            if status == Status.DRAFT:
                message = _(
                    "Draft saved: %(name)s (code %(code)s). Register it when it is complete."
                )
            else:
                message = _("%(name)s has been registered with the code %(code)s.")
            messages.success(request, message % {"name": initiative.name, "code": initiative.code})
            return redirect("initiatives:initiative-detail", pk=initiative.pk)
    return _render_form(request, form)


def initiative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = editable_initiative(request, pk)
    current_fields = list(initiative.fields.values_list("pk", flat=True))
    initial = {
        **{key: getattr(initiative, key) for key in services.EDITABLE_FIELDS},
        "fields_of_work": current_fields,
        "version": initiative.version,
    }
    form = InitiativeForm(
        request.POST or None,
        user=request.user,
        initial=initial,
        current=initiative,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_initiative(
                initiative=initiative,
                data=form.data_for_service(),
                version=form.cleaned_data.get("version") or 0,
                fields=form.cleaned_data["fields_of_work"],
                acting_user=request.user,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("initiatives:initiative-detail", pk=initiative.pk)
    return _render_form(request, form, initiative)


@require_POST
def initiative_transition(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = editable_initiative(request, pk)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            changed = services.transition(
                initiative=initiative,
                to_status=form.cleaned_data["to_status"],
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request,
                _("The status is now: %(status)s.")
                % {"status": capfirst(Status(changed.status).label)},
            )
            return redirect("initiatives:initiative-detail", pk=initiative.pk)
    messages.error(request, _("The status was not changed: see the reason below."))
    # The page again, with the form as it was sent and the reason it was refused.
    context = detail_context(request, initiative, transition_form=form)
    return render(request, "initiatives/initiative_detail.html", context)


def progress_add(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = editable_initiative(request, pk)
    form = ProgressForm(request.POST or None, quantity_types=QuantityType.objects.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.add_progress(
                initiative=initiative,
                day=form.cleaned_data["date"],
                text=form.cleaned_data["text"],
                quantities=form.quantities(),
                acting_user=request.user,
            )
        except ValidationError as error:
            attach_errors(form, _keyed_by_field(form, error))
        else:
            messages.success(request, _("The progress update has been recorded."))
            return redirect("initiatives:initiative-detail", pk=initiative.pk)
    context = {
        "form": form,
        "initiative": initiative,
        "cancel_url": reverse("initiatives:initiative-detail", args=[initiative.pk]),
    }
    return render(request, "initiatives/progress_form.html", context)


def _keyed_by_field(form: ProgressForm, error: ValidationError) -> ValidationError:
    """The service names a quantity by its type's code; the form by its field."""
    if not hasattr(error, "error_dict"):
        return error
    fields = {t.code: form.quantity_field(t) for t in form.quantity_types}
    return ValidationError({fields.get(key, key): value for key, value in error.error_dict.items()})


@require_POST
def initiative_showcase(request: HttpRequest, pk: int) -> HttpResponse:
    """Withhold the model from the public portal's showcase, or show it there again."""
    from danvan.initiatives.publication import set_showcase_withheld

    initiative = editable_initiative(request, pk)
    withheld = request.POST.get("withheld") == "1"
    set_showcase_withheld(initiative=initiative, withheld=withheld, acting_user=request.user)
    if withheld:
        messages.success(request, _("It will not be shown on the public portal."))
    else:
        messages.success(
            request, _("It may be shown on the public portal once it has been recognised.")
        )
    return redirect("initiatives:initiative-detail", pk=initiative.pk)
