from django.urls import path

from danvan.targets import views

app_name = "targets"

urlpatterns = [
    path("chi-tieu/", views.programme_list, name="programme-list"),
    path("chi-tieu/them/", views.programme_create, name="programme-add"),
    path("chi-tieu/<int:pk>/", views.programme_detail, name="programme-detail"),
    path("chi-tieu/<int:pk>/sua/", views.programme_edit, name="programme-edit"),
    path("chi-tieu/<int:pk>/them-chi-tieu/", views.target_create, name="target-add"),
    path("chi-tieu/<int:pk>/tinh-lai/", views.programme_recompute, name="programme-recompute"),
    path("chi-tieu/<int:pk>/excel/", views.programme_export, name="programme-export"),
    path("chi-tieu/excel/mau/", views.target_template, name="target-template"),
    path("chi-tieu/excel/nhap/", views.target_import, name="target-import"),
    path("chi-tieu/so-lieu/mau/", views.value_template, name="value-template"),
    path("chi-tieu/so-lieu/nhap/", views.value_import, name="value-import"),
    path("chi-tieu/<int:pk>/so-ket/", views.review_document, name="review-document"),
    path("chi-tieu/muc/<int:pk>/", views.target_detail, name="target-detail"),
    path("chi-tieu/muc/<int:pk>/sua/", views.target_edit, name="target-edit"),
    path("chi-tieu/muc/<int:pk>/phan-bo/", views.target_cascade, name="target-cascade"),
    path("chi-tieu/muc/<int:pk>/bao-cao/", views.value_report, name="value-report"),
    path("chi-tieu/don-vi/<int:pk>/", views.unit_targets, name="unit-targets"),
    path("khao-sat/", views.inspection_list, name="inspection-list"),
    path("khao-sat/them/", views.inspection_create, name="inspection-add"),
    path("khao-sat/<int:pk>/", views.inspection_detail, name="inspection-detail"),
    path("khao-sat/<int:pk>/sua/", views.inspection_edit, name="inspection-edit"),
    path("khao-sat/<int:pk>/thanh-vien/", views.member_add, name="member-add"),
    path("khao-sat/<int:pk>/buoi-lam-viec/", views.session_add, name="session-add"),
    path("khao-sat/<int:pk>/kien-nghi/", views.recommendation_add, name="recommendation-add"),
]
