"""What the photo and gallery pages of the photo desk's admin share: the desk's stylesheet and
the small thumbnail shown in the photo list and in a gallery's rows.
"""

from django.utils.html import format_html

from ..templatetags.pictures import rendition

DESK_CSS = {"all": ["media_gallery/photo-desk.css"]}


def thumbnail_html(photo, size=80):
    """The photo's thumb rendition (the master until it is made), or a dash without a picture."""
    if not photo or not photo.image:
        return "—"
    thumb = rendition(photo, "thumb")
    url = thumb.url if thumb else photo.image.url
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" class="photo-desk-thumb">',
        url,
        photo.alt_text or "",
        size,
        size,
    )
