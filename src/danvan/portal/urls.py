from django.urls import path

from danvan.portal import views

app_name = "portal"

urlpatterns = [
    path("cong-thong-tin/", views.portal_home, name="home"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
]
