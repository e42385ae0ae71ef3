from django.urls import path

from danvan.activities import views

app_name = "activities"

urlpatterns = [
    path("hoat-dong/", views.activity_list, name="activity-list"),
    path("hoat-dong/lich/", views.activity_calendar, name="activity-calendar"),
    path("hoat-dong/ghi-nhan/", views.activity_create, name="activity-create"),
    path("hoat-dong/excel/xuat/", views.activity_export, name="activity-export"),
    path("hoat-dong/<int:pk>/", views.activity_detail, name="activity-detail"),
    path("hoat-dong/<int:pk>/sua/", views.activity_edit, name="activity-edit"),
    path("dot-phong-trao/", views.campaign_list, name="campaign-list"),
    path("dot-phong-trao/tao/", views.campaign_create, name="campaign-create"),
    path("dot-phong-trao/<int:pk>/", views.campaign_detail, name="campaign-detail"),
    path("dot-phong-trao/<int:pk>/sua/", views.campaign_edit, name="campaign-edit"),
    path("dot-phong-trao/<int:pk>/ke-hoach/", views.plan_line_set, name="plan-line-set"),
    path(
        "dot-phong-trao/<int:pk>/ke-hoach/<int:line>/xoa/",
        views.plan_line_remove,
        name="plan-line-remove",
    ),
]
