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
# When the session last found that its user has no authenticator device (a query saved on the
# pages in between; a device is only ever added by the user, through the set-up page).
NO_DEVICE_SEEN = "danvan_no_second_factor_at"
RECHECK_EVERY = 300
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
                if second_factor.required_for(user):
                    if second_factor.in_use(user):
                        return _redirect(request, "accounts:second-factor")
                    return _redirect(request, "accounts:second-factor-setup")
                if self._has_device(request):
                    return _redirect(request, "accounts:second-factor")
        return self.get_response(request)

    @staticmethod
    def _has_device(request) -> bool:
        now = int(time.time())
        seen = request.session.get(NO_DEVICE_SEEN)
        if isinstance(seen, int) and 0 <= now - seen < RECHECK_EVERY:
            return False
        if second_factor.in_use(request.user):
            request.session.pop(NO_DEVICE_SEEN, None)
            return True
        request.session[NO_DEVICE_SEEN] = now
        return False


def note_sign_in(sender, request, user, **kwargs) -> None:
    """``user_logged_in``: start the session's clock and remember whether the user has a
    device, in the session the sign-in saves anyway (no write on the first page)."""
    if request is None or not hasattr(request, "session"):
        return
    now = int(time.time())
    request.session[LAST_SEEN] = now
    if not second_factor.in_use(user):
        request.session[NO_DEVICE_SEEN] = now
