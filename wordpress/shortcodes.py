"""WordPress shortcodes in classic posts: `[caption]…[/caption]`, `[gallery ids="1,2"]`,
`[embed]…[/embed]` and the media ones are understood; any other is kept as it is written
(it is text to a reader of the new site) and counted."""

import re
from dataclasses import dataclass

# The shortcodes WordPress itself registers, and the common ones of big plugins.
UNDERSTOOD = {"caption", "wp_caption", "gallery", "embed", "audio", "video", "playlist"}
_SHORTCODE = re.compile(
    r"\[(?P<name>[A-Za-z][\w-]*)(?P<attrs>(?:\s+[^\]]*)?)\]"
    r"(?:(?P<inner>.*?)\[/(?P=name)\])?",
    re.DOTALL,
)
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))""")


@dataclass
class Shortcode:
    name: str
    attrs: dict
    inner: str
    start: int
    end: int
    text: str


def attributes(raw):
    return {
        m.group(1).lower(): next(v for v in m.groups()[1:] if v is not None)
        for m in _ATTR.finditer(raw or "")
    }


def find(text):
    """The shortcodes in `text`, in order. `[sic]`, `[1]` and other bracketed words without
    attributes or a closing tag are not shortcodes unless WordPress knows the name."""
    found = []
    for match in _SHORTCODE.finditer(text or ""):
        name = match.group("name").lower()
        attrs = match.group("attrs") or ""
        if name in UNDERSTOOD or "=" in attrs or match.group("inner") is not None:
            found.append(
                Shortcode(
                    name,
                    attributes(attrs),
                    match.group("inner") or "",
                    match.start(),
                    match.end(),
                    match.group(0),
                )
            )
    return found
