from django.contrib import admin

from danvan.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: nobody adds, changes or deletes an audit event, not even a superuser."""

    list_display = ["occurred_at", "action", "actor_label", "object_label", "ip_address"]
    list_filter = ["action"]
    search_fields = ["action", "actor_label", "object_label"]
    date_hierarchy = "occurred_at"
    list_select_related = ["content_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
