"""The citizen's status page: a petition's state by its tracking code, without an account and
without any personal data; rate-limited per address."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.core.audit_context import request_client_ip
from danvan.dialogues import queries, services
from danvan.dialogues.enums import PETITION_MOVES, StepKind
from danvan.dialogues.forms import CitizenReopenForm, StatusLookupForm

# Lookups allowed per address and window (seconds); ``DANVAN_PETITION_LOOKUPS`` overrides.
LOOKUPS = 20
WINDOW = 600


def _over_limit(request: HttpRequest) -> bool:
    limit = getattr(settings, "DANVAN_PETITION_LOOKUPS", LOOKUPS)
    key = f"danvan:petition-lookup:{request_client_ip(request)}"
    cache.add(key, 0, WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW)
        count = 1
    return count > limit


@login_not_required
def petition_status(request: HttpRequest) -> HttpResponse:
    form = StatusLookupForm(request.GET if "code" in request.GET else None)
    context = {"form": form, "petition": None, "searched": False}
    if form.is_bound:
        if _over_limit(request):
            return render(
                request, "dialogues/petition_status.html", context | {"limited": True}, status=429
            )
        if form.is_valid():
            code = services.normalize_code(form.cleaned_data["code"])
            petition = queries.petition_by_code(code)
            context |= {
                "searched": True,
                "petition": petition,
                "steps": queries.public_steps(petition) if petition else [],
                "reopen_form": CitizenReopenForm(initial={"code": code})
                if petition and petition.state in PETITION_MOVES[StepKind.REOPENED]
                else None,
            }
    response = render(request, "dialogues/petition_status.html", context)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _status_url(code: str) -> str:
    return f"{reverse('dialogues:petition-status')}?{urlencode({'code': code})}"


@login_not_required
@require_POST
def petition_reopen_by_citizen(request: HttpRequest) -> HttpResponse:
    """The citizen, not satisfied with the answer, asks to reopen the petition: the tracking
    code is the proof; the reason goes to the responsible unit only."""
    form = StatusLookupForm()
    if _over_limit(request):
        context = {"form": form, "petition": None, "searched": False, "limited": True}
        return render(request, "dialogues/petition_status.html", context, status=429)
    reopen = CitizenReopenForm(request.POST)
    if not reopen.is_valid():
        messages.error(request, _("Write why you are not satisfied with the answer."))
        code = services.normalize_code(request.POST.get("code", ""))
        return redirect(_status_url(code))
    code = services.normalize_code(reopen.cleaned_data["code"])
    petition = queries.petition_by_code(code)
    if petition is None:
        messages.error(
            request, _("No petition has this tracking code. Check the code and try again.")
        )
    else:
        try:
            services.reopen_petition(
                petition=petition,
                reason=reopen.cleaned_data["reason"],
                by_citizen=True,
                acting_user=None,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Your petition has been reopened; the responsible unit will answer again."),
            )
    return redirect(_status_url(code))
