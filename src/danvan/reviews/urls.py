from django.urls import path

from danvan.reviews import views

app_name = "reviews"

urlpatterns = [
    path("binh-xet/", views.round_list, name="round-list"),
    path("binh-xet/tao/", views.round_create, name="round-add"),
    path("binh-xet/<int:pk>/", views.round_detail, name="round-detail"),
    path("binh-xet/<int:pk>/sua/", views.round_edit, name="round-edit"),
    path("binh-xet/<int:pk>/trang-thai/", views.round_transition, name="round-transition"),
    path("binh-xet/<int:pk>/loc/", views.round_apply_filter, name="round-filter"),
    path("binh-xet/<int:pk>/them/", views.round_add_initiative, name="round-include"),
    path(
        "binh-xet/<int:pk>/bo/<int:initiative_id>/",
        views.round_remove_initiative,
        name="round-exclude",
    ),
    path(
        "binh-xet/<int:pk>/phan-cong-tu-dong/",
        views.round_assign_automatically,
        name="round-assign-auto",
    ),
    path("binh-xet/<int:pk>/phan-cong/", views.round_assign, name="round-assign"),
    path(
        "binh-xet/<int:pk>/phan-cong/<int:assignment_id>/bo/",
        views.round_unassign,
        name="round-unassign",
    ),
    path("binh-xet/<int:pk>/bang/", views.round_table, name="round-table"),
    path("binh-xet/<int:pk>/quyet-dinh/", views.round_decide, name="round-decide"),
    path("binh-xet/<int:pk>/ket-qua.xlsx", views.round_results_xlsx, name="round-xlsx"),
    path("binh-xet/<int:pk>/bien-ban/", views.round_minute, name="round-minute"),
    path("binh-xet/bien-ban/<uuid:pk>/", views.minute_job, name="minute-job"),
    path("binh-xet/bien-ban/<uuid:pk>/tep/", views.minute_download, name="minute-download"),
    path("mo-hinh/<int:pk>/cong-nhan/", views.recognition_add, name="recognition-add"),
    path("cham-diem/", views.queue, name="queue"),
    path("cham-diem/<int:pk>/", views.review_form, name="review"),
    path("thong-bao/", views.notification_list, name="notification-list"),
    path("thong-bao/da-doc/", views.notifications_read, name="notifications-read"),
]
