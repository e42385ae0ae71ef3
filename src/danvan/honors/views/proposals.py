"""Proposals: the list, a new one, the dossier page (nominees with their facts, the route up
the levels, what the user may do now, the timeline), and each step."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from danvan.core.forms import MAX_VERSION, parse_id, parse_int
from danvan.core.queries import events_for_object
from danvan.core.views import render_timeline_items, timeline_page
from danvan.honors import queries, services
from danvan.honors.enums import (
    ACTIONS_IN_STATE,
    EDITABLE_STATES,
    NomineeState,
    ProposalAction,
    ProposalState,
)
from danvan.honors.forms import DecideForm, NomineeForm, ProposalForm
from danvan.honors.models import NomineeAttachment
from danvan.honors.views.common import add_form_errors, paginate


def _visible(request: HttpRequest, pk: int):
    return get_object_or_404(queries.proposals_visible_to(request.user), pk=pk)


def _acting_on(request: HttpRequest, pk: int):
    """Visible (else 404), and the user proposes it or considers it (else 403); the service
    decides which step is theirs."""
    proposal = _visible(request, pk)
    user = request.user
    if not (
        user.has_perm("honors.change_proposal", proposal)
        or user.has_perm("honors.consider_proposal", proposal)
    ):
        raise PermissionDenied
    return proposal


def proposal_list(request: HttpRequest) -> HttpResponse:
    proposals = queries.proposals_visible_to(request.user)
    state = request.GET.get("state", "")
    if state in ProposalState.values:
        proposals = proposals.filter(state=state)
    context = {
        "page": paginate(request, proposals.order_by("-created_at", "-pk")),
        "states": ProposalState.choices,
        "state": state,
        "can_add": request.user.has_perm("honors.manage_honours"),
    }
    return render(request, "honors/proposal_list.html", context)


def proposal_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("honors.manage_honours"):
        raise PermissionDenied
    form = ProposalForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.create_proposal(data=form.cleaned_data, acting_user=request.user)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The proposal was created: add its nominees."))
            return redirect("honors:proposal-detail", proposal.pk)
    context = {
        "form": form,
        "heading": _("New proposal for honours"),
        "back": "honors:proposal-list",
    }
    return render(request, "honors/form_page.html", context)


def _actions(request: HttpRequest, proposal) -> list[tuple[str, str]]:
    """What the user may do now, as (action, label)."""
    user = request.user
    proposer = user.has_perm("honors.change_proposal", proposal)
    considers = proposal.state == ProposalState.SUBMITTED and user.has_perm(
        "honors.consider_proposal", proposal
    )
    stages = services.route(proposal)
    last = bool(stages) and proposal.stage_level == stages[-1].level
    allowed = []
    for action in ProposalAction:
        if action not in ACTIONS_IN_STATE[proposal.state] or action == ProposalAction.DECIDE:
            continue
        if action in (ProposalAction.SUBMIT, ProposalAction.WITHDRAW) and not proposer:
            continue
        if action in (ProposalAction.APPROVE, ProposalAction.RETURN) and not considers:
            continue
        if action == ProposalAction.APPROVE and last:
            continue
        allowed.append((action.value, action.label))
    return allowed


def proposal_detail(request: HttpRequest, pk: int, *, nominee_form=None) -> HttpResponse:
    proposal = _visible(request, pk)
    events = events_for_object(proposal)
    more_url = reverse("honors:proposal-detail", args=[proposal.pk])
    if request.htmx and request.GET.get("page"):
        return render_timeline_items(request, events, more_url)
    editable = proposal.state in EDITABLE_STATES and request.user.has_perm(
        "honors.change_proposal", proposal
    )
    considers = proposal.state == ProposalState.SUBMITTED and request.user.has_perm(
        "honors.consider_proposal", proposal
    )
    stages = services.route(proposal)
    can_decide = considers and bool(stages) and proposal.stage_level == stages[-1].level
    context = {
        "proposal": proposal,
        "nominees": queries.nominees_of(proposal),
        "stages": stages,
        "actions": _actions(request, proposal),
        "editable": editable,
        "can_trim": editable or considers,
        "can_decide": can_decide,
        "nominee_form": nominee_form or (NomineeForm(user=request.user) if editable else None),
        "proposed": NomineeState.PROPOSED,
        "page": timeline_page(events, request.GET.get("page")),
        "more_url": more_url,
    }
    return render(request, "honors/proposal_detail.html", context)


@require_POST
def nominee_add(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _visible(request, pk)
    if not request.user.has_perm("honors.change_proposal", proposal):
        raise PermissionDenied
    form = NomineeForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.add_nominee(
                proposal=proposal,
                recipient=form.cleaned_data["recipient"],
                facts=form.cleaned_data.get("facts") or "",
                acting_user=request.user,
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The nominee was added with the facts from the register."))
            return redirect("honors:proposal-detail", proposal.pk)
    return proposal_detail(request, pk, nominee_form=form)


@require_POST
def nominee_remove(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _acting_on(request, pk)
    nominee = get_object_or_404(proposal.nominees, pk=parse_id(request.POST.get("nominee")) or 0)
    try:
        services.remove_nominee(
            nominee=nominee, reason=request.POST.get("reason", "")[:500], acting_user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The nominee was taken off the list."))
    return redirect("honors:proposal-detail", proposal.pk)


@require_POST
def proposal_transition(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _acting_on(request, pk)
    action = request.POST.get("action", "")
    version = parse_int(request.POST.get("version"), maximum=MAX_VERSION)
    try:
        services.transition_proposal(
            proposal=proposal,
            action=action if action != ProposalAction.DECIDE else "",
            reason=request.POST.get("reason", "")[:2000],
            version=version if version is not None else -1,
            acting_user=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Done: the proposal is %(state)s.")
            % {"state": ProposalState(type(proposal).objects.get(pk=proposal.pk).state).label},
        )
    return redirect("honors:proposal-detail", proposal.pk)


def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _visible(request, pk)
    if not request.user.has_perm("honors.consider_proposal", proposal):
        raise PermissionDenied
    form = DecideForm(
        request.POST or None, user=request.user, initial={"version": proposal.version}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.transition_proposal(
                proposal=proposal,
                action=ProposalAction.DECIDE,
                version=data["version"],
                decision=services.DecisionData(
                    decided_on=data["decided_on"],
                    decision=data.get("decision"),
                    decision_number=data.get("decision_number") or "",
                    signer=data.get("signer") or "",
                    ceremony=data.get("ceremony"),
                ),
                acting_user=request.user,
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The decision was recorded and the honours written."))
            return redirect("honors:proposal-detail", proposal.pk)
    context = {
        "form": form,
        "heading": _("Decision on: %(title)s") % {"title": proposal.title},
        "back": "honors:proposal-list",
    }
    return render(request, "honors/form_page.html", context)


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpeg": "image/jpeg",
    "png": "image/png",
}


@require_POST
def nominee_attach(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _visible(request, pk)
    if not request.user.has_perm("honors.change_proposal", proposal):
        raise PermissionDenied
    nominee = get_object_or_404(proposal.nominees, pk=parse_id(request.POST.get("nominee")) or 0)
    try:
        services.attach_to_nominee(
            nominee=nominee, file=request.FILES.get("file"), acting_user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The document was attached."))
    return redirect("honors:proposal-detail", proposal.pk)


@require_safe
def nominee_attachment(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    """A nomination's document, to those who see the proposal."""
    proposal = _visible(request, pk)
    attachment = get_object_or_404(
        NomineeAttachment.objects.filter(nominee__proposal=proposal), pk=attachment_id
    )
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    image = attachment.kind in {"jpeg", "png"}
    return FileResponse(
        handle,
        as_attachment=not image,
        filename=attachment.original_name,
        content_type=CONTENT_TYPES.get(attachment.kind, "application/octet-stream"),
    )
