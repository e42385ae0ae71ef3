from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

admin.site.site_header = _("danvan administration")
admin.site.site_title = _("danvan")
admin.site.index_title = _("System administration")


@login_not_required
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", include("danvan.core.urls")),
    path("", include("danvan.accounts.urls")),
    path("", include("danvan.territory.urls")),
    path("", include("danvan.organizations.urls")),
    path("", include("danvan.documents.urls")),
    path("", include("danvan.initiatives.urls")),
    path("", include("danvan.reviews.urls")),
    path("", include("danvan.targets.urls")),
    path("", include("danvan.reports.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("healthz", healthz, name="healthz"),
    path("quan-tri/", admin.site.urls),
]
