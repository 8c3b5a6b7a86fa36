"""Reader pages for galleries: every photo in order, large, with caption and credit."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from reader.fragments import Fragments
from reader.preview import find, mark_preview

from .models import Gallery, GalleryPhoto, Rendition


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


@require_safe
def gallery_detail(request, slug):
    fragments = Fragments("gallery", (slug,), blocks=("head", "main"), values=("lookup",))
    found = find(request, fragments, Gallery, slug=slug)
    if found is None:
        raise Http404("No published gallery has this address.")
    response = render(
        request,
        "media_gallery/gallery_detail.html",
        {
            "gallery": SimpleLazyObject(lambda: gallery_for_page(found.pk)),
            "preview": found.preview,
            "fragments": fragments,
        },
    )
    return mark_preview(response) if found.preview else response
