"""`{% picture photo "lead" %}`: a responsive <picture> from stored renditions only.

A photo whose renditions are not made yet is shown from its master file, with its width and
height. No page request ever resizes an image, and none queries per photo when the page
prefetched `renditions` (the QuerySets' `for_listing()`/`for_detail()` do).
"""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()

# Each use on a page: which renditions it offers and how wide it is shown.
ROLES = {
    "lead": {"sizes": "(min-width: 60em) 46rem, 100vw", "max_width": 2048, "loading": "eager"},
    "gallery": {"sizes": "(min-width: 70em) 64rem, 100vw", "max_width": 2048, "loading": "lazy"},
    "card": {"sizes": "(min-width: 60em) 20rem, 40vw", "max_width": 960, "loading": "lazy"},
    "promo": {"sizes": "10rem", "max_width": 640, "loading": "lazy"},
    "event": {"sizes": "(min-width: 60em) 24rem, 100vw", "max_width": 1280, "loading": "lazy"},
    "headshot": {"sizes": "8rem", "max_width": 640, "loading": "lazy"},
    # Photos placed in a story's body, at the size the desk chose.
    "inline": {"sizes": "(min-width: 60em) 40rem, 100vw", "max_width": 1280, "loading": "lazy"},
    "wide": {"sizes": "(min-width: 60em) 56rem, 100vw", "max_width": 1600, "loading": "lazy"},
    "full": {"sizes": "100vw", "max_width": 2048, "loading": "lazy"},
    "strip": {"sizes": "8rem", "max_width": 320, "loading": "lazy"},
}
# The crops a placement may choose (media_gallery.renditions.CROPS), 1200 wide.
CROP_SPECS = {"16x9": "crop-16x9", "4x3": "crop-4x3", "1x1": "crop-1x1"}
# Newest formats first: the browser takes the first <source> it understands.
SOURCE_TYPES = (("avif", "image/avif"), ("webp", "image/webp"))
# The <img src> for browsers without srcset: the smallest width at least this wide.
FALLBACK_WIDTH = 960


def renditions_of(photo):
    """The photo's renditions, from the prefetch cache when the page declared one."""
    return list(photo.renditions.all())


def _index(photo):
    """{(spec, format): Rendition} and {format: [width renditions, narrowest first]}, built
    once per photo instance (renditions.forget_renditions() drops it after a regeneration)."""
    cached = photo.__dict__.get("_rendition_index")
    if cached is None:
        by_spec, widths = {}, {}
        for item in renditions_of(photo):
            by_spec[(item.spec, item.format)] = item
            if item.spec[:1] == "w" and item.spec[1:].isdigit():
                widths.setdefault(item.format, []).append(item)
        for items in widths.values():
            items.sort(key=lambda item: item.width)
        cached = photo.__dict__["_rendition_index"] = (by_spec, widths)
    return cached


def rendition(photo, spec, fmt="jpeg"):
    """One stored rendition (e.g. spec "social" for og:image), or None."""
    if photo is None or not photo.pk:
        return None
    return _index(photo)[0].get((spec, fmt))


def _srcset(items):
    return ", ".join(f"{item.url} {item.width}w" for item in items)


def _cropped(photo, spec, settings, alt_text, extra):
    """One crop (16:9, 4:3, 1:1), in every format made, or None when it is not made yet."""
    jpeg = rendition(photo, spec, "jpeg")
    if jpeg is None:
        return None
    sources = [
        (mime, f"{item.url} {item.width}w", settings["sizes"])
        for fmt, mime in SOURCE_TYPES
        if (item := rendition(photo, spec, fmt)) is not None
    ]
    return format_html(
        '<picture>{}<img src="{}" srcset="{} {}w" sizes="{}" width="{}" height="{}" alt="{}" '
        'loading="{}" decoding="async"{}></picture>',
        format_html_join("", '<source type="{}" srcset="{}" sizes="{}">', sources),
        jpeg.url,
        jpeg.url,
        jpeg.width,
        settings["sizes"],
        jpeg.width,
        jpeg.height,
        alt_text,
        settings["loading"],
        extra,
    )


@register.simple_tag
def picture(photo, role="lead", alt=None, css_class="", crop=""):
    """The photo for a `role` on the page; `crop` ("16x9", "4x3", "1x1") shows that crop,
    made around the focal point, instead of the photo at its own shape."""
    if photo is None or not photo.image:
        return ""
    settings = ROLES.get(role, ROLES["lead"])
    alt_text = photo.alt_text if alt is None else alt
    extra = format_html(' class="{}"', css_class) if css_class else ""
    if role == "lead":
        extra = format_html('{} fetchpriority="high"', extra)
    if crop in CROP_SPECS:
        cropped = _cropped(photo, CROP_SPECS[crop], settings, alt_text, extra)
        if cropped is not None:
            return cropped
    widths = {
        fmt: [item for item in items if item.width <= settings["max_width"]]
        for fmt, items in _index(photo)[1].items()
    }
    jpegs = widths.get("jpeg")
    if not jpegs:
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}" loading="{}" decoding="async"{}>',
            photo.image.url,
            photo.width,
            photo.height,
            alt_text,
            settings["loading"],
            extra,
        )
    sources = [
        (mime, _srcset(widths[fmt]), settings["sizes"])
        for fmt, mime in SOURCE_TYPES
        if widths.get(fmt)
    ]
    largest = jpegs[-1]
    fallback = next((item for item in jpegs if item.width >= FALLBACK_WIDTH), largest)
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" '
        'alt="{}" loading="{}" decoding="async"{}></picture>',
        format_html_join("", '<source type="{}" srcset="{}" sizes="{}">', sources),
        fallback.url,
        _srcset(jpegs),
        settings["sizes"],
        largest.width,
        largest.height,
        alt_text,
        settings["loading"],
        extra,
    )


@register.simple_tag
def social_image(photo):
    """The 1200×630 rendition for social cards (og:image), or None."""
    return rendition(photo, "social", "jpeg") if photo is not None else None
