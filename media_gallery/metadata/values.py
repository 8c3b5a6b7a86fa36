"""What a value read from a picture's metadata becomes in a Photo field, whichever block it
came from: the fields the file can fill and their labels, text made safe to store, wire bytes
decoded, dates read, keywords split, camera boilerplate dropped.

The readers of each block (`xmp`, `iptc`, `exif`) turn their raw texts into field values with
`finish()`.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import timezone as dt_timezone

from django.utils import timezone

# Photo fields the file can fill, in the order the admin shows them.
FIELDS = [
    "headline",
    "caption",
    "alt_text",
    "credit",
    "photographer_name",
    "source",
    "copyright",
    "usage_terms",
    "date_taken",
    "keywords",
]
# Fields written on one line (a newline in a wire credit is noise).
SINGLE_LINE = {"headline", "alt_text", "credit", "photographer_name", "source", "copyright"}
# TextFields have no max_length; a caption longer than this is not a caption.
TEXT_LIMIT = 10_000
KEYWORD_LIMIT = 100  # characters in one keyword
KEYWORDS_MAX = 200  # keywords kept from one file
# What the desk calls each field, in notes and on the photo page.
LABELS = {
    "headline": "Headline",
    "caption": "Caption",
    "alt_text": "Alt text",
    "credit": "Credit line",
    "photographer_name": "Photographer",
    "source": "Source",
    "copyright": "Copyright",
    "usage_terms": "Usage terms",
    "date_taken": "Date taken",
    "keywords": "Keywords",
}

# Captions cameras write by themselves; not a caption anyone should publish.
CAMERA_BOILERPLATE = {
    "olympus digital camera",
    "sony dsc",
    "digital camera",
    "default",
    "camera",
    "sanyo digital camera",
    "minolta digital camera",
    "kodak digital still camera",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\ufffe]")


@dataclass
class Found:
    """One field's value and where in the file it was read ("XMP photoshop:Credit")."""

    value: object
    source: str


@dataclass
class FileMetadata:
    """What the file says, one value per Photo field, with where it was read."""

    values: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)


def clean_text(value, single_line=False):
    """Text safe to store: null bytes and control characters dropped, newlines normalised."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    if single_line:
        return " ".join(text.split())
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def decode_bytes(raw, utf8=False):
    """Bytes from a wire file as text: UTF-8 when declared or valid, else Windows-1252/Latin-1."""
    if isinstance(raw, str):
        return raw
    if utf8:
        return raw.decode("utf-8", "replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def parse_date(text):
    """An aware datetime from an ISO 8601, EXIF ("2012:12:26 10:15:00") or IPTC date, or None.

    A date or time without an offset is taken in the newsroom's time zone.
    """
    text = clean_text(text, single_line=True)
    match = re.fullmatch(
        r"(\d{4})(?:[-:]?(\d{2})(?:[-:]?(\d{2})"
        r"(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?)?)?)?"
        r"\s*(Z|[+-]\d{2}:?\d{2})?",
        text,
    )
    if not match:
        return None
    year, month, day, hour, minute, second, offset = match.groups()
    try:
        moment = datetime(
            int(year),
            int(month or 1),
            int(day or 1),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
        )
    except ValueError:
        return None
    if not 1826 <= moment.year <= timezone.now().year + 1:
        return None
    if offset:
        if offset == "Z":
            zone = UTC
        else:
            sign = -1 if offset[0] == "-" else 1
            digits = offset[1:].replace(":", "")
            zone = dt_timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
        return moment.replace(tzinfo=zone)
    return timezone.make_aware(moment, timezone.get_default_timezone())


def _keyword_list(values):
    seen, result = set(), []
    for value in values:
        for part in re.split(r"[;\n]", str(value)) if ";" in str(value) else [value]:
            keyword = clean_text(part, single_line=True)[:KEYWORD_LIMIT]
            if keyword and keyword.lower() not in seen:
                seen.add(keyword.lower())
                result.append(keyword)
    return result[:KEYWORDS_MAX]


def finish(name, values):
    """One field's value from the raw text(s) a source holds, or None when it says nothing."""
    if name == "keywords":
        keywords = _keyword_list(values)
        return "\n".join(keywords) or None
    if name == "date_taken":
        for value in values:
            moment = parse_date(value)
            if moment:
                return moment
        return None
    texts = [clean_text(value, name in SINGLE_LINE) for value in values]
    texts = [text for text in texts if text]
    if name == "photographer_name":
        return ", ".join(dict.fromkeys(texts)) or None
    if name == "usage_terms":
        return "\n".join(dict.fromkeys(texts)) or None
    if name == "caption" and texts and texts[0].lower() in CAMERA_BOILERPLATE:
        return None
    return texts[0] if texts else None
