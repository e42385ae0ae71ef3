from django.conf import settings
from django.http import Http404
from django.utils import translation
from django.utils.cache import patch_vary_headers

from danvan.core.audit_context import client_ip, current_ip
from danvan.core.permissions import OutOfScope


class SecurityHeadersMiddleware:
    """Headers Django 5.2 does not set itself: a strict Content-Security-Policy (no inline
    script or style, nothing from another origin) and a Permissions-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.DANVAN_CSP)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        return response


class AuditContextMiddleware:
    """Makes the client address available to ``record_event`` for the length of the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(client_ip(request.META, behind_proxy=settings.DANVAN_BEHIND_PROXY))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)


class LanguageMiddleware:
    """Vietnamese unless the user chose English with the language switch (a cookie).

    Unlike Django's LocaleMiddleware, the browser's Accept-Language is ignored: officers often
    use browsers set to English, and danvan speaks Vietnamese first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        available = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response


class OutOfScopeMiddleware:
    """A service refused an object out of the acting user's scope (``core.permissions``): the
    page answers 404, as if the object did not exist — never a success message, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OutOfScope):
            raise Http404 from exception
