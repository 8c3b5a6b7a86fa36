"""The story body format: paragraphs, headings, lists and links, and between them elements
(photos, galleries, embeds, pull quotes, factboxes, tables, related stories, HTML graphics).

Stored as HTML (what the admin's ProseMirror editor reads and writes), each element a
`<figure data-element="…">` (a factbox an `<aside>`) whose data attributes hold its settings.
`clean_body()` is the one way in: it sanitises, reads every element, checks it, and writes
the canonical form back. `read_body()` is the one way to read a stored body: pages, feeds,
JSON-LD, search, the revision diff and the API all start from it.
"""

from dataclasses import dataclass, field

import nh3
from django.core.exceptions import ValidationError
from django.utils.html import escape

from .elements import KINDS, Graphic, Photo, Table, Text, paragraphs
from .html import parse, serialize

MAX_BODY_CHARS = 1_000_000
MAX_ELEMENTS = 200

TEXT_TAGS = {"p", "a", "em", "strong", "blockquote", "h2", "h3", "ul", "ol", "li"}
ELEMENT_ATTRIBUTES = {
    "data-element", "data-photo", "data-size", "data-crop", "data-caption", "data-gallery",
    "data-display", "data-url", "data-title", "data-quote", "data-attribution", "data-source",
    "data-article", "data-label", "data-html", "data-alt", "data-height",
}  # fmt: skip
_cleaner = nh3.Cleaner(
    tags=TEXT_TAGS | {"figure", "aside", "table", "thead", "tbody", "tr", "th", "td"},
    attributes={
        "a": {"href"},
        "figure": ELEMENT_ATTRIBUTES,
        "aside": ELEMENT_ATTRIBUTES,
        "table": {"data-caption", "data-source"},
    },
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener",
    strip_comments=True,
    clean_content_tags={"script", "style"},
)


@dataclass
class References:
    """What a body names in the database, by id."""

    photos: set = field(default_factory=set)
    galleries: set = field(default_factory=set)
    articles: set = field(default_factory=set)

    def __bool__(self):
        return bool(self.photos or self.galleries or self.articles)


def _blocks(html):
    """The body's blocks in order, and the problems found reading them."""
    blocks, problems = [], []
    for node in parse(html):
        if not node.tag:
            if node.text.strip():
                blocks.append(Text(f"<p>{escape(node.text.strip())}</p>"))
            continue
        kind = node.attrs.get("data-element") if node.tag in ("figure", "aside") else None
        if kind in KINDS:
            try:
                blocks.append(KINDS[kind].read(node))
            except ValueError as unreadable:
                problems.append(f"A {kind} element cannot be read: {unreadable}.")
        elif kind is not None:
            problems.append(f"“{kind}” is not an element a story can hold.")
        elif node.tag == "table":
            blocks.append(Table.read(node))
        elif node.tag in ("figure", "aside", "thead", "tbody", "tr", "th", "td"):
            text = " ".join(node.text_content().split())
            if text:
                blocks.append(Text(f"<p>{escape(text)}</p>"))
        else:
            blocks.append(Text(serialize(node)))
    return blocks, problems


def read_body(html):
    """The blocks of a stored body, in order (elements that cannot be read are left out)."""
    return _blocks(_cleaner.clean(html or ""))[0]


def clean_body(html):
    """The canonical, sanitised form of a body as typed; ValidationError, with a message for
    each problem, when it cannot be stored as it is (the caller keeps the typed text)."""
    html = (html or "").replace("\x00", "")
    if len(html) > MAX_BODY_CHARS:
        raise ValidationError(
            f"The story is {len(html) / 1_000_000:.1f} million characters long with its "
            f"elements; the limit is {MAX_BODY_CHARS / 1_000_000:.0f} million. Split it into "
            "parts, or move long tables and graphics out of it."
        )
    blocks, problems = _blocks(_cleaner.clean(html))
    elements = [block for block in blocks if block.kind != "text"]
    if len(elements) > MAX_ELEMENTS:
        problems.append(
            f"The story holds {len(elements)} photos, embeds and other elements; the limit is "
            f"{MAX_ELEMENTS}."
        )
    for number, block in enumerate(blocks, start=1):
        problems += [f"Block {number} ({block.kind}): {text}" for text in block.problems()]
    if problems:
        raise ValidationError(problems)
    canonical = "".join(block.to_html() for block in blocks)
    return "" if canonical in ("<p></p>", "<p><br></p>") else canonical


def references(blocks):
    found = References()
    for block in blocks:
        if block.kind == "photo":
            found.photos.add(block.photo_id)
        elif block.kind == "gallery":
            found.galleries.add(block.gallery_id)
        elif block.kind == "related":
            found.articles.add(block.article_id)
    return found


def graphics(blocks):
    """The HTML graphics, as (alt, height, html): what only editors may add or change."""
    return [(b.alt, b.height, b.html) for b in blocks if isinstance(b, Graphic)]


def search_text(blocks):
    """(the body's own words, the elements' words): captions, pull quotes, factboxes, tables
    and embed titles are searchable, weighted below the body."""
    text = " ".join(b.plain() for b in blocks if b.kind == "text")
    extra = " ".join(b.plain() for b in blocks if b.kind not in ("text", "factbox"))
    factboxes = " ".join(b.plain() for b in blocks if b.kind == "factbox")
    return " ".join(text.split()), " ".join(f"{factboxes} {extra}".split())


def diff_lines(html):
    """The body as lines for the revision diff: a paragraph a line, an element a line."""
    lines = []
    for block in read_body(html):
        if block.kind == "text":
            lines += paragraphs(block.html)
        else:
            lines.append(block.describe())
    return lines


__all__ = [
    "MAX_BODY_CHARS",
    "MAX_ELEMENTS",
    "Photo",
    "References",
    "clean_body",
    "diff_lines",
    "graphics",
    "read_body",
    "references",
    "search_text",
]
