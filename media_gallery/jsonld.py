"""schema.org data for photos: the crops search engines ask for, an ImageObject for each
photo (with the same credit line pages print), and ImageGallery for a gallery page."""

from publishing.display import iso
from reader.display import absolute
from reader.jsonld import breadcrumbs, home, publisher

from .templatetags.pictures import rendition

# The crops Google asks for, 1200 wide (media_gallery.renditions.CROPS).
IMAGE_CROPS = ("crop-16x9", "crop-4x3", "crop-1x1")


def crop_urls(photo):
    """The photo in 16:9, 4:3 and 1:1, from stored renditions (the master when none yet)."""
    if photo is None or not photo.image:
        return []
    urls = []
    for spec in IMAGE_CROPS:
        item = rendition(photo, spec, "jpeg")
        if item is not None:
            urls.append(absolute(item.file.url))
    return urls or [absolute(photo.image.url)]


def image_object(photo, caption):
    """One photo as an ImageObject: a large stored width (the master when none yet), caption,
    alt text and credit."""
    best = rendition(photo, "w1280", "jpeg") or rendition(photo, "w960", "jpeg")
    data = {
        "@type": "ImageObject",
        "contentUrl": absolute(best.file.url if best else photo.image.url),
        "width": best.width if best else photo.width,
        "height": best.height if best else photo.height,
        "caption": caption,
        "description": photo.alt_text,
        "creditText": photo.credit_line,
    }
    if photo.photographer_display:
        data["creator"] = {"@type": "Person", "name": photo.photographer_display}
    if photo.copyright:
        data["copyrightNotice"] = photo.copyright
    return data


def gallery(album, items):
    """ImageGallery with every photo in order, and its breadcrumbs."""
    url = absolute(album.get_absolute_url())
    images = [image_object(item.photo, item.caption) for item in items]
    data = {
        "@context": "https://schema.org",
        "@type": "ImageGallery",
        "@id": url,
        "url": url,
        "name": album.headline,
        "description": album.deck,
        "datePublished": iso(album.display_published_at) or None,
        "publisher": publisher(),
        "numberOfItems": len(images),
        "image": images,
    }
    return [data, breadcrumbs([home(), (album.headline, album.get_absolute_url())])]
