from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, HttpResponseNotFound
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language
from wagtail.admin import urls as wagtailadmin_urls

from danvan.core import health
from danvan.core.audit_context import request_client_ip
from danvan.portal import urls as portal_urls
from danvan.portal import views as portal_views

admin.site.site_header = _("danvan administration")
admin.site.site_title = _("danvan")
admin.site.index_title = _("System administration")


@login_not_required
def healthz(request):
    """``ok`` (200) when the database, the cache and the storage answer; otherwise 503 and what
    failed. The worker's state is listed; ``?worker=1`` (for monitoring) makes a late worker a
    503 too, while a load balancer keeps routing to a server whose pages work."""
    results = health.check()
    needed = [*health.SERVING, *(["worker"] if request.GET.get("worker") else [])]
    failing = [name for name in needed if results[name] not in ("ok", health.NOT_CHECKED)]
    lines = "\n".join(f"{name}: {value}" for name, value in results.items())
    body = ("fail" if failing else "ok") + "\n" + lines + "\n"
    response = HttpResponse(body, content_type="text/plain; charset=utf-8")
    response.status_code = 503 if failing else 200
    response["Cache-Control"] = "no-store"
    return response


@login_not_required
def metrics(request):
    """Prometheus metrics, for the monitoring host only (``DANVAN_METRICS_ALLOWED``)."""
    from django_prometheus.exports import ExportToDjangoView

    if request_client_ip(request) not in settings.DANVAN_METRICS_ALLOWED:
        return HttpResponseNotFound("not found\n", content_type="text/plain")
    return ExportToDjangoView(request)


handler500 = "danvan.core.views.server_error"

urlpatterns = [
    # The site root: the portal for visitors, the dashboard for officers (danvan.portal.views).
    path("", portal_views.root, name="root"),
    path("", include("danvan.core.urls")),
    path("", include("danvan.accounts.urls")),
    path("", include("danvan.territory.urls")),
    path("", include("danvan.organizations.urls")),
    path("", include("danvan.documents.urls")),
    path("", include("danvan.followups.urls")),
    path("", include("danvan.initiatives.urls")),
    path("", include("danvan.reviews.urls")),
    path("", include("danvan.honors.urls")),
    path("", include("danvan.activities.urls")),
    path("", include("danvan.targets.urls")),
    path("", include("danvan.dialogues.urls")),
    path("", include("danvan.reports.urls")),
    path("", include("danvan.submissions.urls")),
    path("", include("danvan.portal.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("healthz", healthz, name="healthz"),
    path("quan-tri/", admin.site.urls),
    # The portal's editors (Wagtail's admin; danvan's accounts and sign-in) and its documents.
    path("bien-tap/", include(wagtailadmin_urls)),
    path("tai-lieu/", include(portal_urls.document_patterns)),
]
if settings.DANVAN_PROMETHEUS:
    urlpatterns.append(path("metrics", metrics, name="metrics"))
# Last: every other address is a portal page (Wagtail), or a 404.
urlpatterns.append(re_path(r"^((?:[\w\-]+/)*)$", portal_views.serve, name="wagtail_serve"))
