from django.urls import path

from danvan.territory import views
from danvan.territory.enums import Era

app_name = "territory"

urlpatterns = [
    path("dia-ban/", views.unit_list, name="unit-list"),
    path("dia-ban/truoc-2025/", views.unit_list, {"era": Era.LEGACY}, name="unit-list-legacy"),
    path("dia-ban/tim/", views.unit_search, name="unit-search"),
    path("dia-ban/chon/", views.unit_picker, name="unit-picker"),
    path("dia-ban/<int:pk>/", views.unit_detail, name="unit-detail"),
    path("dia-ban/<int:pk>/them/", views.unit_add, name="unit-add"),
    path("dia-ban/<int:pk>/sua/", views.unit_edit, name="unit-edit"),
]
