from django.urls import path

from danvan.dialogues import views

app_name = "dialogues"

urlpatterns = [
    path("doi-thoai/", views.dialogue_list, name="dialogue-list"),
    path("doi-thoai/them/", views.dialogue_add, name="dialogue-add"),
    path("doi-thoai/<int:pk>/", views.dialogue_detail, name="dialogue-detail"),
    path("doi-thoai/<int:pk>/sua/", views.dialogue_edit, name="dialogue-edit"),
    path("doi-thoai/<int:pk>/y-kien/", views.opinion_add, name="opinion-add"),
    path("doi-thoai/<int:pk>/bien-ban.pdf", views.minute_pdf, name="minute-pdf"),
    path("doi-thoai/<int:pk>/bien-ban.docx", views.minute_docx, name="minute-docx"),
]
