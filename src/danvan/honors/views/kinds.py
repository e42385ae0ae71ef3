"""The catalogue of kinds of honour, their rules in words, and the candidates for one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts.enums import MANAGE_ROLES
from danvan.core.forms import parse_id
from danvan.honors import queries, services
from danvan.honors.eligibility import duration
from danvan.honors.enums import EDITABLE_STATES, Recipient
from danvan.honors.forms import CandidatesForm, KindForm
from danvan.honors.services.kinds import KIND_FIELDS
from danvan.honors.services.proposals import MAX_NOMINEES_AT_ONCE
from danvan.honors.views.common import add_form_errors
from danvan.initiatives.queries import initiatives_visible_to
from danvan.organizations.queries import people_visible_to


def kind_rules(kind) -> list[str]:
    """The kind's conditions in words, for its page."""
    lines = []
    if kind.min_service_months is not None:
        lines.append(
            _("At least %(time)s of dân vận work") % {"time": duration(kind.min_service_months)}
        )
        if kind.min_service_months_women is not None:
            lines.append(_("Women: %(time)s") % {"time": duration(kind.min_service_months_women)})
        if kind.min_service_months_minority is not None:
            lines.append(
                _("Ethnic-minority people: %(time)s")
                % {"time": duration(kind.min_service_months_minority)}
            )
        if kind.difficult_area_percent != 100:
            lines.append(
                _("A month of work in a difficult area counts as %(percent)s%% of a month")
                % {"percent": kind.difficult_area_percent}
            )
    if kind.requires_current_service:
        lines.append(_("Still in dân vận work"))
    if kind.requires_current_position:
        lines.append(_("Holding a position"))
    if kind.min_models:
        lines.append(_("At least %(count)s models carried out") % {"count": kind.min_models})
    if kind.min_recognitions:
        lines.append(
            _("At least %(count)s recognitions of those models") % {"count": kind.min_recognitions}
        )
    if kind.previous_kind_id:
        lines.append(
            _("Has received %(kind)s, at least %(years)s years before")
            % {"kind": kind.previous_kind.name, "years": kind.years_since_previous or 0}
        )
    if kind.once_only:
        lines.append(_("Conferred once only"))
    lines.append(_("No exclusion from honours recorded"))
    return lines


def kind_list(request: HttpRequest) -> HttpResponse:
    kinds = queries.honour_kinds_visible_to(request.user)
    context = {"kinds": kinds, "can_add": request.user.has_perm("honors.add_honourkind")}
    return render(request, "honors/kind_list.html", context)


def kind_detail(request: HttpRequest, pk: int) -> HttpResponse:
    kind = get_object_or_404(queries.honour_kinds_visible_to(request.user), pk=pk)
    context = {
        "kind": kind,
        "rules": kind_rules(kind),
        "honoured": queries.honours_visible_to(request.user).filter(kind=kind).count(),
        "can_change": request.user.has_perm("honors.change_honourkind", kind),
    }
    return render(request, "honors/kind_detail.html", context)


def kind_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("honors.add_honourkind"):
        raise PermissionDenied
    form = KindForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            kind = services.create_kind(data=form.cleaned_data, acting_user=request.user)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The kind of honour was created."))
            return redirect("honors:kind-detail", kind.pk)
    return render(
        request,
        "honors/form_page.html",
        {"form": form, "heading": _("New kind of honour"), "back": "honors:kind-list"},
    )


def kind_edit(request: HttpRequest, pk: int) -> HttpResponse:
    kind = get_object_or_404(queries.honour_kinds_visible_to(request.user), pk=pk)
    if not request.user.has_perm("honors.change_honourkind", kind):
        raise PermissionDenied
    initial = {key: getattr(kind, key) for key in KIND_FIELDS}
    initial["version"] = kind.version
    form = KindForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        try:
            services.update_kind(kind=kind, data=data, version=version, acting_user=request.user)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The kind of honour was saved."))
            return redirect("honors:kind-detail", kind.pk)
    context = {"form": form, "heading": kind.name, "back": "honors:kind-list"}
    return render(request, "honors/form_page.html", context)


def kind_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """Who is eligible for the kind in an area (the user's scope by default), with the
    reasons, and the near misses with what they lack."""
    kind = get_object_or_404(queries.honour_kinds_visible_to(request.user), pk=pk)
    if not request.user.has_perm("honors.manage_honours"):
        raise PermissionDenied
    form = CandidatesForm(request.GET or None)
    found = None
    if form.is_valid() or not request.GET:
        data = form.cleaned_data if form.is_bound else {}
        as_of = data.get("as_of") or timezone.localdate()
        found = queries.candidates(kind, user=request.user, unit=data.get("unit"), as_of=as_of)
        context_rows = {"eligible": found.eligible, "near": found.near}
    else:
        as_of, context_rows = None, {}
    context = {
        "kind": kind,
        "form": form,
        "found": found,
        "as_of": as_of,
        "open_proposals": _open_proposals(request.user, kind) if found else [],
        **context_rows,
    }
    return render(request, "honors/kind_candidates.html", context)


def _open_proposals(user, kind) -> list:
    """The user's proposals for the kind still being put together (candidates go on them)."""
    proposals = queries.proposals_visible_to(user).filter(kind=kind, state__in=EDITABLE_STATES)
    return [
        p
        for p in proposals.order_by("-created_at")[:50]
        if user.has_perm("honors.change_proposal", p)
    ]


@require_POST
def kind_nominate(request: HttpRequest, pk: int) -> HttpResponse:
    """The candidates ticked on the candidates page go on one of the user's proposals for the
    kind, each with its facts from the register; those refused are listed with the reason."""
    kind = get_object_or_404(queries.honour_kinds_visible_to(request.user), pk=pk)
    if not request.user.has_perm("honors.manage_honours"):
        raise PermissionDenied
    proposal = get_object_or_404(
        queries.proposals_visible_to(request.user).filter(kind=kind),
        pk=parse_id(request.POST.get("proposal")) or 0,
    )
    if not request.user.has_perm("honors.change_proposal", proposal):
        raise PermissionDenied
    ids = [i for i in (parse_id(v) for v in request.POST.getlist("recipient")) if i is not None]
    ids = ids[: MAX_NOMINEES_AT_ONCE + 1]
    if kind.recipient == Recipient.PERSON:
        chosen = people_visible_to(request.user, roles=MANAGE_ROLES).filter(pk__in=ids)
    else:
        chosen = initiatives_visible_to(request.user, roles=MANAGE_ROLES).filter(pk__in=ids)
    by_id = {recipient.pk: recipient for recipient in chosen}
    try:
        added, refused = services.add_nominees(
            proposal=proposal,
            recipients=[by_id[i] for i in dict.fromkeys(ids) if i in by_id],
            acting_user=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("honors:kind-candidates", kind.pk)
    if added:
        messages.success(
            request,
            _("%(count)s nominees added to “%(title)s” with their facts from the register.")
            % {"count": len(added), "title": proposal.title},
        )
    for name, reason in refused:
        messages.warning(request, f"{name}: {reason}")
    return redirect("honors:proposal-detail", proposal.pk)
