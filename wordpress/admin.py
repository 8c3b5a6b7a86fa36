"""What the WordPress import brought in, for the desk to look up (read only: the import
writes it)."""

from django.contrib import admin

from .models import ImportedItem


@admin.register(ImportedItem)
class ImportedItemAdmin(admin.ModelAdmin):
    list_display = ("key", "kind", "site", "article", "photo", "old_path", "updated_at")
    list_filter = ("kind", "site")
    search_fields = ("key", "old_path", "article__headline")
    list_select_related = ("article", "photo")
    readonly_fields = [field.name for field in ImportedItem._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # without its row, the next run would import the item a second time
