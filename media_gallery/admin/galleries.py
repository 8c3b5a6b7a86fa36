"""Galleries in the photo desk's admin: the gallery page with its photo rows (drag to reorder,
a caption for this gallery), a cover chosen from the gallery's own photos, and bulk upload,
one request per file so that one bad file never costs the others.

All JavaScript lives in static/media_gallery/ (the site's CSP forbids inline script).
"""

import logging

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count
from django.forms import Textarea
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from publishing.admin import PublishableAdmin
from publishing.models import Status
from publishing.services import can_publish

from .. import services
from ..forms import BulkUploadForm, GalleryPhotoFormSet
from ..models import Gallery, GalleryPhoto, Photo
from ..uploads import ACCEPTED, max_bytes, max_pixels, megabytes, megapixels
from .desk import DESK_CSS, thumbnail_html

logger = logging.getLogger(__name__)


class GalleryPhotoInline(admin.TabularInline):
    model = GalleryPhoto
    formset = GalleryPhotoFormSet
    extra = 0
    fields = ["order", "photo", "thumbnail", "caption_override"]
    readonly_fields = ["thumbnail"]
    autocomplete_fields = ["photo"]
    ordering = ["order", "id"]
    classes = ["gallery-photos"]
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 48})}}

    class Media:
        css = DESK_CSS
        js = ["publishing/row-order.js", "media_gallery/gallery-order.js"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("photo")
            .prefetch_related("photo__renditions")
        )

    @admin.display(description="Photo")
    def thumbnail(self, item):
        return thumbnail_html(item.photo) if item.photo_id else "—"


@admin.register(Gallery)
class GalleryAdmin(PublishableAdmin):
    list_display = ["headline", "status", "published_at", "photo_count", "updated_at"]
    list_filter = ["status", "published_at"]
    search_fields = ["headline", "deck"]
    # Explicit, because the photo count's GROUP BY drops Meta.ordering (autocomplete pages).
    ordering = ["-published_at", "-created_at"]
    prepopulated_fields = {"slug": ["headline"]}
    date_hierarchy = "published_at"
    inlines = [GalleryPhotoInline]
    readonly_fields = ["bulk_upload"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "deck", "cover_photo", "tags"]}),
        ("Photos", {"fields": ["bulk_upload"]}),
        ("Publishing", {"fields": ["status", "published_at", "embargo_until"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(num_photos=Count("items"))

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        field = form_class.base_fields.get("cover_photo")
        if field is not None:
            # The cover is chosen from the gallery's own photos (checked again on save).
            field.queryset = (
                Photo.objects.filter(gallery_items__gallery=obj).order_by(
                    "gallery_items__order", "gallery_items__id"
                )
                if obj is not None
                else Photo.objects.none()
            )
            field.help_text = (
                "One of this gallery's photos. Photos added below can be chosen after saving."
            )
        return form_class

    @admin.display(description="Photos", ordering="num_photos")
    def photo_count(self, gallery):
        return gallery.num_photos

    @admin.display(description="Add many photos")
    def bulk_upload(self, gallery):
        if not gallery.pk:
            return "Save the gallery first; then you can upload many photos at once."
        return format_html(
            '<a class="button" href="{}">Bulk upload photos</a> '
            '<a href="{}?gallery={}&amp;missing=any">Caption this gallery’s photos</a>',
            reverse("admin:media_gallery_gallery_bulk_upload", args=[gallery.pk]),
            reverse("admin:media_gallery_photo_changelist"),
            gallery.pk,
        )

    # --- bulk upload: one request per file, so one bad file never costs the others ---

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/bulk-upload/",
                self.admin_site.admin_view(self.bulk_upload_view),
                name=f"{prefix}_bulk_upload",
            ),
            path(
                "<path:object_id>/bulk-upload/file/",
                self.admin_site.admin_view(require_POST(self.bulk_upload_file_view)),
                name=f"{prefix}_bulk_upload_file",
            ),
            *super().get_urls(),
        ]

    def _gallery_for_upload(self, request, object_id):
        gallery = self.get_object(request, unquote(object_id))
        if gallery is None:
            raise Http404("No such gallery.")
        if not (
            self.has_change_permission(request, gallery)
            and request.user.has_perm("media_gallery.add_photo")
        ):
            raise PermissionDenied("You may not add photos to this gallery.")
        if gallery.status == Status.PUBLISHED and not can_publish(request.user, Gallery):
            raise PermissionDenied("Only an editor can add photos to a published gallery.")
        return gallery

    def _upload_one(self, request, gallery, upload):
        """(True, GalleryPhoto) or (False, reason) for one file."""
        try:
            return True, services.ingest_into_gallery(gallery, upload, user=request.user)
        except ValidationError as refusal:
            return False, " ".join(refusal.messages)
        except Exception:
            logger.exception("Bulk upload of %r into gallery %s failed", upload.name, gallery.pk)
            return False, "The server could not store this file. Try it again, or report it."

    def bulk_upload_file_view(self, request, object_id):
        """One file of a bulk upload (sent by bulk-upload.js): JSON with the photo or the reason."""
        gallery = self._gallery_for_upload(request, object_id)
        upload = request.FILES.get("file")
        if upload is None:
            return JsonResponse(
                {"name": "", "error": "No file arrived. Choose the file again."}, status=400
            )
        ok, result = self._upload_one(request, gallery, upload)
        if not ok:
            return JsonResponse({"name": upload.name, "error": result}, status=400)
        photo = result.photo
        return JsonResponse(
            {
                "name": upload.name,
                "photo": {
                    "id": photo.pk,
                    "label": str(photo),
                    "caption": photo.caption,
                    "credit": photo.credit,
                    "filled": sorted(photo.metadata_sources),
                    "change_url": reverse("admin:media_gallery_photo_change", args=[photo.pk]),
                },
                "order": result.order,
            },
            status=201,
        )

    def bulk_upload_view(self, request, object_id):
        """The bulk upload page; without JavaScript, the form posts all files here at once."""
        gallery = self._gallery_for_upload(request, object_id)
        added, refused = [], []
        form = BulkUploadForm()
        if request.method == "POST":
            form = BulkUploadForm(request.POST, request.FILES)
            if form.is_valid():
                for upload in form.cleaned_data["files"]:
                    ok, result = self._upload_one(request, gallery, upload)
                    (added if ok else refused).append((upload.name, result))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Add photos to “{gallery}”",
            "gallery": gallery,
            "form": form,
            "added": added,
            "refused": refused,
            "processed": len(added) + len(refused),
            "accepted": ACCEPTED,
            "max_bytes": max_bytes(),
            "max_size": megabytes(max_bytes()),
            "max_megapixels": megapixels(max_pixels()),
            "photo_count": gallery.items.count(),
            "file_url": reverse("admin:media_gallery_gallery_bulk_upload_file", args=[gallery.pk]),
            "gallery_url": reverse("admin:media_gallery_gallery_change", args=[gallery.pk]),
            "captioning_url": reverse("admin:media_gallery_photo_changelist")
            + f"?gallery={gallery.pk}&missing=any",
            "media": self.media,
        }
        if refused and request.method == "POST":
            messages.warning(request, f"{len(refused)} file(s) were refused; see below why.")
        return render(request, "admin/media_gallery/gallery/bulk_upload.html", context)
