"""The one rich-text rule: what an article body (and any other rich field) may contain.

Sanitised on save through every path (admin, shell, import), and escaped again by the
templates only where a field is not rich text.
"""

import nh3

ALLOWED_TAGS = {"p", "a", "em", "strong", "blockquote", "h2", "h3", "ul", "ol", "li"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_URL_SCHEMES,
    link_rel="noopener",
    strip_comments=True,
    clean_content_tags={"script", "style"},
)

# What the admin's ProseMirror editor offers: exactly the tags above.
PROSE_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
}


def sanitize_html(html):
    """Return `html` reduced to the allowed tags, with null bytes dropped."""
    if not html:
        return ""
    html = html.replace("\x00", "")
    cleaned = _cleaner.clean(html).strip()
    return "" if cleaned in {"<p></p>", "<p><br></p>"} else cleaned
