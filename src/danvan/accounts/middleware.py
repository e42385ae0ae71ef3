"""Sessions that end after inactivity, and the second sign-in step where it applies."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from danvan.accounts import second_factor
from danvan.core.services import record_event

LAST_SEEN = "danvan_last_seen"
# The time of the last request is written at most this often (seconds): not a write per page.
WRITE_EVERY = 60
# Where a signed-in user who still owes the second step may go.
OPEN_BEFORE_SECOND_STEP = {
    "accounts:login",
    "accounts:logout",
    "accounts:second-factor",
    "accounts:second-factor-setup",
    "set_language",
    "healthz",
}


def _redirect(request, url_name: str):
    url = reverse(url_name)
    if request.method == "GET" and not request.htmx:
        url += "?" + urlencode({"next": request.get_full_path()})
    if request.htmx:
        response = HttpResponseRedirect(url)
        response.status_code = 204
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class IdleSessionMiddleware:
    """Sign out a session idle for ``DANVAN_SESSION_IDLE_MINUTES`` (0: never), with a message
    on the sign-in page and an audit event."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DANVAN_SESSION_IDLE_MINUTES * 60
        if limit and request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_SEEN)
            if isinstance(last, int) and now - last > limit:
                user = request.user
                record_event(action="accounts.user.session_expired", acting_user=user, obj=user)
                logout(request)
                messages.info(
                    request,
                    _("You were signed out after %(minutes)s minutes without activity.")
                    % {"minutes": settings.DANVAN_SESSION_IDLE_MINUTES},
                )
                return _redirect(request, settings.LOGIN_URL)
            if not isinstance(last, int) or now - last >= WRITE_EVERY:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """A signed-in user with two-step sign-in (on, or required) who has not given the code in
    this session reaches nothing but the code page (or its set-up, when required and missing)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            try:
                name = resolve(request.path_info).view_name
            except Resolver404:
                name = None
            if name not in OPEN_BEFORE_SECOND_STEP:
                if second_factor.in_use(user):
                    return _redirect(request, "accounts:second-factor")
                if second_factor.required_for(user):
                    return _redirect(request, "accounts:second-factor-setup")
        return self.get_response(request)
