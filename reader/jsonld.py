"""schema.org scaffolding every reader page shares: the publisher, breadcrumbs, and the one
safe way to write JSON-LD into a page. Each content app builds its own types from these
(articles: NewsArticle and kin; media_gallery: ImageGallery)."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .display import absolute

LOGO = {"path": "img/logo.png", "width": 600, "height": 60}
# JSON-LD is data, never executed script: `<`, `>` and `&` are escaped as json_script does,
# so no text in it can close the element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def publisher():
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.NEWSROOM_SITE_NAME,
        "url": absolute("/"),
        "logo": {
            "@type": "ImageObject",
            "url": absolute(static(LOGO["path"])),
            "width": LOGO["width"],
            "height": LOGO["height"],
        },
    }


def home():
    """The first step of every breadcrumb trail."""
    return ("Home", "/")


def breadcrumbs(trail):
    """BreadcrumbList from [(name, url), ...], home first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": absolute(url)}
            for i, (name, url) in enumerate(trail, start=1)
        ],
    }


def script(data):
    """`<script type="application/ld+json">` holding `data`, escaped so no text closes it."""
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
