from django.urls import path

from danvan.activities import views

app_name = "activities"

urlpatterns = [
    path("hoat-dong/", views.activity_list, name="activity-list"),
    path("hoat-dong/lich/", views.activity_calendar, name="activity-calendar"),
    path("hoat-dong/ghi-nhan/", views.activity_create, name="activity-create"),
    path("hoat-dong/excel/xuat/", views.activity_export, name="activity-export"),
    path("hoat-dong/excel/mau/", views.activity_template, name="activity-template"),
    path("hoat-dong/excel/nhap/", views.activity_import, name="activity-import"),
    path("hoat-dong/<int:pk>/", views.activity_detail, name="activity-detail"),
    path("hoat-dong/<int:pk>/sua/", views.activity_edit, name="activity-edit"),
    path("hoat-dong/danh-muc/", views.catalogue_list, name="catalogue-list"),
    path("hoat-dong/danh-muc/<slug:catalogue>/", views.catalogue_save, name="catalogue-save"),
    path("dot-phong-trao/", views.campaign_list, name="campaign-list"),
    path("dot-phong-trao/tao/", views.campaign_create, name="campaign-create"),
    path("dot-phong-trao/ke-hoach/excel/mau/", views.plan_template, name="plan-template"),
    path("dot-phong-trao/ke-hoach/excel/nhap/", views.plan_import, name="plan-import"),
    path("dot-phong-trao/<int:pk>/ke-hoach/excel/xuat/", views.plan_export, name="plan-export"),
    path("dot-phong-trao/<int:pk>/", views.campaign_detail, name="campaign-detail"),
    path("dot-phong-trao/<int:pk>/sua/", views.campaign_edit, name="campaign-edit"),
    path("dot-phong-trao/<int:pk>/ke-hoach/", views.plan_line_set, name="plan-line-set"),
    path(
        "dot-phong-trao/<int:pk>/ke-hoach/<int:line>/xoa/",
        views.plan_line_remove,
        name="plan-line-remove",
    ),
]
