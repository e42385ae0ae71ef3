"""The catalogues staff extend: kinds of activity, categories of participants, kinds of work
(with their unit). Everyone who records activities sees them; the managing roles add and
rename entries and switch them off (the service decides)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.activities import services
from danvan.activities.forms import CatalogueEntryForm
from danvan.core.forms import parse_id
from danvan.core.views import attach_errors

TITLES = {
    "activity-kind": gettext_lazy("Kinds of activity"),
    "participant-category": gettext_lazy("Categories of participants"),
    "work-kind": gettext_lazy("Kinds of work"),
}


def catalogue_list(request: HttpRequest) -> HttpResponse:
    can_change = request.user.has_perm("activities.change_catalogue")
    sections = [
        {
            "key": key,
            "title": TITLES[key],
            "entries": list(model.objects.all()),
            "form": CatalogueEntryForm(prefix=key) if can_change else None,
            "with_unit": key == "work-kind",
        }
        for key, model in services.CATALOGUES.items()
    ]
    context = {"sections": sections, "can_change": can_change}
    return render(request, "activities/catalogue_list.html", context)


def catalogue_save(request: HttpRequest, catalogue: str) -> HttpResponse:
    """Add an entry (no ``entry`` posted) or change one: its name, unit, order, whether it is
    still offered."""
    if catalogue not in services.CATALOGUES:
        raise Http404
    if not request.user.has_perm("activities.change_catalogue"):
        raise PermissionDenied
    if request.method != "POST":
        return redirect("activities:catalogue-list")
    model = services.CATALOGUES[catalogue]
    entry = None
    if (entry_id := parse_id(request.POST.get("entry"))) is not None:
        entry = model.objects.filter(pk=entry_id).first()
        if entry is None:
            raise Http404
    form = CatalogueEntryForm(request.POST, prefix=catalogue)
    if form.is_valid():
        data = {**form.cleaned_data, "active": request.POST.get(f"{catalogue}-active", "1") == "1"}
        try:
            saved = services.save_catalogue_entry(
                catalogue=catalogue, data=data, entry=entry, acting_user=request.user
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("%(name)s has been saved.") % {"name": saved.name})
            return redirect("activities:catalogue-list")
    for field, errors in form.errors.items():
        for error in errors:
            messages.error(request, f"{form[field].label if field != '__all__' else ''} {error}")
    return redirect("activities:catalogue-list")
