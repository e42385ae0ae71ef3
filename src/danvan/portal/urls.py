from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path
from wagtail.documents.views import serve as documents

from danvan.portal import reader_views, views

app_name = "portal"

urlpatterns = [
    path("cong-thong-tin/", views.portal_home, name="home"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("media/images/<path:name>", views.rendition, name="rendition"),
    path("y-kien/<int:article_id>/", reader_views.comment_page, name="comment"),
    path("y-kien/<int:article_id>/mau/", reader_views.comment_form, name="comment-form"),
    path("luot-doc/<int:article_id>/", reader_views.read_beacon, name="read"),
]

# Wagtail's documents (files an editor attached to an article), for visitors as well; Wagtail
# applies the collection's own view restrictions, if an editor set any.
document_patterns = [
    re_path(r"^(\d+)/(.*)$", login_not_required(documents.serve), name="wagtaildocs_serve"),
]
