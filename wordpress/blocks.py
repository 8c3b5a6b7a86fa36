"""Block editor (Gutenberg) markup read as its blocks: `<!-- wp:name {"attrs"} -->` … `<!--
/wp:name -->`, nested, with the HTML between; markup outside any block is "freeform" (classic
HTML inside a block post), as WordPress's own block parser reads it."""

import json
import re
from dataclasses import dataclass, field

_DELIMITER = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<name>[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)"
    r"\s+(?P<attrs>\{.*?\}\s+)?(?P<void>/)?-->",
    re.DOTALL,
)


@dataclass
class Block:
    name: str  # "paragraph", "image", "core-embed/youtube", "jetpack/slideshow", "freeform"
    attrs: dict = field(default_factory=dict)
    parts: list = field(default_factory=list)  # its HTML and inner blocks, in order

    @property
    def inner(self):
        return [part for part in self.parts if isinstance(part, Block)]

    @property
    def html(self):
        """The block's own HTML, inner blocks left out."""
        return "".join(part for part in self.parts if isinstance(part, str))

    def full_html(self):
        """The block's HTML with its inner blocks' in place (a list with its items)."""
        return "".join(p if isinstance(p, str) else p.full_html() for p in self.parts)


def is_block_markup(content):
    return "<!-- wp:" in (content or "")


def _name(raw):
    return raw.removeprefix("core/")


def _attrs(raw):
    try:
        value = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def parse_blocks(content):
    """The top-level blocks of `content`, in order."""
    root = Block("#root")
    stack, position = [root], 0
    for match in _DELIMITER.finditer(content):
        between = content[position : match.start()]
        position = match.end()
        parent = stack[-1]
        if between.strip():
            parent.parts.append(Block("freeform", parts=[between]) if parent is root else between)
        name = _name(match.group("name"))
        if match.group("closer"):
            # Close the nearest open block of this name (a stray closer is ignored).
            for depth in range(len(stack) - 1, 0, -1):
                if stack[depth].name == name:
                    del stack[depth:]
                    break
            continue
        block = Block(name, _attrs(match.group("attrs")))
        parent.parts.append(block)
        if not match.group("void"):
            stack.append(block)
    rest = content[position:]
    if rest.strip():
        last = stack[-1]
        last.parts.append(Block("freeform", parts=[rest]) if last is root else rest)
    return root.inner
