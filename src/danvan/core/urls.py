from django.urls import path

from danvan.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("nhat-ky-cua-toi/", views.my_events, name="my-events"),
    path("favicon.ico", views.favicon, name="favicon"),
]
