from django.urls import path

from danvan.organizations.views import access, excel, organizations, people

app_name = "organizations"

urlpatterns = [
    path("to-chuc/", organizations.organization_list, name="organization-list"),
    path("to-chuc/chon/", organizations.organization_picker, name="organization-picker"),
    path("to-chuc/them/", organizations.organization_create, name="organization-add"),
    path("to-chuc/excel/mau/", excel.organization_template, name="organization-template"),
    path("to-chuc/excel/xuat/", excel.organization_export, name="organization-export"),
    path("to-chuc/excel/nhap/", excel.organization_import, name="organization-import"),
    path("can-bo/excel/mau/", excel.person_template, name="person-template"),
    path("can-bo/excel/xuat/", excel.person_export, name="person-export"),
    path("can-bo/excel/nhap/", excel.person_import, name="person-import"),
    path("to-chuc/<int:pk>/", organizations.organization_detail, name="organization-detail"),
    path("to-chuc/<int:pk>/sua/", organizations.organization_edit, name="organization-edit"),
    path("to-chuc/<int:pk>/ket-thuc/", organizations.organization_end, name="organization-end"),
    path("can-bo/", people.person_list, name="person-list"),
    path("can-bo/chon/", people.person_picker, name="person-picker"),
    path("can-bo/them/", people.person_create, name="person-add"),
    path("can-bo/<int:pk>/", people.person_detail, name="person-detail"),
    path("can-bo/<int:pk>/sua/", people.person_edit, name="person-edit"),
    path("can-bo/<int:pk>/<str:kind>/them/", people.person_link_add, name="person-link-add"),
    path(
        "can-bo/<int:pk>/<str:kind>/<int:link_id>/ket-thuc/",
        people.person_link_end,
        name="person-link-end",
    ),
    path("nguoi-dung/", access.user_list, name="user-list"),
    path("nguoi-dung/moi/", access.user_invite, name="user-invite"),
    path("nguoi-dung/<int:pk>/", access.user_detail, name="user-detail"),
    path("nguoi-dung/<int:pk>/quyen/<int:grant_id>/xoa/", access.grant_revoke, name="grant-revoke"),
]
