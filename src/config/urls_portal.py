"""The portal on a host name of its own (``DANVAN_PORTAL_HOST``): its pages and nothing of the
work system (``danvan.portal.middleware``)."""

from django.urls import include, path, re_path

from config.urls import handler500, healthz  # noqa: F401 (the same error page and probe)
from danvan.portal import urls as portal_urls
from danvan.portal import views as portal_views

handler404 = "danvan.portal.views.not_found"

urlpatterns = [
    path("", portal_views.portal_home, name="root"),
    path("", include("danvan.portal.urls")),
    path("tai-lieu/", include(portal_urls.document_patterns)),
    path("healthz", healthz, name="healthz"),
    re_path(r"^((?:[\w\-]+/)*)$", portal_views.serve, name="wagtail_serve"),
]
