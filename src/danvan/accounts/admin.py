from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from danvan.accounts import services
from danvan.accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Accounts are saved through the audited service and never deleted (deactivate instead)."""

    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("full_name", "email", "person")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    list_display = ["username", "full_name", "email", "is_active", "is_superuser", "last_login"]
    search_fields = ["username", "full_name", "email"]
    readonly_fields = ["last_login", "date_joined"]
    raw_id_fields = ["person"]

    def save_model(self, request, obj, form, change):
        before = {name: form.initial.get(name) for name in services.AUDITED_USER_FIELDS if change}
        services.save_user(user=obj, before=before, acting_user=request.user, created=not change)

    def has_delete_permission(self, request, obj=None):
        return False
