"""Reading a WordPress export (WXR 1.0 to 1.2, as WordPress's own exporter and WordPress.com
write it) as a stream: one `<item>` at a time, each dropped once read, so a 2 GB export never
sits in memory. Parsed with defusedxml (no DTD, no entities). Elements of namespaces WordPress
does not write (plugins') are ignored; what cannot be read stops the reading with a sentence
saying where and why (`ExportError`).
"""

import codecs
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
_WP = re.compile(r"^\{http://wordpress\.org/export/1\.\d+/\}(.+)$")
_EXCERPT = re.compile(r"^\{http://wordpress\.org/export/1\.\d+/excerpt/\}encoded$")
# C0 control characters XML 1.0 forbids; WordPress exports them when a post holds them.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
CHUNK = 1 << 20


class ExportError(Exception):
    """The export cannot be read: the message says where and what to do."""


@dataclass
class Author:
    login: str
    display_name: str = ""
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    wp_id: str = ""


@dataclass
class Term:
    taxonomy: str  # category, post_tag, author (Co-Authors Plus), or another
    slug: str
    name: str
    parent: str = ""  # the parent's slug (categories)
    description: str = ""


@dataclass
class Item:
    """One `<item>`: a post, page, attachment, guest author, menu item or other post type."""

    post_id: int
    post_type: str
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    status: str = ""
    name: str = ""  # the slug
    date_gmt: datetime | None = None
    date_local: str = ""
    pub_date: datetime | None = None
    parent: int = 0
    attachment_url: str = ""
    terms: list = field(default_factory=list)  # [(taxonomy, slug, name)] in the export's order
    meta: dict = field(default_factory=dict)
    comments: int = 0
    password: str = ""

    def terms_of(self, taxonomy):
        return [(slug, name) for tax, slug, name in self.terms if tax == taxonomy]


@dataclass
class Site:
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""

    @property
    def key(self):
        """What names the site whose post ids these are: its blog address, without scheme."""
        address = self.base_blog_url or self.base_site_url or self.link
        return re.sub(r"^https?://", "", address.strip()).rstrip("/").lower()


def _wp(tag):
    match = _WP.match(tag)
    return match.group(1) if match else None


def _text(element, name):
    child = element.find(name)
    return (child.text or "").strip() if child is not None else ""


def _wp_children(element):
    return {_wp(child.tag): child for child in element if _wp(child.tag)}


def _wp_text(children, name):
    child = children.get(name)
    return (child.text or "") if child is not None else ""


def gmt(value):
    """A WordPress GMT time ("2012-12-26 17:39:00"); None for the empty "0000-00-00 00:00:00"."""
    value = (value or "").strip()
    if not value or value.startswith("0000"):
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def _pub_date(value):
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment and moment.tzinfo else None


def _number(value):
    try:
        return int((value or "").strip())
    except ValueError:
        return 0


def read_item(element):
    children = _wp_children(element)
    item = Item(
        post_id=_number(_wp_text(children, "post_id")),
        post_type=_wp_text(children, "post_type").strip() or "post",
        title=_text(element, "title"),
        link=_text(element, "link"),
        guid=_text(element, "guid"),
        creator=_text(element, DC_CREATOR),
        content=next((c.text or "" for c in element if c.tag == CONTENT), ""),
        excerpt=next((c.text or "" for c in element if _EXCERPT.match(c.tag)), ""),
        status=_wp_text(children, "status").strip(),
        name=_wp_text(children, "post_name").strip(),
        date_gmt=gmt(_wp_text(children, "post_date_gmt")),
        date_local=_wp_text(children, "post_date").strip(),
        pub_date=_pub_date(_text(element, "pubDate")),
        parent=_number(_wp_text(children, "post_parent")),
        attachment_url=_wp_text(children, "attachment_url").strip(),
        password=_wp_text(children, "post_password"),
    )
    for child in element:
        if child.tag == "category":
            item.terms.append(
                (child.get("domain", "category"), child.get("nicename", ""), child.text or "")
            )
        elif _wp(child.tag) == "postmeta":
            meta = _wp_children(child)
            item.meta[_wp_text(meta, "meta_key")] = _wp_text(meta, "meta_value")
        elif _wp(child.tag) == "comment":
            item.comments += 1
    return item


def read_author(element):
    children = _wp_children(element)
    return Author(
        login=_wp_text(children, "author_login").strip(),
        display_name=_wp_text(children, "author_display_name").strip(),
        email=_wp_text(children, "author_email").strip(),
        first_name=_wp_text(children, "author_first_name").strip(),
        last_name=_wp_text(children, "author_last_name").strip(),
        wp_id=_wp_text(children, "author_id").strip(),
    )


def read_term(kind, element):
    children = _wp_children(element)
    if kind == "category":
        return Term(
            "category",
            _wp_text(children, "category_nicename").strip(),
            _wp_text(children, "cat_name").strip(),
            _wp_text(children, "category_parent").strip(),
            _wp_text(children, "category_description"),
        )
    if kind == "tag":
        return Term(
            "post_tag",
            _wp_text(children, "tag_slug").strip(),
            _wp_text(children, "tag_name").strip(),
            description=_wp_text(children, "tag_description"),
        )
    return Term(
        _wp_text(children, "term_taxonomy").strip(),
        _wp_text(children, "term_slug").strip(),
        _wp_text(children, "term_name").strip(),
        _wp_text(children, "term_parent").strip(),
        _wp_text(children, "term_description"),
    )


