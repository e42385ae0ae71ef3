"""The templates staff make (figures computed, figures entered, narrative sections, periods and
deadline) and who reports on them."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from danvan.core import measures
from danvan.submissions import queries, services
from danvan.submissions.forms import PERIOD_CHOICES, TemplateEditForm, TemplateForm
from danvan.submissions.views.reports import add_errors


def template_create(request: HttpRequest) -> HttpResponse:
    units = queries.template_units(request.user)
    if not units.exists():
        raise PermissionDenied
    form = TemplateForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            template = services.create_template(
                acting_user=request.user,
                name=data["name"],
                owner_unit=data["owner_unit"],
                measures=data["measures"],
                end_months=data["end_months"],
                deadline_day=data["deadline_day"],
                indicators=data["indicators"],
                sections=data["sections"],
            )
            if data["add_units"]:
                services.add_obligations(
                    acting_user=request.user, template=template, receiver_unit=data["owner_unit"]
                )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("submissions:template-detail", template.pk)
    return render(request, "submissions/template_form.html", {"form": form})


def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(queries.templates_visible_to(request.user), pk=pk)
    obligations = queries.obligations_visible_to(request.user).filter(template=template)
    receivers = (
        obligations.values("receiver_unit__name", "receiver_unit__unit_type", "receiver_unit_id")
        .annotate(units=Count("id"))
        .order_by("receiver_unit__path")[:50]
    )
    labels = dict(PERIOD_CHOICES)
    registered = {m.code: m for m in measures.measures()}
    return render(
        request,
        "submissions/template_detail.html",
        {
            "template": template,
            "figures": [registered[c].label for c in template.measures if c in registered],
            "periods": [labels.get(m, m) for m in template.end_months],
            "indicators": list(template.indicators.all()),
            "sections": list(template.sections.all()),
            "count": obligations.count(),
            "receivers": list(receivers),
            "can_change": request.user.has_perm("submissions.change_reporttemplate", template),
        },
    )


@require_POST
def template_units(request: HttpRequest, pk: int) -> HttpResponse:
    """Every unit directly below the template's unit reports on it (those not yet)."""
    template = get_object_or_404(queries.templates_visible_to(request.user), pk=pk)
    if template.owner_unit is None or not request.user.has_perm(
        "submissions.change_reporttemplate", template
    ):
        raise PermissionDenied
    services.add_obligations(
        acting_user=request.user, template=template, receiver_unit=template.owner_unit
    )
    return redirect("submissions:template-detail", template.pk)


@require_POST
def template_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Stop using the template, or use it again (``active`` = "0" or "1")."""
    template = get_object_or_404(queries.templates_visible_to(request.user), pk=pk)
    if not request.user.has_perm("submissions.change_reporttemplate", template):
        raise PermissionDenied
    services.set_template_active(
        acting_user=request.user, template=template, active=request.POST.get("active") == "1"
    )
    return redirect("submissions:template-detail", template.pk)


def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(queries.templates_visible_to(request.user), pk=pk)
    if not request.user.has_perm("submissions.change_reporttemplate", template):
        raise PermissionDenied
    initial = {
        "name": template.name,
        "measures": template.measures,
        "end_months": template.end_months,
        "deadline_day": template.deadline_day,
        "version": template.version,
    }
    form = TemplateEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_template(
                acting_user=request.user,
                template=template,
                name=data["name"],
                measures=data["measures"],
                end_months=data["end_months"],
                deadline_day=data["deadline_day"],
                version=data.get("version"),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("submissions:template-detail", template.pk)
    return render(request, "submissions/template_form.html", {"form": form, "template": template})
