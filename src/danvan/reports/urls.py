from django.urls import path

from danvan.reports import views

app_name = "reports"

urlpatterns = [
    path("bao-cao/", views.builder, name="builder"),
    path("bao-cao/xuat/", views.export, name="export"),
    path("bao-cao/tep/<uuid:pk>/", views.job, name="job"),
    path("bao-cao/tep/<uuid:pk>/tai-ve/", views.download, name="download"),
]
