from django.conf import settings


class PortalHostMiddleware:
    """On the portal's own host name (``DANVAN_PORTAL_HOST``) only the portal answers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        host = settings.DANVAN_PORTAL_HOST
        if host and request.get_host().split(":")[0].lower() == host:
            request.urlconf = "config.urls_portal"
        return self.get_response(request)


class PortalCacheMiddleware:
    """An anonymous visitor's portal page straight from the cache, before the session, CSRF,
    authentication and the other middleware run (a cache hit then costs two cache reads).

    Only what ``views.serve`` would have answered from the cache: a GET without query string
    from a browser holding no session cookie (so anonymous), for a page it stored. The headers
    those middleware would add to such a page are added here (``Vary: Cookie``, the language,
    ``X-Frame-Options``); a miss goes on through the whole stack as before."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method == "GET"
            and not request.META.get("QUERY_STRING")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        ):
            from danvan.portal.views import cached_response

            response = cached_response(request)
            if response is not None:
                return response
        return self.get_response(request)
