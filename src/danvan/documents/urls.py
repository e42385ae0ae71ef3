from django.urls import path

from danvan.documents import views

app_name = "documents"

urlpatterns = [
    path("van-ban/", views.document_list, name="document-list"),
    path("van-ban/them/", views.document_add, name="document-add"),
    path("van-ban/excel/mau/", views.document_template, name="document-template"),
    path("van-ban/excel/xuat/", views.document_export, name="document-export"),
    path("van-ban/excel/nhap/", views.document_import, name="document-import"),
    path("van-ban/<int:pk>/", views.document_detail, name="document-detail"),
    path("van-ban/<int:pk>/sua/", views.document_edit, name="document-edit"),
    path("van-ban/<int:pk>/tep/", views.document_file, name="document-file"),
]