class _Mended:
    """The export's bytes as UTF-8 XML the parser accepts: bytes that are not UTF-8 (an export
    declared UTF-8 but written as Windows-1252, as old sites do) are read as Windows-1252,
    and control characters XML forbids are dropped. Both are counted for the report."""

    def __init__(self, handle, encoding):
        self.handle = handle
        self.dropped = 0
        self.decoder = codecs.getincrementaldecoder(encoding)(errors="wxr-windows-1252")
        self.first = True

    def read(self, size=-1):
        data = self.handle.read(CHUNK if size is None or size < 0 else max(size, 1))
        text = self.decoder.decode(data, final=not data)
        if self.first:
            text = text.lstrip("\ufeff")
            # The declaration must now say what we give the parser.
            text = re.sub(r"^(<\?xml[^>]*?)encoding=([\"'])[^\"']*\2", r"\1encoding='UTF-8'", text)
            self.first = False
        text, dropped = _FORBIDDEN.subn("", text)
        self.dropped += dropped
        return text.encode("utf-8")


def _windows_1252(error):
    """The codec error handler: undecodable bytes read as Windows-1252 (Latin-1 where it has
    no character), counted on the reader that asked."""
    bad = error.object[error.start : error.end]
    _Mended.mended_bytes = getattr(_Mended, "mended_bytes", 0) + len(bad)
    return bad.decode("windows-1252", errors="replace").replace("\ufffd", ""), error.end


codecs.register_error("wxr-windows-1252", _windows_1252)


def declared_encoding(head):
    """The encoding the XML declaration names (UTF-8 when none does)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8"
    match = re.match(rb"\s*<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)[\"']", head)
    name = match.group(1).decode("ascii") if match else "utf-8"
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise ExportError(
            f"The export says it is written in “{name}”, an encoding Python does not know. "
            "Re-export it from WordPress (which writes UTF-8), or convert it to UTF-8."
        ) from None


def read_export(path):
    """Yield ("site", Site), ("author", Author), ("term", Term) and ("item", Item) in the order
    of the file, then ("mended", (bytes read as Windows-1252, characters dropped)). Raises
    ExportError, with where and why, on anything that is not a readable export."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 (closed in finally)
    except OSError as error:
        raise ExportError(f"The export {path} cannot be opened: {error.strerror}.") from None
    try:
        head = handle.read(4096)
        handle.seek(0)
        if not head.strip():
            raise ExportError(f"The export {path} is empty.")
        source = _Mended(handle, declared_encoding(head))
        _Mended.mended_bytes = 0
        yield from _events(source, path)
        yield "mended", (_Mended.mended_bytes, source.dropped)
    finally:
        handle.close()


def _events(source, path):
    site, channel, depth, seen_rss = Site(), None, 0, False
    try:
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                depth += 1
                if depth == 1:
                    seen_rss = element.tag == "rss"
                    if not seen_rss:
                        raise ExportError(
                            f"{path} is XML but not a WordPress export (it starts with "
                            f"<{element.tag}>, not <rss>). In WordPress, use Tools → Export."
                        )
                elif depth == 2 and element.tag == "channel":
                    channel = element
                continue
            depth -= 1
            if depth != 2 or channel is None:
                continue
            tag, kind = element.tag, _wp(element.tag)
            if tag == "item":
                if site is not None:
                    yield "site", _finish(site, path)
                    site = None
                yield "item", read_item(element)
            elif kind == "author":
                yield "author", read_author(element)
            elif kind in ("category", "tag", "term"):
                yield "term", read_term(kind, element)
            elif site is not None and tag in ("title", "link"):
                setattr(site, tag, (element.text or "").strip())
            elif site is not None and kind in ("base_site_url", "base_blog_url", "wxr_version"):
                setattr(site, kind, (element.text or "").strip())
            channel.remove(element)  # read: never kept
    except ParseError as error:
        raise ExportError(_parse_problem(error, path)) from None
    except DefusedXmlException as error:
        raise ExportError(
            f"{path} declares a DTD or entities ({type(error).__name__}); a WordPress export "
            "never does, and they are refused for safety. Re-export it from WordPress."
        ) from None
    if channel is None:
        raise ExportError(f"{path} has no <channel>: it is not a WordPress export.")
    if site is not None:
        yield "site", _finish(site, path)


def _finish(site, path):
    if not site.wxr_version and not site.base_site_url:
        raise ExportError(
            f"{path} is an RSS feed, not a WordPress export (it has no wp:wxr_version). "
            "In WordPress, use Tools → Export to download the export file."
        )
    return site


def _parse_problem(error, path):
    line, column = getattr(error, "position", (0, 0))
    reason = str(error).split(":")[0]
    where = f"line {line}, column {column}"
    if reason.startswith("no element found") or reason.startswith("unclosed token"):
        return (
            f"{path} ends before the export does ({where}): the file was cut short, probably "
            "during the download. Nothing was imported. Export it again and use the new file."
        )
    if reason.startswith("unbound prefix"):
        return (
            f"{path} uses a namespace prefix it never declares ({where}), as some plugins "
            "write. Nothing was imported. Add the plugin's xmlns declaration to <rss>, or "
            "export again with the plugin turned off."
        )
    return (
        f"{path} is not well-formed XML ({reason}, {where}). Nothing was imported. Export it "
        "again; if it fails again, the post at that line holds what breaks the file."
    )
