from django.urls import path

from danvan.submissions import views

app_name = "submissions"

urlpatterns = [
    path("bao-cao-dinh-ky/", views.obligation_list, name="obligation-list"),
    path(
        "bao-cao-dinh-ky/nghia-vu/<int:pk>/<str:period>/",
        views.obligation_period,
        name="obligation-period",
    ),
    path("bao-cao-dinh-ky/bao-cao/<int:pk>/", views.submission_detail, name="submission-detail"),
    path(
        "bao-cao-dinh-ky/bao-cao/<int:pk>/tra-lai/",
        views.submission_return,
        name="submission-return",
    ),
    path(
        "bao-cao-dinh-ky/bao-cao/<int:pk>/chap-nhan/",
        views.submission_accept,
        name="submission-accept",
    ),
    path("bao-cao-dinh-ky/mau/<int:pk>/tinh-hinh/", views.board, name="board"),
    path("bao-cao-dinh-ky/mau/<int:pk>/tong-hop/", views.consolidation, name="consolidation"),
    path("bao-cao-dinh-ky/mau/tao/", views.template_create, name="template-add"),
    path("bao-cao-dinh-ky/mau/<int:pk>/", views.template_detail, name="template-detail"),
    path("bao-cao-dinh-ky/mau/<int:pk>/don-vi/", views.template_units, name="template-units"),
    path("bao-cao-dinh-ky/mau/<int:pk>/trang-thai/", views.template_active, name="template-active"),
    path("bao-cao-dinh-ky/mau/<int:pk>/sua/", views.template_edit, name="template-edit"),
    path("bao-cao-dinh-ky/mau/<int:pk>/nhac/", views.board_remind, name="board-remind"),
]
