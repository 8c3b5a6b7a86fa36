"""Attachments: where an attachment's file is had (a copy of `wp-content/uploads` given with
--media-dir, or fetched from --media-url), and taking it in through the photo desk's ingest
(`media_gallery.services.ingest_photo`: the same checks, IPTC/XMP prefill into the fields the
export leaves empty, renditions made by the background worker, as for a bulk upload)."""

import os
import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.error import URLError
from urllib.parse import quote, unquote, urlsplit
from urllib.request import Request, urlopen

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.html import strip_tags

PICTURES = {".jpg", ".jpeg", ".jpe", ".png", ".gif", ".webp", ".avif", ".heic", ".heif"}
# A copy WordPress made: photo-300x200.jpg, photo-scaled.jpg and photo-rotated.jpg are photo.jpg.
_SIZED = re.compile(r"(?:-\d+x\d+|-scaled|-rotated)+(?=\.\w+$)")
_UPLOADS = re.compile(r"/(?:wp-content/uploads|files)/(.+)$")
# WordPress.com serves uploads from its own host, by year and month.
_DATED = re.compile(r"^/(\d{4}/\d{2}/[^/]+)$")


class Unavailable(Exception):
    """The file cannot be had: the message says why."""


@dataclass
class Attachment:
    post_id: int
    url: str
    relative: str  # the path under wp-content/uploads, e.g. "2020/01/photo.jpg"
    title: str = ""
    caption: str = ""
    description: str = ""
    alt: str = ""
    parent: int = 0

    @classmethod
    def from_item(cls, item):
        relative = item.meta.get("_wp_attached_file", "").lstrip("/")
        if not relative:
            path = urlsplit(item.attachment_url).path
            found = _UPLOADS.search(path) or _DATED.match(path)
            relative = unquote(found.group(1)) if found else ""
        return cls(
            post_id=item.post_id,
            url=item.attachment_url or item.guid,
            relative=relative,
            title=item.title,
            caption=_plain(item.excerpt),
            description=_plain(item.content),
            alt=item.meta.get("_wp_attachment_image_alt", "").strip(),
            parent=item.parent,
        )

    @property
    def is_picture(self):
        return Path(self.relative or urlsplit(self.url).path).suffix.lower() in PICTURES

    @property
    def file_name(self):
        return (self.relative or urlsplit(self.url).path).rsplit("/", 1)[-1]

    def photo_fields(self):
        """The photo desk's fields from the export; the file's IPTC/XMP fills the others."""
        headline = self.title if self.title and not _looks_like_file(self.title, self) else ""
        return {
            "headline": headline[:255],
            "caption": self.caption or self.description,
            "alt_text": self.alt[:500],
        }


def url_key(url):
    """What names an upload whatever size of it a post shows: its path under uploads, without
    WordPress's "-300x200" size suffix."""
    path = unquote(urlsplit(url or "").path)
    found = _UPLOADS.search(path) or _DATED.match(path)
    return _SIZED.sub("", found.group(1)).lower() if found else ""


def relative_key(relative):
    return _SIZED.sub("", relative).lower()


def _plain(html):
    return " ".join(unescape(strip_tags(html or "")).split())


def _looks_like_file(title, attachment):
    stem = Path(attachment.file_name).stem.lower()
    return title.lower().replace(" ", "-") in (stem, _SIZED.sub("", stem)) or re.fullmatch(
        r"(img|dsc|dscn|p|pict|image)[-_ ]?\d+", title.lower()
    )


def max_bytes():
    return getattr(settings, "NEWSROOM_MAX_UPLOAD_BYTES", 40 * 1024 * 1024)


class Files:
    """Reads attachments' files from a folder or a web address (or neither: each is missing)."""

    def __init__(self, media_dir=None, media_url=None, timeout=30):
        self.media_dir = Path(media_dir).resolve() if media_dir else None
        self.media_url = (media_url or "").rstrip("/")
        self.timeout = timeout

    def where(self, attachment):
        if not attachment.relative:
            raise Unavailable(
                f"the export gives no file under wp-content/uploads ({attachment.url})"
            )
        if self.media_dir:
            path = (self.media_dir / attachment.relative).resolve()
            if not path.is_relative_to(self.media_dir):
                raise Unavailable("its path leads outside --media-dir; refused")
            return path
        if self.media_url:
            return f"{self.media_url}/{quote(attachment.relative)}"
        raise Unavailable("neither --media-dir nor --media-url was given")

    def exists(self, attachment):
        """Whether the file can be had, without reading it (a dry run): True, or raises."""
        where = self.where(attachment)
        if isinstance(where, Path) and not where.is_file():
            raise Unavailable(f"no file {attachment.relative} in --media-dir")
        return True

    def read(self, attachment):
        """A ContentFile of the attachment's bytes; raises Unavailable saying why not."""
        where = self.where(attachment)
        limit = max_bytes()
        if isinstance(where, Path):
            try:
                if where.stat().st_size > limit:
                    raise Unavailable(f"the file is over {limit // 1_048_576} MB")
                data = where.read_bytes()
            except FileNotFoundError:
                raise Unavailable(f"no file {attachment.relative} in --media-dir") from None
            except OSError as error:
                raise Unavailable(f"it cannot be read ({error.strerror})") from None
        else:
            data = self._fetch(where, limit)
        return ContentFile(data, name=os.path.basename(attachment.relative))

    def _fetch(self, url, limit):
        request = Request(url, headers={"User-Agent": "Newsroom WordPress import"})
        try:
            with urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (http(s) only)
                data = response.read(limit + 1)
        except URLError as error:
            reason = getattr(error, "code", None) or getattr(error, "reason", error)
            raise Unavailable(f"fetching {url} failed ({reason})") from None
        except (TimeoutError, OSError) as error:
            raise Unavailable(f"fetching {url} failed ({error})") from None
        if len(data) > limit:
            raise Unavailable(f"the file is over {limit // 1_048_576} MB")
        return data


def check_media_url(value):
    """--media-url must be a web address (nothing else is fetched)."""
    if value and urlsplit(value).scheme not in ("http", "https"):
        raise ValueError(f"--media-url must start with http:// or https://, not “{value}”.")
    return value
