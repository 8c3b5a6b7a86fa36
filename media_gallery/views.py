"""Reader pages for galleries: every photo in order, large, with caption and credit."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject

from .models import Gallery, GalleryPhoto, Rendition


def can_preview(request, model):
    """Staff who may see this kind of item in the admin may preview it before it is published."""
    user = request.user
    opts = model._meta
    return (
        user.is_active
        and user.is_staff
        and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
    )


def mark_preview(response):
    """A preview is never cached anywhere and never indexed."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def gallery_for_page(pk):
    """The gallery with every photo, its renditions and photographer, in a fixed set of queries."""
    # Each photo in its widths (no crops: those are for cards and search engines).
    widths = Rendition.objects.filter(spec__startswith="w")
    items = GalleryPhoto.objects.select_related("photo", "photo__photographer").prefetch_related(
        Prefetch("photo__renditions", queryset=widths)
    )
    return (
        Gallery.objects.select_related("cover_photo")
        .prefetch_related(Prefetch("items", queryset=items), "tags", "cover_photo__renditions")
        .get(pk=pk)
    )


def gallery_detail(request, slug):
    summary = Gallery.objects.published().filter(slug=slug).only("pk", "slug", "version").first()
    preview = False
    if summary is None:
        summary = Gallery.objects.filter(slug=slug).only("pk", "slug", "version").first()
        if summary is None or not can_preview(request, Gallery):
            raise Http404("No published gallery has this address.")
        preview = True
    parts = (summary.pk, summary.version)
    gallery = SimpleLazyObject(lambda: gallery_for_page(summary.pk))
    response = render(
        request,
        "media_gallery/gallery_detail.html",
        {
            "summary": summary,
            "gallery": gallery,
            "preview": preview,
            "fragments_enabled": not preview,
            # The page's cached fragments, read in one go by {% prefetch_fragments %}.
            "fragments_wanted": [("gallery-head", parts), ("gallery-main", parts)],
        },
    )
    return mark_preview(response) if preview else response
