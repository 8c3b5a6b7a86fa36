"""What every body element shares: reading numbers and choices from its attributes, the
limits it is held to, writing its stored form, and reading rich text as paragraphs."""

import base64
import hashlib
from html import escape

from django.utils.html import strip_tags

SIZES = ("inline", "wide", "full")
CROPS = ("focal", "16x9", "4x3", "1x1")
CROP_LABELS = {"focal": "its own shape", "16x9": "16:9", "4x3": "4:3", "1x1": "1:1"}
GALLERY_DISPLAYS = ("card", "strip")
MAX_URL = 2000
MAX_TEXT = 2000
MAX_TABLE_ROWS = 50
MAX_TABLE_COLUMNS = 12
MAX_CELL = 500
MAX_GRAPHIC = 200_000
GRAPHIC_HEIGHTS = (50, 4000)
# What a factbox may hold: short rich text with lists.
FACTBOX_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a"}


def csp_hash(script):
    digest = hashlib.sha256(script.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def scripts(nodes):
    for node in nodes:
        if node.tag == "script" and "src" not in node.attrs:
            yield node
        yield from scripts(node.children)


class Unreadable(ValueError):
    """An element whose stored attributes cannot be read (a crafted or damaged body)."""


def number(value, what):
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Unreadable(f"it names no {what} (“{value}” is not a number)") from None
    if number <= 0:
        raise Unreadable(f"it names no {what}")
    return number


def choice(value, choices, default):
    return value if value in choices else default


def too_long(text, limit, what):
    if len(text) > limit:
        return [f"its {what} is {len(text):,} characters long; the limit is {limit:,}."]
    return []


def figure(kind, attrs, inner=""):
    node_attrs = {"data-element": kind}
    node_attrs.update({f"data-{name}": str(value) for name, value in attrs.items() if value})
    attributes = "".join(f' {name}="{escape(value)}"' for name, value in node_attrs.items())
    tag = "aside" if kind == "factbox" else "figure"
    return f"<{tag}{attributes}>{inner}</{tag}>"


def paragraphs(html):
    """Rich text as its paragraphs of plain text (a list item, a heading: a paragraph each)."""
    marked = html
    for end in ("</p>", "</h2>", "</h3>", "</li>", "</blockquote>"):
        marked = marked.replace(end, end + "\n")
    return [" ".join(line.split()) for line in strip_tags(marked).splitlines() if line.strip()]
