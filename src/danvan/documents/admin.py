from django.contrib import admin

from danvan.documents.models import Document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Read-only: documents are registered and changed on their pages (validated, audited)."""

    list_display = ["number", "kind", "issued_on", "issuer", "title"]
    list_filter = ["kind"]
    search_fields = ["search_folded", "number_key"]
    list_select_related = ["issuer"]
    date_hierarchy = "issued_on"
    ordering = ["-issued_on", "-id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
