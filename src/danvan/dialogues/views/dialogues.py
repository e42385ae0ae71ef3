from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.core.queries import events_for_object
from danvan.core.spreadsheet_views import (
    export_response,
    export_title_lines,
    import_page,
    template_response,
)
from danvan.core.views import attach_errors, render_timeline_items, timeline_page
from danvan.dialogues import excel, queries, services
from danvan.dialogues import opinion_import as opinion_sheet
from danvan.dialogues.forms import DialogueEditForm, DialogueFilterForm, DialogueForm, OpinionForm
from danvan.dialogues.models import Dialogue, Opinion

PAGE_SIZE = 50


def dialogue_or_404(request: HttpRequest, pk: int) -> Dialogue:
    return get_object_or_404(queries.dialogues_visible_to(request.user), pk=pk)


def dialogue_list(request: HttpRequest) -> HttpResponse:
    visible = queries.dialogues_visible_to(request.user)
    filters = DialogueFilterForm(request.GET, years=queries.dialogue_years(visible))
    values = filters.values()
    dialogues = queries.with_counts(
        queries.filter_dialogues(
            visible, text=values["q"], year=values["year"], kind=values["kind"]
        )
    ).order_by("-held_on", "-id")
    page = Paginator(dialogues, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "filtered": any(values.values()),
        "query": query.urlencode(),
        "can_add": request.user.has_perm("dialogues.add_dialogue"),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "dialogues/dialogue_list.html#results", context)
    return render(request, "dialogues/dialogue_list.html", context)


def dialogue_context(request: HttpRequest, dialogue: Dialogue) -> dict:
    opinions = list(queries.opinions_of(dialogue))
    return {
        "dialogue": dialogue,
        "opinions": opinions,
        "attendance": list(dialogue.attendance.all()),
        "answered": sum(1 for o in opinions if o.response == "answered"),
        "committed": sum(1 for o in opinions if o.followup_id),
        # Names of the people who spoke: only for the staff who record the dialogue.
        "show_names": request.user.has_perm("dialogues.change_dialogue", dialogue),
    }


def dialogue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = dialogue_or_404(request, pk)
    events = events_for_object(dialogue)
    more_url = reverse("dialogues:dialogue-detail", args=[dialogue.pk])
    if request.htmx and request.GET.get("page"):
        return render_timeline_items(request, events, more_url)
    context = dialogue_context(request, dialogue) | {
        "can_edit": request.user.has_perm("dialogues.change_dialogue", dialogue),
        "page": timeline_page(events, request.GET.get("page")),
        "more_url": more_url,
    }
    return render(request, "dialogues/dialogue_detail.html", context)


def dialogue_add(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("dialogues.add_dialogue"):
        raise PermissionDenied
    form = DialogueForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data, attendance = form.split()
        try:
            dialogue = services.record_dialogue(
                data=data, attendance=attendance, acting_user=request.user
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The dialogue has been recorded."))
            return redirect("dialogues:dialogue-detail", pk=dialogue.pk)
    return render(request, "dialogues/dialogue_form.html", {"form": form, "dialogue": None})


def dialogue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = dialogue_or_404(request, pk)
    if not request.user.has_perm("dialogues.change_dialogue", dialogue):
        raise PermissionDenied
    initial = {name: getattr(dialogue, name) for name in services.DIALOGUE_FIELDS}
    initial["place"] = dialogue.hamlet or dialogue.place
    initial |= {f"attendance_{row.group}": row.count for row in dialogue.attendance.all()}
    initial["version"] = dialogue.version
    form = DialogueEditForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        data, attendance = form.split()
        data.setdefault("hamlet", None)
        try:
            services.update_dialogue(
                dialogue=dialogue,
                data=data,
                attendance=attendance,
                version=version,
                acting_user=request.user,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("dialogues:dialogue-detail", pk=dialogue.pk)
    return render(request, "dialogues/dialogue_form.html", {"form": form, "dialogue": dialogue})


def opinion_add(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = dialogue_or_404(request, pk)
    if not request.user.has_perm("dialogues.change_dialogue", dialogue):
        raise PermissionDenied
    form = OpinionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data, commitment = form.split()
        try:
            services.add_opinion(
                dialogue=dialogue, data=data, commitment=commitment, acting_user=request.user
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The opinion has been recorded."))
            if "another" in request.POST:
                return redirect("dialogues:opinion-add", pk=dialogue.pk)
            return redirect("dialogues:dialogue-detail", pk=dialogue.pk)
    return render(request, "dialogues/opinion_form.html", {"form": form, "dialogue": dialogue})


def opinion_export(request: HttpRequest) -> HttpResponse:
    """Every opinion raised at the dialogues of the list (its filters), with its answer or
    commitment; never the speakers' names."""
    visible = queries.dialogues_visible_to(request.user)
    values = DialogueFilterForm(request.GET, years=[]).values()
    dialogues = queries.filter_dialogues(visible, text=values["q"], kind=values["kind"])
    opinions = Opinion.objects.filter(dialogue__in=dialogues.values("pk")).order_by(
        "dialogue__held_on", "dialogue_id", "number"
    )
    return export_response(
        sheet_title=str(excel.OPINION_SHEET),
        columns=excel.OPINION_COLUMNS,
        rows=excel.opinion_rows(opinions),
        title_lines=export_title_lines(request.user, _("Opinions raised at dialogues")),
        filename=_("opinions"),
    )


def opinion_template(request: HttpRequest) -> HttpResponse:
    return template_response(
        sheet_title=str(opinion_sheet.SHEET),
        columns=opinion_sheet.COLUMNS,
        filename=_("opinions-template"),
    )


def opinion_import(request: HttpRequest) -> HttpResponse:
    """The opinions of dialogues from an Excel file (``opinion_import``), in the background."""
    return import_page(request, importer="dialogues.opinion")
