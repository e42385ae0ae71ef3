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
