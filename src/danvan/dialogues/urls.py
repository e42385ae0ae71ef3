from django.urls import path

from danvan.dialogues import views

app_name = "dialogues"

urlpatterns = [
    path("doi-thoai/", views.dialogue_list, name="dialogue-list"),
    path("doi-thoai/them/", views.dialogue_add, name="dialogue-add"),
    path("doi-thoai/excel/xuat/", views.opinion_export, name="opinion-export"),
    path("doi-thoai/excel/nhap/", views.opinion_import, name="opinion-import"),
    path("doi-thoai/excel/mau/", views.opinion_template, name="opinion-template"),
    path("doi-thoai/<int:pk>/", views.dialogue_detail, name="dialogue-detail"),
    path("doi-thoai/<int:pk>/sua/", views.dialogue_edit, name="dialogue-edit"),
    path("doi-thoai/<int:pk>/y-kien/", views.opinion_add, name="opinion-add"),
    path("doi-thoai/<int:pk>/bien-ban.pdf", views.minute_pdf, name="minute-pdf"),
    path("doi-thoai/<int:pk>/bien-ban.docx", views.minute_docx, name="minute-docx"),
    path("kien-nghi/", views.petition_list, name="petition-list"),
    path("kien-nghi/them/", views.petition_add, name="petition-add"),
    path("kien-nghi/excel/xuat/", views.petition_export, name="petition-export"),
    path("kien-nghi/excel/nhap/", views.petition_import, name="petition-import"),
    path("kien-nghi/excel/mau/", views.petition_template, name="petition-template"),
    path("kien-nghi/<int:pk>/", views.petition_detail, name="petition-detail"),
    path("kien-nghi/<int:pk>/chuyen/", views.petition_transfer, name="petition-transfer"),
    path("kien-nghi/<int:pk>/tra-loi/", views.petition_answer, name="petition-answer"),
    path("kien-nghi/<int:pk>/ket-thuc/", views.petition_close, name="petition-close"),
    path("kien-nghi/<int:pk>/mo-lai/", views.petition_reopen, name="petition-reopen"),
    path("kien-nghi/<int:pk>/an-danh/", views.petition_anonymise, name="petition-anonymise"),
    path("tinh-hinh-nhan-dan/", views.opinion_overview, name="opinion-overview"),
    path("tinh-hinh-nhan-dan/them/", views.opinion_note_add, name="opinion-note-add"),
    path("tinh-hinh-nhan-dan/ban-do/", views.opinion_map, name="opinion-map"),
    path("tinh-hinh-nhan-dan/ban-do/<int:unit>/", views.opinion_map, name="opinion-map-unit"),
    path("tra-cuu-kien-nghi/", views.petition_status, name="petition-status"),
    path(
        "tra-cuu-kien-nghi/mo-lai/",
        views.petition_reopen_by_citizen,
        name="petition-reopen-by-citizen",
    ),
]
