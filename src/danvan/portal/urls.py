from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path
from wagtail.documents.views import serve as documents

from danvan.portal import draft_views, reader_views, showcase_views, views

app_name = "portal"

# What a visitor reaches (also on the portal's own host name, config/urls_portal.py).
public_patterns = [
    path("cong-thong-tin/", views.portal_home, name="home"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("media/images/<path:name>", views.rendition, name="rendition"),
    # The showcase and the public pages of the records articles cite (showcase_views).
    path("dien-hinh/", showcase_views.showcase_list, name="showcase"),
    path("dien-hinh/<int:pk>/", showcase_views.showcase_initiative, name="showcase-initiative"),
    path("cong-khai/hoat-dong/<int:pk>/", showcase_views.public_activity, name="public-activity"),
    path("cong-khai/van-ban/<int:pk>/", showcase_views.public_document, name="public-document"),
    path(
        "cong-khai/van-ban/<int:pk>/tep/",
        showcase_views.public_document_file,
        name="public-document-file",
    ),
    path("y-kien/<int:article_id>/", reader_views.comment_page, name="comment"),
    path("y-kien/<int:article_id>/mau/", reader_views.comment_form, name="comment-form"),
    path("luot-doc/<int:article_id>/", reader_views.read_beacon, name="read"),
]

urlpatterns = [
    *public_patterns,
    # From the work to the news: an article drafted from a record (draft_views), for officers.
    path(
        "cong-thong-tin/viet-tin/hoat-dong/<int:pk>/",
        draft_views.draft_from_activity,
        name="draft-activity",
    ),
    path(
        "cong-thong-tin/viet-tin/dot-phong-trao/<int:pk>/",
        draft_views.draft_from_campaign,
        name="draft-campaign",
    ),
    path(
        "cong-thong-tin/viet-tin/binh-xet/<int:pk>/",
        draft_views.draft_from_round,
        name="draft-round",
    ),
    path(
        "cong-thong-tin/viet-tin/bao-cao/<uuid:pk>/",
        draft_views.draft_from_report,
        name="draft-report",
    ),
]

# Wagtail's documents (files an editor attached to an article), for visitors as well; Wagtail
# applies the collection's own view restrictions, if an editor set any.
document_patterns = [
    re_path(r"^(\d+)/(.*)$", login_not_required(documents.serve), name="wagtaildocs_serve"),
]
