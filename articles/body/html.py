"""A small, strict reading of stored body HTML into a tree: the one parser of the body format.

The body is sanitised (nh3) before it is read, so what reaches this parser is well formed:
elements, their attributes and text. Nothing here is marked safe; serialising escapes.
"""

from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

VOID = {"br", "hr", "img", "col"}


@dataclass
class Node:
    tag: str  # "" for a text node
    attrs: dict = field(default_factory=dict)
    children: list = field(default_factory=list)
    text: str = ""

    def find_all(self, tag):
        for child in self.children:
            if child.tag == tag:
                yield child
            yield from child.find_all(tag)

    def text_content(self):
        if not self.tag:
            return self.text
        return "".join(child.text_content() for child in self.children)


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(Node("", text=data))


def parse(html):
    """The top-level nodes of `html`."""
    builder = _Builder()
    builder.feed(html or "")
    builder.close()
    return builder.root.children


def serialize(node):
    """`node` back to HTML, every attribute value and text escaped."""
    if not node.tag:
        return escape(node.text, quote=False)
    attrs = "".join(f' {name}="{escape(value)}"' for name, value in node.attrs.items())
    if node.tag in VOID:
        return f"<{node.tag}{attrs}>"
    inner = "".join(serialize(child) for child in node.children)
    return f"<{node.tag}{attrs}>{inner}</{node.tag}>"


def serialize_children(node):
    return "".join(serialize(child) for child in node.children)
