"""The photo desk's admin: photos with their captions and credits, and galleries."""

from django.contrib import admin
from django.utils.html import format_html

from publishing.admin import PublishableAdmin, VersionedAdmin
from publishing.models import Status
from publishing.services import can_publish

from .models import Gallery, GalleryPhoto, Photo


def thumbnail_html(photo, size=80):
    if not photo or not photo.image:
        return "—"
    thumb = next((r for r in photo.renditions.all() if r.spec == "thumb"), None)
    url = thumb.file.url if thumb else photo.image.url
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" style="object-fit:cover">',
        url,
        photo.alt_text or "",
        size,
        size,
    )


class MissingTextFilter(admin.SimpleListFilter):
    title = "missing text"
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [
            ("any", "Missing caption, credit or alt text"),
            ("caption", "Missing caption"),
            ("credit", "Missing credit"),
            ("alt_text", "Missing alt text"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "any":
            return queryset.missing_text()
        if self.value() in {"caption", "credit", "alt_text"}:
            return queryset.filter(**{self.value(): ""})
        return queryset


@admin.register(Photo)
class PhotoAdmin(VersionedAdmin):
    list_display = ["thumbnail", "caption", "credit", "alt_text", "size", "created_at"]
    list_display_links = ["thumbnail"]
    list_editable = ["caption", "credit", "alt_text"]
    list_filter = [MissingTextFilter, "source", "created_at"]
    search_fields = [
        "caption",
        "headline",
        "credit",
        "source",
        "photographer_name",
        "photographer__name",
        "keywords",
        "alt_text",
    ]
    autocomplete_fields = ["photographer"]
    readonly_fields = [
        "preview",
        "width",
        "height",
        "metadata_sources",
        "metadata_notes",
        "uploaded_by",
        "created_at",
        "updated_at",
    ]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["image", "preview", ("width", "height")]}),
        (
            "Caption and credit",
            {
                "fields": [
                    "headline",
                    "caption",
                    "alt_text",
                    "credit",
                    "photographer",
                    "photographer_name",
                    "source",
                ]
            },
        ),
        ("Rights", {"fields": ["copyright", "usage_terms"]}),
        ("Details", {"fields": ["date_taken", "keywords", ("focal_x", "focal_y")]}),
        (
            "From the file",
            {
                "classes": ["collapse"],
                "fields": [
                    "metadata_sources",
                    "metadata_notes",
                    "uploaded_by",
                    "created_at",
                    "updated_at",
                ],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("renditions")

    @admin.display(description="Photo")
    def thumbnail(self, photo):
        return thumbnail_html(photo)

    @admin.display(description="Preview")
    def preview(self, photo):
        return thumbnail_html(photo, size=240)

    @admin.display(description="Size")
    def size(self, photo):
        return f"{photo.width}×{photo.height}"

    def save_model(self, request, obj, form, change):
        if not change and obj.uploaded_by_id is None:
            obj.uploaded_by = request.user
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class GalleryPhotoInline(admin.TabularInline):
    model = GalleryPhoto
    extra = 0
    fields = ["order", "photo", "thumbnail", "caption_override"]
    readonly_fields = ["thumbnail"]
    autocomplete_fields = ["photo"]
    ordering = ["order", "id"]

    @admin.display(description="Photo")
    def thumbnail(self, item):
        return thumbnail_html(item.photo) if item.photo_id else "—"


@admin.register(Gallery)
class GalleryAdmin(PublishableAdmin):
    list_display = ["title", "status", "published_at", "photo_count", "updated_at"]
    list_filter = ["status", "published_at"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["cover_photo"]
    date_hierarchy = "published_at"
    inlines = [GalleryPhotoInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "description", "cover_photo", "tags"]}),
        ("Publishing", {"fields": ["status", "published_at", "embargo_until"]}),
    ]

    def has_change_permission(self, request, obj=None):
        # Only editors change a published gallery; the photo desk sees it read-only (else its
        # inline photos stay editable, and the read-only slug breaks the form with a 500).
        if (
            obj is not None
            and obj.status == Status.PUBLISHED
            and not can_publish(request.user, Gallery)
        ):
            return False
        return super().has_change_permission(request, obj)

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(num_photos=Count("items"))

    @admin.display(description="Photos", ordering="num_photos")
    def photo_count(self, gallery):
        return gallery.num_photos
