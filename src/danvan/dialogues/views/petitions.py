from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.core.forms import parse_id
from danvan.core.queries import events_for_object
from danvan.core.spreadsheet_views import (
    export_response,
    export_title_lines,
    import_page,
    template_response,
)
from danvan.core.views import attach_errors, render_timeline_items, timeline_page
from danvan.dialogues import excel, queries, services
from danvan.dialogues import petition_import as petition_sheet
from danvan.dialogues.enums import PETITION_MOVES
from danvan.dialogues.forms import (
    AnonymiseForm,
    AnswerForm,
    PetitionFilterForm,
    PetitionForm,
    ReopenForm,
    TransferForm,
)
from danvan.dialogues.models import Petition

PAGE_SIZE = 50


def petition_or_404(request: HttpRequest, pk: int) -> Petition:
    return get_object_or_404(queries.petitions_visible_to(request.user), pk=pk)


def petition_list(request: HttpRequest) -> HttpResponse:
    filters = PetitionFilterForm(request.GET)
    values = filters.values()
    petitions = queries.PetitionList(
        queries.petition_scope(request.user),
        state=values["state"],
        overdue=values["overdue"],
        category=values["category"],
        text=values["q"],
    )
    page = Paginator(petitions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "filtered": any(v for v in values.values()),
        "query": query.urlencode(),
        "can_add": request.user.has_perm("dialogues.add_petition"),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "dialogues/petition_list.html#results", context)
    return render(request, "dialogues/petition_list.html", context)


def petition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    petition = petition_or_404(request, pk)
    events = events_for_object(petition)
    more_url = reverse("dialogues:petition-detail", args=[petition.pk])
    if request.htmx and request.GET.get("page"):
        return render_timeline_items(request, events, more_url)
    can_handle = request.user.has_perm("dialogues.change_petition", petition)
    context = {
        "petition": petition,
        "steps": queries.public_steps(petition),
        "can_handle": can_handle,
        "moves": {move: petition.state in states for move, states in PETITION_MOVES.items()}
        if can_handle
        else {},
        "sees_citizen": request.user.has_perm("dialogues.see_citizen", petition),
        "page": timeline_page(events, request.GET.get("page")),
        "more_url": more_url,
    }
    return render(request, "dialogues/petition_detail.html", context)


def petition_add(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("dialogues.add_petition"):
        raise PermissionDenied
    dialogue = None
    dialogue_id = parse_id(request.GET.get("dialogue") or request.POST.get("dialogue"))
    if dialogue_id is not None:
        dialogue = queries.dialogues_visible_to(request.user).filter(pk=dialogue_id).first()
    initial = {}
    if dialogue is not None:
        initial = {"source": "dialogue", "received_on": dialogue.held_on, "place": dialogue.place}
    form = PetitionForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            petition = services.receive_petition(
                data=form.cleaned_data | {"dialogue": dialogue}, acting_user=request.user
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request,
                _("The petition has been received. Give the citizen its tracking code: %(code)s")
                % {"code": petition.code},
            )
            return redirect("dialogues:petition-detail", pk=petition.pk)
    return render(request, "dialogues/petition_form.html", {"form": form, "dialogue": dialogue})


def _act(request, pk, *, form_class, heading, perm, run, with_user=False):
    petition = petition_or_404(request, pk)
    if not request.user.has_perm(perm, petition):
        raise PermissionDenied
    kwargs = {"user": request.user} if with_user else {}
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            run(petition, form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("dialogues:petition-detail", pk=petition.pk)
    return render(
        request,
        "dialogues/petition_action.html",
        {"form": form, "petition": petition, "heading": heading},
    )


def petition_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        form_class=TransferForm,
        heading=_("Transfer to another unit"),
        perm="dialogues.change_petition",
        with_user=True,
        run=lambda p, d: services.transfer_petition(
            petition=p, to=d["to"], reason=d["reason"], acting_user=request.user
        ),
    )


def petition_answer(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        form_class=AnswerForm,
        heading=_("Record the answer"),
        perm="dialogues.change_petition",
        run=lambda p, d: services.answer_petition(
            petition=p, answer=d["answer"], on=d["day"], acting_user=request.user
        ),
    )


def petition_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        form_class=ReopenForm,
        heading=_("Reopen the petition"),
        perm="dialogues.change_petition",
        run=lambda p, d: services.reopen_petition(
            petition=p, reason=d["reason"], by_citizen=d["by_citizen"], acting_user=request.user
        ),
    )


def petition_anonymise(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        form_class=AnonymiseForm,
        heading=_("Erase the citizen's personal data"),
        perm="dialogues.see_citizen",
        run=lambda p, d: services.anonymise_petition(
            petition=p, reason=d["reason"], acting_user=request.user
        ),
    )


@require_POST
def petition_close(request: HttpRequest, pk: int) -> HttpResponse:
    petition = petition_or_404(request, pk)
    try:
        services.close_petition(petition=petition, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The petition has been closed."))
    return redirect("dialogues:petition-detail", pk=petition.pk)


def petition_export(request: HttpRequest) -> HttpResponse:
    """The petitions of the list (its filters), without personal data unless asked for."""
    visible = queries.petitions_visible_to(request.user)
    values = PetitionFilterForm(request.GET).values()
    petitions = queries.filter_petitions(
        visible,
        state=values["state"],
        overdue=values["overdue"],
        category=values["category"],
        text=values["q"],
    ).order_by("received_on", "id")
    columns = list(excel.PETITION_COLUMNS)
    personal_for = None
    if request.GET.get("ca_nhan") == "1":
        columns += excel.PERSONAL_COLUMNS
        user = request.user

        def personal_for(petition):
            return user.has_perm("dialogues.see_citizen", petition)

        services.record_personal_export(acting_user=request.user, count=petitions.count())
    return export_response(
        sheet_title=str(excel.PETITION_SHEET),
        columns=columns,
        rows=excel.petition_rows(petitions, personal_for=personal_for),
        title_lines=export_title_lines(request.user, _("Petitions")),
        filename=_("petitions"),
    )


def petition_template(request: HttpRequest) -> HttpResponse:
    return template_response(
        sheet_title=str(petition_sheet.SHEET),
        columns=petition_sheet.COLUMNS,
        filename=_("petitions-template"),
    )


def petition_import(request: HttpRequest) -> HttpResponse:
    """Petitions received outside danvan, from an Excel file (``petition_import``)."""
    return import_page(request, importer="dialogues.petition")
