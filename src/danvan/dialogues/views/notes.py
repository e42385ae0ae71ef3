"""The people's opinion: notes by topic and place, the hot spots and their trend."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.views import attach_errors
from danvan.dialogues import hotspots, queries, services
from danvan.dialogues.forms import HotSpotFilterForm, OpinionNoteForm, SpotFilterForm
from danvan.territory.models import AdministrativeUnit
from danvan.territory.queries import ancestors


def opinion_overview(request: HttpRequest) -> HttpResponse:
    filters = SpotFilterForm(request.GET)
    values = filters.values()
    since = timezone.localdate() - timedelta(days=31 * values["months"])
    notes = queries.opinion_notes_visible_to(request.user)
    everything = queries.spots(notes, since=since)
    levels = {values["level"]} if values["level"] else None
    shown = [s for s in everything if levels is None or s.note.level in levels]
    context = {
        "filters": filters,
        "spots": shown,
        "counts": queries.count_levels(everything),
        "since": since,
        "can_add": request.user.has_perm("dialogues.add_opinionnote"),
    }
    return render(request, "dialogues/opinion_overview.html", context)


def opinion_note_add(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("dialogues.add_opinionnote"):
        raise PermissionDenied
    form = OpinionNoteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_opinion_note(data=form.cleaned_data, acting_user=request.user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The note has been recorded."))
            return redirect("dialogues:opinion-overview")
    return render(request, "dialogues/opinion_note_form.html", {"form": form})


def opinion_map(request: HttpRequest, unit: int | None = None) -> HttpResponse:
    """The hot spots and places to watch on a map and in a list, counted up to the viewer's
    unit (or the unit chosen inside the viewer's scope: any other answers 404)."""
    root = hotspots.default_root(request.user)
    if unit is not None:
        root = AdministrativeUnit.objects.filter(pk=unit).select_related("parent").first()
        if root is None or not hotspots.drill_allowed(request.user, root):
            raise Http404
    filters = HotSpotFilterForm(request.GET)
    kind = filters.values()["period"]
    found = hotspots.hot_spot_map(
        queries.opinion_notes_visible_to(request.user),
        root=root,
        kind=kind,
        today=timezone.localdate(),
    )
    trail = []
    if root is not None:
        trail = [u for u in ancestors(root) if hotspots.drill_allowed(request.user, u)]
    context = {
        **found,
        "filters": filters,
        "kind": kind,
        "root": root,
        "trail": trail,
        "can_add": request.user.has_perm("dialogues.add_opinionnote"),
    }
    return render(request, "dialogues/opinion_map.html", context)
