from django.urls import path

from danvan.reviews import views

app_name = "reviews"

urlpatterns = [
    path("tham-dinh/", views.initiative_panel, name="round-list"),
    path("cham-diem/", views.initiative_panel, name="queue"),
]
