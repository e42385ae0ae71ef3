from django.urls import path

from danvan.portal import reader_views, views

app_name = "portal"

urlpatterns = [
    path("cong-thong-tin/", views.portal_home, name="home"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("y-kien/<int:article_id>/", reader_views.comment_page, name="comment"),
    path("y-kien/<int:article_id>/mau/", reader_views.comment_form, name="comment-form"),
    path("luot-doc/<int:article_id>/", reader_views.read_beacon, name="read"),
]
