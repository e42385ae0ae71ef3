from django.urls import path

from danvan.followups import views

app_name = "followups"

urlpatterns = [
    path("theo-doi/", views.followup_list, name="followup-list"),
    path("theo-doi/them/", views.followup_add, name="followup-add"),
    path("theo-doi/qua-han/", views.overdue_list, name="overdue"),
    path("theo-doi/nhac-viec/", views.notice_list, name="notice-list"),
    path("theo-doi/nhac-viec/da-doc/", views.notices_read, name="notices-read"),
    path("theo-doi/<int:pk>/", views.followup_detail, name="followup-detail"),
    path("theo-doi/<int:pk>/sua/", views.followup_edit, name="followup-edit"),
    path("theo-doi/<int:pk>/bao-cao/", views.followup_report, name="followup-report"),
    path("theo-doi/<int:pk>/trang-thai/", views.followup_transition, name="followup-transition"),
    path("theo-doi/bang-chung/<int:pk>/", views.evidence_file, name="evidence-file"),
]
