from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

from danvan.core.audit_context import current_ip, request_client_ip


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
        token = current_ip.set(request_client_ip(request))
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
