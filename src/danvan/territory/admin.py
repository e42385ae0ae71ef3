from django.contrib import admin

from danvan.territory.models import AdministrativeUnit, Succession


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    """Read-only: official units come from the loader, staff additions from the unit pages
    (both audited)."""

    list_display = ["name", "unit_type", "level", "era", "code", "valid_from", "valid_to", "source"]
    list_filter = ["era", "level", "unit_type", "source"]
    search_fields = ["name_folded", "code"]
    ordering = ["path"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Succession)
class SuccessionAdmin(AdministrativeUnitAdmin):
    list_display = ["predecessor", "successor", "kind", "is_default", "effective_date", "source"]
    list_filter = ["kind", "is_default", "source"]
    search_fields = ["predecessor__name_folded", "successor__name_folded"]
    list_select_related = ["predecessor", "successor"]
    ordering = ["predecessor__path"]
