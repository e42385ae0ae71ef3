from django.urls import path

from danvan.initiatives import evidence_views, excel_views, views

app_name = "initiatives"

urlpatterns = [
    path("mo-hinh/", views.initiative_list, name="initiative-list"),
    path("mo-hinh/dang-ky/", views.initiative_create, name="initiative-add"),
    path("mo-hinh/<int:pk>/", views.initiative_detail, name="initiative-detail"),
    path("mo-hinh/<int:pk>/sua/", views.initiative_edit, name="initiative-edit"),
    path("mo-hinh/<int:pk>/trang-thai/", views.initiative_transition, name="initiative-transition"),
    path("mo-hinh/<int:pk>/tien-do/", views.progress_add, name="progress-add"),
    path("mo-hinh/<int:pk>/cong-thong-tin/", views.initiative_showcase, name="initiative-showcase"),
    path("mo-hinh/<int:pk>/in/", views.initiative_print, name="initiative-print"),
    path("mo-hinh/chon/", views.initiative_picker, name="initiative-picker"),
    path("mo-hinh/<int:pk>/minh-chung/", evidence_views.evidence_add, name="evidence-add"),
    path(
        "mo-hinh/<int:pk>/minh-chung/<int:evidence_id>/",
        evidence_views.evidence_file,
        name="evidence-file",
    ),
    path(
        "mo-hinh/<int:pk>/minh-chung/<int:evidence_id>/anh-nho/",
        evidence_views.evidence_thumbnail,
        name="evidence-thumbnail",
    ),
    path("mo-hinh/excel/mau/", excel_views.initiative_template, name="initiative-template"),
    path("mo-hinh/excel/xuat/", excel_views.initiative_export, name="initiative-export"),
    path("mo-hinh/excel/nhap/", excel_views.initiative_import, name="initiative-import"),
    path(
        "mo-hinh/excel/nhap/<uuid:task_id>/",
        excel_views.initiative_import_status,
        name="initiative-import-status",
    ),
]
