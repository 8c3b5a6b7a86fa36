"""An HTML graphic from the graphics desk, run in a sandboxed frame (srcdoc, no same origin)."""

from dataclasses import dataclass

from .base import GRAPHIC_HEIGHTS, MAX_GRAPHIC, csp_hash, figure, scripts, too_long
from .html import parse

# Tells the page a graphic's height (static/js/story.js sizes its frame to it): on load, on
# every resize, and when the page asks, since the frame may load before the page's script runs.
HEIGHT_REPORTER = (
    "<script>(()=>{const root=document.documentElement;const report=()=>parent.postMessage("
    "{newsroomGraphicHeight:Math.ceil(root.getBoundingClientRect().height)},'*');"
    "addEventListener('load',report);new ResizeObserver(report).observe(root);"
    "addEventListener('message',e=>{if(e.data==='newsroomGraphicHeight?')report()})})()"
    "</script>"
)


@dataclass
class Graphic:
    """HTML from the graphics desk, run in a sandboxed iframe (srcdoc, no same origin)."""

    html: str
    alt: str = ""
    height: str = "auto"  # pixels, or "auto": the graphic reports its own height
    kind = "graphic"

    @classmethod
    def read(cls, node):
        height = node.attrs.get("data-height", "auto").strip() or "auto"
        return cls(
            html=node.attrs.get("data-html", ""),
            alt=node.attrs.get("data-alt", "").strip(),
            height=height,
        )

    def to_html(self):
        return figure("graphic", {"alt": self.alt, "height": self.height, "html": self.html})

    def problems(self):
        found = []
        if not self.html.strip():
            found.append("it has no HTML: paste the graphic's code.")
        if not self.alt:
            found.append(
                "it has no alternative text: say what the graphic shows, for readers who "
                "cannot see it."
            )
        if self.height != "auto":
            low, high = GRAPHIC_HEIGHTS
            if not self.height.isdigit() or not low <= int(self.height) <= high:
                found.append(
                    f"its height “{self.height}” is not a number of pixels between {low} and "
                    f"{high} (or “auto”)."
                )
        return (
            found
            + too_long(self.html, MAX_GRAPHIC, "HTML")
            + too_long(self.alt, 1000, "alternative text")
        )

    def srcdoc(self):
        """The document the sandboxed frame runs: the desk's HTML, and for "auto" a tiny script
        that tells the page the graphic's height."""
        page = self.html
        if not page.lstrip()[:9].lower() == "<!doctype":
            page = "<!doctype html>" + page  # standards mode: the page is as tall as its content
        return page + (HEIGHT_REPORTER if self.height == "auto" else "")

    def script_hashes(self):
        """CSP hashes of the frame's inline scripts: a srcdoc frame inherits the page's policy,
        which runs no inline script it does not name."""
        return sorted({csp_hash(node.text_content()) for node in scripts(parse(self.srcdoc()))})

    def describe(self):
        return f"[HTML graphic “{self.alt}” · height {self.height} · {len(self.html):,} characters]"

    def plain(self):
        return self.alt
