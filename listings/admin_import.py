"""Admin for listing import jobs (imported by listings/admin.py)."""

from django.contrib import admin

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "owner",
        "format",
        "original_name",
        "status",
        "total",
        "created_count",
        "updated_count",
        "rejected_count",
    )
    list_filter = ("status", "format")
    search_fields = ("original_name", "owner__name_ja", "owner__slug")
    date_hierarchy = "created_at"
    list_select_related = ("owner", "created_by")
    # Jobs are records of what happened: read-only here.
    readonly_fields = [f.name for f in ImportJob._meta.fields]

    def has_add_permission(self, request):
        return False
