"""The citizen's status page: a petition's state by its tracking code, without an account and
without any personal data; rate-limited per address."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from danvan.core.audit_context import request_client_ip
from danvan.dialogues import queries, services
from danvan.dialogues.forms import StatusLookupForm

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
            }
    response = render(request, "dialogues/petition_status.html", context)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
