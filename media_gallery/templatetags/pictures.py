"""`{% picture photo "lead" %}`: a responsive <picture> from stored renditions only.

A photo whose renditions are not made yet is shown from its master file, with its width and
height. No page request ever resizes an image.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

# Each use on a page: which renditions it offers and how wide it is shown.
ROLES = {
    "lead": {"sizes": "(min-width: 60em) 46rem, 100vw", "max_width": 2048, "loading": "eager"},
    "gallery": {"sizes": "(min-width: 70em) 64rem, 100vw", "max_width": 2048, "loading": "lazy"},
    "card": {"sizes": "(min-width: 60em) 20rem, 40vw", "max_width": 960, "loading": "lazy"},
    "promo": {"sizes": "10rem", "max_width": 640, "loading": "lazy"},
    "event": {"sizes": "(min-width: 60em) 24rem, 100vw", "max_width": 1280, "loading": "lazy"},
    "headshot": {"sizes": "8rem", "max_width": 640, "loading": "lazy"},
}


def renditions_of(photo):
    """The photo's renditions, from the prefetch cache when the page declared one."""
    return list(photo.renditions.all())


def rendition(photo, spec, fmt="jpeg"):
    """One stored rendition (e.g. spec "social" for og:image), or None."""
    if photo is None:
        return None
    for item in renditions_of(photo):
        if item.spec == spec and item.format == fmt:
            return item
    return None


@register.simple_tag
def picture(photo, role="lead", alt=None, css_class=""):
    if photo is None or not photo.image:
        return ""
    settings = ROLES.get(role, ROLES["lead"])
    alt_text = photo.alt_text if alt is None else alt
    widths = [
        r
        for r in renditions_of(photo)
        if r.spec.startswith("w") and r.width <= settings["max_width"]
    ]
    by_format = {}
    for item in sorted(widths, key=lambda r: r.width):
        by_format.setdefault(item.format, []).append(item)
    jpegs = by_format.get("jpeg")
    if not jpegs:
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}" loading="{}" decoding="async" class="{}">',
            photo.image.url,
            photo.width,
            photo.height,
            alt_text,
            settings["loading"],
            css_class,
        )
    sources = []
    for fmt, mime in (("avif", "image/avif"), ("webp", "image/webp")):
        if by_format.get(fmt):
            srcset = ", ".join(f"{r.file.url} {r.width}w" for r in by_format[fmt])
            sources.append((mime, srcset, settings["sizes"]))
    largest = jpegs[-1]
    fallback = next((r for r in jpegs if r.width >= 960), largest)
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" '
        'alt="{}" loading="{}" decoding="async" class="{}"></picture>',
        format_html_join("", '<source type="{}" srcset="{}" sizes="{}">', sources)
        if sources
        else mark_safe(""),
        fallback.file.url,
        ", ".join(f"{r.file.url} {r.width}w" for r in jpegs),
        settings["sizes"],
        largest.width,
        largest.height,
        alt_text,
        settings["loading"],
        css_class,
    )


@register.simple_tag
def rendition_url(photo, spec, fmt="jpeg"):
    """The URL of one stored rendition, or of the master when it is not made yet."""
    item = rendition(photo, spec, fmt)
    if item:
        return item.file.url
    return photo.image.url if photo is not None and photo.image else ""
