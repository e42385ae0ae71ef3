import re

from django.conf import settings
from django.http import Http404, QueryDict
from django.utils import translation
from django.utils.cache import patch_vary_headers

from danvan.core.audit_context import current_ip, request_client_ip
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


# C0 control characters other than tab, line feed and carriage return: invisible, meaningless in a
# form, refused by PostgreSQL (NUL) and by XML 1.0 (so by .xlsx and .docx exports and PDF text).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def without_control_characters(query: QueryDict) -> QueryDict:
    """``query`` with the control characters above removed from its keys and values (the same
    object when there is none, which is nearly always)."""
    found = CONTROL_CHARACTERS.search
    if not any(found(key) or any(found(v) for v in values) for key, values in query.lists()):
        return query
    cleaned = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        clean = CONTROL_CHARACTERS.sub
        cleaned.setlist(clean("", key), [clean("", value) for value in values])
    cleaned._mutable = False
    return cleaned


class InputCleaningMiddleware:
    """Removes control characters (NUL above all) from the query string and the posted fields
    before any view reads them. PostgreSQL cannot store or even compare a text holding NUL (every
    search box answered 500), and a name holding another control character could be saved but
    not exported; the characters are invisible and mean nothing in a form, so dropping them loses
    nothing, and no view has to remember them. Uploaded files are left as they are."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # A view hook, not __call__: the CSRF check has read the body by now, so reading it here
        # changes nothing for upload handlers.
        request.GET = without_control_characters(request.GET)
        if request.method == "POST":
            request.POST = without_control_characters(request.POST)


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
