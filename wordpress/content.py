"""A WordPress post's content, classic editor HTML or block editor markup, as a story body:
paragraphs, headings, lists and quotations, and between them the body's own elements, built
with `articles.body.elements` (photos from `[caption]`, images and image blocks; galleries
from `[gallery]` and gallery blocks; embeds from URLs alone on a line, `[embed]` and embed
blocks; pull quotes; tables). What is not understood is kept as text and counted; the body
is then sanitised and checked by `articles.body.clean_body`, as every save is.
"""

import re
from collections import Counter
from html import escape, unescape
from urllib.parse import urlsplit

from articles.body import elements
from articles.body.embeds import recognise
from articles.body.html import Node, parse, serialize

from . import blocks, shortcodes

TEXT = {"p", "h2", "h3", "ul", "ol", "blockquote"}
HEADINGS = {"h1": "h2", "h4": "h3", "h5": "h3", "h6": "h3", "pre": "p", "address": "p"}
CONTAINERS = {"div", "section", "article", "main", "header", "footer", "center", "span", "font"}
BLOCK_TAGS = re.compile(
    r"^\s*<(?:p|h[1-6]|ul|ol|li|blockquote|figure|table|div|pre|hr|section|aside|iframe|"
    r"address|dl|form|video|audio|object|embed|center|script|style)\b",
    re.IGNORECASE,
)
_LONE_URL = re.compile(r"^[ \t]*(https?://[^\s<>\"']+)[ \t]*$", re.MULTILINE)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_IMAGE_ID = re.compile(r"\bwp-image-(\d+)\b")
# Layout-only blocks: nothing for a reader is lost without them.
LAYOUT = {"separator", "spacer", "more", "nextpage", "page-break"}
CONTAINER_BLOCKS = {"group", "columns", "column", "cover", "media-text", "buttons", "row",
                    "stack", "template-part"}  # fmt: skip
TEXT_BLOCKS = {"paragraph", "heading", "list", "list-item", "quote", "verse", "preformatted",
               "code", "table", "details", "image", "freeform-html"}  # fmt: skip


