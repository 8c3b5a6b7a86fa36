"""The elements a story body is made of, between and among its paragraphs.

Each kind knows how it is stored (a `<figure data-element="…">` or `<aside>` with data
attributes: what the editor writes and reads back), what it must hold (`problems()`, in words
for the desk), what it names in the database, and how it reads as text (search, the revision
diff). Rendering for readers is in `render.py`. Factboxes, tables and graphics have modules of
their own; `KINDS` names them all.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from .base import (
    CROP_LABELS,
    CROPS,
    GALLERY_DISPLAYS,
    MAX_TEXT,
    MAX_URL,
    SIZES,
    Unreadable,
    choice,
    figure,
    number,
    paragraphs,
    too_long,
)
from .embeds import recognise
from .factbox import Factbox
from .graphic import Graphic
from .table import Table

__all__ = ["Factbox", "Graphic", "Table", "Unreadable", "paragraphs"]


@dataclass
class Text:
    """Paragraphs, headings, lists and quotations, kept as their (sanitised) HTML."""

    html: str
    kind = "text"

    def to_html(self):
        return self.html

    def problems(self):
        return []

    def plain(self):
        return " ".join(paragraphs(self.html))


@dataclass
class Photo:
    photo_id: int
    size: str = "inline"
    crop: str = "focal"
    caption: str = ""  # empty: the photo's own caption
    kind = "photo"

    @classmethod
    def read(cls, node):
        attrs = node.attrs
        return cls(
            photo_id=number(attrs.get("data-photo"), "photo"),
            size=choice(attrs.get("data-size"), SIZES, "inline"),
            crop=choice(attrs.get("data-crop"), CROPS, "focal"),
            caption=attrs.get("data-caption", "").strip(),
        )

    def to_html(self):
        return figure(
            "photo",
            {"photo": self.photo_id, "size": self.size, "crop": self.crop, "caption": self.caption},
        )

    def problems(self):
        return too_long(self.caption, MAX_TEXT, "caption")

    def describe(self):
        caption = f" · caption “{self.caption}”" if self.caption else ""
        return f"[Photo #{self.photo_id} · {self.size} · {CROP_LABELS[self.crop]}{caption}]"

    def plain(self):
        return self.caption


@dataclass
class Gallery:
    gallery_id: int
    display: str = "card"
    kind = "gallery"

    @classmethod
    def read(cls, node):
        return cls(
            gallery_id=number(node.attrs.get("data-gallery"), "gallery"),
            display=choice(node.attrs.get("data-display"), GALLERY_DISPLAYS, "card"),
        )

    def to_html(self):
        return figure("gallery", {"gallery": self.gallery_id, "display": self.display})

    def problems(self):
        return []

    def describe(self):
        return f"[Gallery #{self.gallery_id} · {self.display}]"

    def plain(self):
        return ""


@dataclass
class Embed:
    url: str
    title: str = ""
    kind = "embed"

    @classmethod
    def read(cls, node):
        return cls(
            url=node.attrs.get("data-url", "").strip(), title=node.attrs.get("data-title", "")
        )

    @property
    def found(self):
        """The provider and player, recognised from the address alone."""
        return recognise(self.url)

    def to_html(self):
        return figure("embed", {"url": self.url, "title": self.title})

    def problems(self):
        if not self.url:
            return ["it has no address: paste the address of the video, post or chart."]
        if len(self.url) > MAX_URL:
            return [
                f"its address is {len(self.url):,} characters long; the limit is {MAX_URL:,}. "
                "Copy the address from the browser's address bar."
            ]
        scheme = urlsplit(self.url).scheme.lower()
        if scheme not in ("http", "https") or not urlsplit(self.url).hostname:
            shown = self.url if len(self.url) <= 40 else self.url[:39] + "…"
            return [
                f"“{shown}” is not a web address. Embeds take addresses that start with "
                "http:// or https://."
            ]
        return too_long(self.title, 300, "title")

    def describe(self):
        return f"[Embed · {self.found.provider} · {self.url}]"

    def plain(self):
        return self.title


@dataclass
class PullQuote:
    quote: str
    attribution: str = ""
    kind = "pullquote"

    @classmethod
    def read(cls, node):
        return cls(
            quote=node.attrs.get("data-quote", "").strip(),
            attribution=node.attrs.get("data-attribution", "").strip(),
        )

    def to_html(self):
        return figure("pullquote", {"quote": self.quote, "attribution": self.attribution})

    def problems(self):
        if not self.quote:
            return ["it has no quote: type the words, or remove the pull quote."]
        return too_long(self.quote, 1000, "quote") + too_long(self.attribution, 200, "attribution")

    def describe(self):
        who = f" — {self.attribution}" if self.attribution else ""
        return f"[Pull quote: “{self.quote}”{who}]"

    def plain(self):
        return f"{self.quote} {self.attribution}".strip()


@dataclass
class Related:
    article_id: int
    label: str = ""
    kind = "related"

    @classmethod
    def read(cls, node):
        return cls(
            article_id=number(node.attrs.get("data-article"), "story"),
            label=node.attrs.get("data-label", "").strip(),
        )

    def to_html(self):
        return figure("related", {"article": self.article_id, "label": self.label})

    def problems(self):
        return too_long(self.label, 60, "label")

    def describe(self):
        label = f" “{self.label}”" if self.label else ""
        return f"[Related story #{self.article_id}{label}]"

    def plain(self):
        return ""


KINDS = {
    cls.kind: cls for cls in (Photo, Gallery, Embed, PullQuote, Factbox, Table, Related, Graphic)
}
