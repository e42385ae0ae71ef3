from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path
from wagtail.documents.views import serve as documents

from danvan.portal import views

app_name = "portal"

urlpatterns = [
    path("cong-thong-tin/", views.portal_home, name="home"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("media/images/<path:name>", views.rendition, name="rendition"),
]

# Wagtail's documents (files an editor attached to an article), for visitors as well; Wagtail
# applies the collection's own view restrictions, if an editor set any.
document_patterns = [
    re_path(r"^(\d+)/(.*)$", login_not_required(documents.serve), name="wagtaildocs_serve"),
]
