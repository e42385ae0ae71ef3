from django.urls import path

from danvan.accounts import views

app_name = "accounts"

urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.LogoutView.as_view(), name="logout"),
    path("tai-khoan/", views.profile, name="profile"),
    path("xac-thuc-hai-buoc/", views.second_factor_verify, name="second-factor"),
    path("xac-thuc-hai-buoc/cai-dat/", views.second_factor_setup, name="second-factor-setup"),
    path("xac-thuc-hai-buoc/tat/", views.second_factor_off, name="second-factor-off"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password-change"),
    path("quen-mat-khau/", views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "quen-mat-khau/da-gui/",
        views.PasswordResetDoneView.as_view(),
        name="password-reset-done",
    ),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "dat-lai-mat-khau/xong/",
        views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
]