class Converter:
    """Turns one post's content into body HTML. `resolver` finds what the content names:
    `photo(attachment_id, url)` → a photo id or None, `gallery(attachment_ids)` → a gallery
    id or None, `attached_to(post_id)` → the ids of attachments whose parent is the post."""

    def __init__(self, resolver, post_id=0):
        self.resolver = resolver
        self.post_id = post_id
        self.notes = Counter()  # what was not understood (kept as text), or changed, by kind

    def convert(self, content):
        content = (content or "").replace("\r\n", "\n").replace("\x00", "")
        if re.search(r"<script|<style|\son\w+\s*=|javascript:", content, re.IGNORECASE):
            self.notes["script, style or event handler removed (sanitised)"] += 1
        if blocks.is_block_markup(content):
            parts = []
            for block in blocks.parse_blocks(content):
                parts += self.block(block)
        else:
            parts = self.classic(content)
        return "".join(parts)

    # --- classic editor ---------------------------------------------------------------------

    def classic(self, html):
        markers = []

        def mark(element_html):
            markers.append(element_html)
            return f'\n\n<figure data-wp-marker="{len(markers) - 1}"></figure>\n\n'

        out, position = [], 0
        for code in shortcodes.find(html):
            out.append(html[position : code.start])
            position = code.end
            out.append(self.shortcode(code, mark))
        out.append(html[position:])
        html = "".join(out)
        html = _LONE_URL.sub(lambda m: mark(self.embed(m.group(1))), html)
        return self.walk(autop(html), markers)

    def shortcode(self, code, mark):
        if code.name in ("caption", "wp_caption"):
            caption = code.attrs.get("caption", "")
            images = [n for n in parse(code.inner) if n.tag] or []
            image = next((n for n in _descendants(images) if n.tag == "img"), None)
            if not caption:
                caption = " ".join(
                    "".join(n.text_content() for n in parse(code.inner) if n.tag != "a").split()
                )
            attachment = _number(code.attrs.get("id", "").removeprefix("attachment_"))
            if image is None:
                self.notes["[caption] without an image, kept as text"] += 1
                return code.inner
            return mark(self.photo(image, caption, attachment, code.attrs.get("align", "")))
        if code.name == "gallery":
            ids = [_number(i) for i in re.split(r"[\s,]+", code.attrs.get("ids", "")) if i]
            ids = [i for i in ids if i] or self.resolver.attached_to(self.post_id)
            return mark(self.gallery(ids))
        if code.name == "embed":
            url = code.inner.strip() or code.attrs.get("src", "")
            return mark(self.embed(unescape(url)))
        if code.name in ("audio", "video") and (code.attrs.get("src") or code.attrs.get("mp3")):
            url = code.attrs.get("src") or code.attrs.get("mp3") or code.attrs.get("mp4")
            self.notes[f"[{code.name}] kept as a link to its file"] += 1
            return mark(_link(url, f"{code.name.capitalize()}: {url.rsplit('/', 1)[-1]}"))
        self.notes[f"shortcode [{code.name}] kept as text"] += 1
        return code.text

    # --- block editor -----------------------------------------------------------------------

    def block(self, block):
        name = block.name
        if name == "freeform":
            return self.classic(block.full_html())
        if name in LAYOUT:
            return []
        if name in TEXT_BLOCKS:
            html = block.full_html()
            if name == "image" and block.attrs.get("align") in ("wide", "full"):
                html = html.replace("<img ", f'<img data-wp-size="{block.attrs["align"]}" ', 1)
            if name == "image" and block.attrs.get("id") and "wp-image-" not in html:
                html = html.replace("<img ", f'<img class="wp-image-{block.attrs["id"]}" ', 1)
            return self.walk(html)
        if name == "gallery":
            ids = block.attrs.get("ids") or [b.attrs.get("id") for b in block.inner]
            ids = [_number(str(i)) for i in ids if i] or [
                int(i) for i in _IMAGE_ID.findall(block.full_html())
            ]
            return [self.gallery([i for i in ids if i])]
        if name == "embed" or name.startswith("core-embed/"):
            url = block.attrs.get("url") or " ".join(_text(block.full_html()).split())
            return [self.embed(url)]
        if name == "pullquote":
            return [self.pullquote(block.full_html())]
        if name in ("html", "shortcode"):
            self.notes[f"{'custom HTML' if name == 'html' else 'shortcode'} block (sanitised)"] += 1
            return self.classic(block.full_html())
        if name in ("video", "audio", "file"):
            nodes = list(_descendants(parse(block.full_html())))
            url = next((n.attrs.get("src") or n.attrs.get("href") for n in nodes
                        if n.attrs.get("src") or n.attrs.get("href")), "")  # fmt: skip
            self.notes[f"{name} block kept as a link to its file"] += 1
            label = " ".join(_text(block.full_html()).split()) or url.rsplit("/", 1)[-1]
            return [_link(url, label)] if url else []
        if name in CONTAINER_BLOCKS:
            parts = []
            for part in block.parts:
                parts += self.block(part) if isinstance(part, blocks.Block) else self.walk(part)
            return parts
        self.notes[f"block wp:{name} kept as text"] += 1
        parts = self.walk(block.html)
        for inner in block.inner:
            parts += self.block(inner)
        return parts

    # --- elements ---------------------------------------------------------------------------

    def photo(self, image, caption="", attachment=0, align=""):
        """A Photo element for an `<img>`, or a link to its address when it is not a photo
        of the export (an image from another site, a file that could not be had)."""
        src = image.attrs.get("src", "")
        found = _IMAGE_ID.search(image.attrs.get("class", ""))
        attachment = attachment or (int(found.group(1)) if found else 0)
        photo_id = self.resolver.photo(attachment, src)
        caption = " ".join(unescape(caption or "").split())
        if photo_id is None:
            self.notes["image not in the export's media, kept as a link"] += 1
            label = caption or image.attrs.get("alt") or src.rsplit("/", 1)[-1] or "Image"
            return _link(src, f"Image: {label}") if _web(src) else f"<p>{escape(label)}</p>"
        size = image.attrs.get("data-wp-size") or align.removeprefix("align")
        size = size if size in ("wide", "full") else "inline"
        return elements.Photo(photo_id, size=size, caption=caption[:2000]).to_html()

    def gallery(self, attachment_ids):
        gallery_id = self.resolver.gallery(attachment_ids) if attachment_ids else None
        if gallery_id is None:
            self.notes["gallery with no photo that could be had, left out"] += 1
            return ""
        return elements.Gallery(gallery_id).to_html()

    def embed(self, url):
        url = (url or "").strip()
        if not _web(url) or len(url) > 2000:
            self.notes["embed without a web address, kept as text"] += 1
            return f"<p>{escape(url)}</p>" if url else ""
        if recognise(url).provider in ("the web", urlsplit(url).hostname):
            self.notes["embed of an unknown provider, a link card"] += 1
        return elements.Embed(url).to_html()

    def pullquote(self, html):
        nodes = list(_descendants(parse(html)))
        cite = next((n for n in nodes if n.tag == "cite"), None)
        attribution = " ".join(cite.text_content().split()) if cite else ""
        quote = " ".join(
            " ".join(n.text_content().split()) for n in nodes if n.tag == "p"
        ) or " ".join(_text(html).replace(attribution, "").split())
        if not quote:
            return ""
        return elements.PullQuote(quote[:1000], attribution[:200]).to_html()

    # --- HTML -------------------------------------------------------------------------------

    def walk(self, html, markers=()):
        """Body blocks from HTML: text kept, images, frames and markers lifted out as elements."""
        parts = []
        for node in parse(_BREAK.sub("<br>", html or "")):
            parts += self.node(node, markers)
        return [part for part in parts if part]

    def node(self, node, markers):
        tag = node.tag
        if not tag:
            text = " ".join(node.text.split())
            return [f"<p>{escape(text)}</p>"] if text else []
        if tag == "figure" and "data-wp-marker" in node.attrs:
            return [markers[int(node.attrs["data-wp-marker"])]]
        if tag in ("script", "style", "hr", "br", "noscript"):
            return []
        if tag == "img":
            return [self.photo(node)]
        if tag == "iframe":
            return [self.embed(node.attrs.get("src", ""))]
        if tag == "figure":
            image = next((n for n in _descendants([node]) if n.tag == "img"), None)
            caption = next((n for n in _descendants([node]) if n.tag == "figcaption"), None)
            if image is not None:
                text = caption.text_content() if caption else ""
                return [self.photo(image, text)]
            return [p for child in node.children for p in self.node(child, markers)]
        if tag == "table":
            table = elements.Table.read(node)
            if table.rows and not table.problems():
                return [table.to_html()]
            self.notes["table over the body's limits, kept as text"] += 1
            return [f"<p>{escape(' · '.join(row))}</p>" for row in table.rows if any(row)]
        if tag in CONTAINERS or tag in ("a", "li", "dl", "dd", "dt", "figcaption"):
            lifted = [p for child in node.children for p in self.node(child, markers)]
            if (
                tag == "a"
                and node.attrs.get("href")
                and not any(
                    c.tag in ("img", "figure", "iframe") for c in _descendants(node.children)
                )
            ):
                return [f"<p>{serialize(node)}</p>"]
            return lifted
        node.tag = HEADINGS.get(tag, tag)
        if node.tag not in TEXT:
            self.notes[f"HTML <{tag}> kept as text"] += 1
            text = " ".join(node.text_content().split())
            return [f"<p>{escape(text)}</p>"] if text else []
        lifted = self.lift(node, markers)
        if node.tag == "p":
            texts = _split_at_breaks(node)
        else:
            texts = [_BREAK.sub(" ", serialize(node))] if node.text_content().strip() else []
        return texts + lifted

    def lift(self, node, markers):
        """Take images, frames and markers out of a text block, as elements after it."""
        lifted, kept = [], []
        for child in node.children:
            if child.tag in ("img", "iframe") or "data-wp-marker" in child.attrs:
                lifted += self.node(child, markers)
                continue
            inner = self.lift(child, markers) if child.tag else []
            lifted += inner
            if child.tag == "a" and inner and not child.text_content().strip():
                continue  # a link that only held the image
            kept.append(child)
        node.children = kept
        return lifted


def _split_at_breaks(node):
    paragraphs, current = [], []
    for child in node.children + [Node("br")]:
        if child.tag == "br":
            text = "".join(serialize(c) for c in current)
            if re.sub(r"<[^>]+>", "", text).strip():
                paragraphs.append(f"<p>{_BREAK.sub(' ', text.strip())}</p>")
            current = []
        else:
            current.append(child)
    return paragraphs


def autop(html):
    """Classic posts keep paragraphs as blank lines (WordPress adds `<p>` when it shows them)."""
    chunks = re.split(r"\n\s*\n", html)
    out = []
    for chunk in chunks:
        if not chunk.strip():
            continue
        out.append(chunk if BLOCK_TAGS.match(chunk) else f"<p>{chunk.strip()}</p>")
    return "\n".join(out)


def _descendants(nodes):
    for node in nodes:
        yield node
        yield from _descendants(node.children)


def _text(html):
    return "".join(node.text_content() for node in parse(html))


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _web(url):
    return urlsplit(url or "").scheme in ("http", "https")


def _link(url, label):
    return f'<p><a href="{escape(url)}">{escape(label)}</a></p>'
