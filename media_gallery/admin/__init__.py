"""The photo desk's admin, one module per noun: `photos` (photos with their captions, focal
point and usage; the captioning list), `galleries` (galleries with their photo rows, cover and
bulk upload) and `desk` (the stylesheet and thumbnail both share).

Importing the modules here registers their admins when Django's admin looks for this package.
"""

from .desk import thumbnail_html
from .galleries import GalleryAdmin, GalleryPhotoInline
from .photos import GalleryListFilter, MissingTextFilter, PhotoAdmin

__all__ = [
    "GalleryAdmin",
    "GalleryListFilter",
    "GalleryPhotoInline",
    "MissingTextFilter",
    "PhotoAdmin",
    "thumbnail_html",
]
