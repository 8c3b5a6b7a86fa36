"""A factbox: a title and short rich text (paragraphs, lists), shown as an aside."""

from dataclasses import dataclass

from django.utils.html import strip_tags

from .base import FACTBOX_TAGS, figure, paragraphs, too_long
from .html import Node, serialize_children


def _factbox_children(nodes):
    """Only short rich text: paragraphs, lists, bold, italic, links (anything else: its text)."""
    kept = []
    for node in nodes:
        if not node.tag or node.tag in FACTBOX_TAGS:
            kept.append(Node(node.tag, node.attrs, _factbox_children(node.children), node.text))
        else:  # a heading or anything else: its words, as a paragraph
            kept.append(Node("p", children=[Node("", text=node.text_content())]))
    return kept


@dataclass
class Factbox:
    title: str
    html: str
    kind = "factbox"

    @classmethod
    def read(cls, node):
        inner = Node("div", children=_factbox_children(node.children))
        return cls(title=node.attrs.get("data-title", "").strip(), html=serialize_children(inner))

    def to_html(self):
        return figure("factbox", {"title": self.title}, self.html)

    def problems(self):
        if not strip_tags(self.html).strip():
            return ["it is empty: write what the reader should know, or remove it."]
        return too_long(self.title, 200, "title") + too_long(self.html, 10_000, "text")

    def describe(self):
        return f"[Factbox “{self.title}”: {' · '.join(paragraphs(self.html))}]"

    def plain(self):
        return " ".join([self.title, *paragraphs(self.html)]).strip()
