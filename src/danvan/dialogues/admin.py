from django.contrib import admin

from danvan.dialogues.models import PetitionCategory


@admin.register(PetitionCategory)
class PetitionCategoryAdmin(admin.ModelAdmin):
    """The categories and their legal time limits are configured here."""

    list_display = ("name", "time_limit_days", "order", "active")
    list_editable = ("time_limit_days", "order", "active")
