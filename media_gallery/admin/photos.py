"""Photos in the photo desk's admin: the photo page (caption and credit, rights, focal point
picker and crops, where the photo is used, what was filled from the file), replacing the
picture, the refusal to delete a photo in use, and the captioning list (photos still missing
text first, edited in place, filtered by what is missing or by gallery).

All JavaScript lives in static/media_gallery/ (the site's CSP forbids inline script).
"""

from django.contrib import admin
from django.db.models import Case, IntegerField, OuterRef, Q, Subquery, Value, When
from django.utils.html import format_html, format_html_join

from publishing.admin import VersionedAdmin
from publishing.services import is_editor

from .. import services
from ..forms import CaptioningForm, PhotoAdminForm
from ..metadata import LABELS as METADATA_LABELS
from ..models import Gallery, GalleryPhoto, Photo
from ..renditions import CROPS
from ..tasks import make_renditions
from ..templatetags.pictures import rendition
from .desk import DESK_CSS, thumbnail_html


def needs_text():
    """1 for a photo still missing its caption, credit or alt text, else 0 (for ordering)."""
    return Case(
        When(Q(caption="") | Q(credit="") | Q(alt_text=""), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
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
            ("none", "Complete"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "any":
            return queryset.missing_text()
        if self.value() in {"caption", "credit", "alt_text"}:
            return queryset.filter(**{self.value(): ""})
        if self.value() == "none":
            return queryset.exclude(pk__in=Photo.objects.missing_text().values("pk"))
        return queryset


class GalleryListFilter(admin.SimpleListFilter):
    """Photos of one gallery: caption a whole bulk upload in one list."""

    title = "gallery"
    parameter_name = "gallery"

    def lookups(self, request, model_admin):
        return [(str(g.pk), g.headline) for g in Gallery.objects.order_by("-created_at")[:30]]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(gallery_items__gallery_id=int(self.value()))
        return queryset


# Fieldsets that describe a saved photo (its crops, its uses): left out of the add form.
SAVED_PHOTO_FIELDSETS = {"Focal point", "Where it is used", "From the file"}


@admin.register(Photo)
class PhotoAdmin(VersionedAdmin):
    form = PhotoAdminForm
    list_display = [
        "thumbnail",
        "caption",
        "credit",
        "alt_text",
        "still_needs",
        "original_filename",
        "size",
        "created_at",
    ]
    list_display_links = ["thumbnail"]
    list_editable = ["caption", "credit", "alt_text"]
    list_filter = [MissingTextFilter, GalleryListFilter, "source", "created_at"]
    search_fields = [
        "caption",
        "headline",
        "credit",
        "source",
        "photographer_name",
        "photographer__name",
        "keywords",
        "alt_text",
        "original_filename",
    ]
    autocomplete_fields = ["photographer"]
    actions = (*VersionedAdmin.actions, "remake_renditions")
    readonly_fields = [
        "focal_point_picker",
        "crops",
        "usage",
        "filled_from_file",
        "metadata_notes",
        "original_filename",
        "width",
        "height",
        "uploaded_by",
        "created_at",
        "updated_at",
    ]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["image"]}),
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
        ("Details", {"fields": ["date_taken", "keywords"]}),
        (
            "Focal point",
            {
                "fields": ["focal_point_picker", ("focal_x", "focal_y"), "crops"],
                "description": "Crops (social cards, squares) are centred on the focal point. "
                "Click the picture on what must stay in every crop, or type the two numbers.",
            },
        ),
        ("Where it is used", {"fields": ["usage"]}),
        (
            "From the file",
            {
                "fields": [
                    "filled_from_file",
                    "metadata_notes",
                    "original_filename",
                    ("width", "height"),
                    "uploaded_by",
                    "created_at",
                    "updated_at",
                ],
            },
        ),
    ]

    class Media:
        css = DESK_CSS
        js = ["media_gallery/focal-point.js"]

    def _picture_locked(self, request, obj):
        """Published content uses it and this person is not an editor: text only."""
        return (
            obj is not None
            and not is_editor(request.user, Photo)
            and services.in_published_use(obj)
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self._picture_locked(request, obj):
            readonly.append("image")
        return readonly

    def change_page_notices(self, request, obj):
        notices = super().change_page_notices(request, obj)
        if self._picture_locked(request, obj):
            notices.append(
                "Published content uses this photo: you can fix its text, but only an editor "
                "can replace its picture."
            )
        return notices

    def restore_item(self, request, obj, revision):
        return services.restore_photo(obj, revision, request.user)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return [fs for fs in fieldsets if fs[0] not in SAVED_PHOTO_FIELDSETS]
        return fieldsets

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("renditions")

    def get_ordering(self, request):
        """The captioning list: photos still missing text first, newest first within; a
        gallery's photos in the gallery's order."""
        gallery = request.GET.get(GalleryListFilter.parameter_name) or ""
        if gallery.isdigit():
            rows = GalleryPhoto.objects.filter(gallery_id=int(gallery), photo=OuterRef("pk"))
            return [
                Subquery(rows.values("order")[:1]).asc(),
                Subquery(rows.values("pk")[:1]).asc(),
            ]
        return [needs_text().desc(), *(super().get_ordering(request) or Photo._meta.ordering)]

    def get_changelist_form(self, request, **kwargs):
        kwargs.setdefault("form", CaptioningForm)
        return super().get_changelist_form(request, **kwargs)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context=extra_context)
        context = getattr(response, "context_data", None)
        if context and "cl" in context:
            # What is left to write in the list as filtered (a gallery, a search), not overall.
            shown = context["cl"].queryset.order_by().values("pk")
            left = Photo.objects.missing_text().filter(pk__in=shown)
            context.update(
                photos_left=left.count(),
                captions_left=left.filter(caption="").count(),
                credits_left=left.filter(credit="").count(),
                alt_texts_left=left.filter(alt_text="").count(),
                filtered=any(name not in ("o", "p") for name in request.GET),
            )
        return response

    # --- columns and read-only fields ---

    @admin.display(description="Photo")
    def thumbnail(self, photo):
        return thumbnail_html(photo)

    @admin.display(description="Still needs")
    def still_needs(self, photo):
        missing = [
            label
            for field, label in (
                ("caption", "caption"),
                ("credit", "credit"),
                ("alt_text", "alt text"),
            )
            if not getattr(photo, field).strip()
        ]
        return ", ".join(missing) or "—"

    @admin.display(description="Size")
    def size(self, photo):
        return f"{photo.width}×{photo.height}"

    @admin.display(description="Picture")
    def focal_point_picker(self, photo):
        if not photo.pk or not photo.image:
            return "—"
        shown = rendition(photo, "w960") or rendition(photo, "w640")
        url = shown.url if shown else photo.image.url
        return format_html(
            '<div class="focal-picker" data-focal-x="{}" data-focal-y="{}">'
            '<img src="{}" alt="{}" width="{}" height="{}" draggable="false">'
            '<span class="focal-marker" aria-hidden="true"></span></div>',
            photo.focal_x,
            photo.focal_y,
            url,
            photo.alt_text or "The photo",
            photo.width,
            photo.height,
        )

    @admin.display(description="Crops made")
    def crops(self, photo):
        made = [(spec, rendition(photo, spec)) for spec in CROPS]
        made = [(spec, item) for spec, item in made if item]
        if not made:
            return (
                "Renditions on their way: the background worker is making them (large "
                "pictures are made there, not while you wait). Pages show the full picture "
                "meanwhile; reload this page in a minute to see the crops."
            )
        return format_html(
            '<div class="crop-previews">{}</div>',
            format_html_join(
                "",
                '<figure><img src="{}" alt="" width="{}" height="{}"><figcaption>{}</figcaption>'
                "</figure>",
                ((item.url, round(item.width / item.height * 90), 90, spec) for spec, item in made),
            ),
        )

    @admin.display(description="Used in")
    def usage(self, photo):
        uses = services.photo_usage(photo) if photo.pk else []
        if not uses:
            return "Not used anywhere yet."
        return format_html(
            '<ul class="photo-usage">{}</ul>',
            format_html_join(
                "",
                "<li>{}</li>",
                (
                    (format_html('<a href="{}">{}</a>', use.admin_url, use.label),)
                    if use.admin_url
                    else (use.label,)
                    for use in uses
                ),
            ),
        )

    @admin.display(description="Filled from the file")
    def filled_from_file(self, photo):
        sources = photo.metadata_sources or {}
        if not sources:
            return "Nothing was filled from the file's metadata."
        labels = {**METADATA_LABELS, "photographer": "Photographer (linked profile)"}
        return format_html(
            '<table class="metadata-sources"><tbody>{}</tbody></table>',
            format_html_join(
                "",
                "<tr><th scope='row'>{}</th><td>{}</td></tr>",
                ((labels.get(name, name), source) for name, source in sources.items()),
            ),
        )

    # --- saving and deleting ---

    def save_item(self, request, obj, form):
        """A new picture or a moved focal point is saved by its service, which also makes the
        renditions again (when this save commits, before the response is sent); the revision
        is left to save_related, after the inlines, as for every versioned item."""
        prepared = getattr(form, "prepared_upload", None)  # the captioning list has none
        if prepared is not None:
            filled = services.save_picture(obj, prepared, user=request.user, record_revision=False)
            if services.renditions_timing(obj.width, obj.height) == services.RENDITIONS_BACKGROUND:
                self.message_user(
                    request,
                    f"This picture is large ({obj.width}×{obj.height}): its renditions are on "
                    "their way from the background worker. Pages show the full picture until "
                    "they are ready.",
                )
            if filled:
                names = ", ".join(METADATA_LABELS.get(n, n).lower() for n in filled)
                self.message_user(request, f"Filled from the file's metadata: {names}.")
        elif obj.pk and {"focal_x", "focal_y"} & set(form.changed_data):
            services.set_focal_point(
                obj, obj.focal_x, obj.focal_y, user=request.user, record_revision=False
            )
        else:
            super().save_item(request, obj, form)

    def get_deleted_objects(self, objs, request):
        """A photo in use is not deleted: say where it is used, with links, in plain words."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            photos = list(objs)
            uses = services.usage_by_photo(photos)
            readable = []
            for photo in photos:
                for use in uses[photo.pk]:
                    where = (
                        format_html('<a href="{}">{}</a>', use.admin_url, use.label)
                        if use.admin_url
                        else use.label
                    )
                    readable.append(format_html("Photo “{}” is used by {}", photo, where))
            protected = readable or protected
        return deleted, counts, perms_needed, protected

    @admin.action(
        description="Make the renditions again (in the background)", permissions=["change"]
    )
    def remake_renditions(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        for photo_id in ids:
            make_renditions.enqueue(photo_id)
        self.message_user(request, f"Renditions of {len(ids)} photo(s) will be made again shortly.")
