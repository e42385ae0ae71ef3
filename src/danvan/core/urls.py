from django.urls import path

from danvan.core import spreadsheet_views, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("nhat-ky-cua-toi/", views.my_events, name="my-events"),
    path("nhap-excel/<uuid:pk>/", spreadsheet_views.import_status, name="import-status"),
    path("favicon.ico", views.favicon, name="favicon"),
]
