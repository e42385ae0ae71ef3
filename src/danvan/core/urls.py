from django.urls import path

from danvan.core import spreadsheet_views, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("nhat-ky-cua-toi/", views.my_events, name="my-events"),
    path("thong-bao-cong-viec/", views.notice_list, name="notice-list"),
    path("thong-bao-cong-viec/da-doc/", views.notices_read, name="notices-read"),
    path("nhap-excel/<uuid:pk>/", spreadsheet_views.import_status, name="import-status"),
    path("favicon.ico", views.favicon, name="favicon"),
]
