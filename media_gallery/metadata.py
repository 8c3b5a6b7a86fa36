"""Captions, credits and dates from the picture's own metadata: XMP, IPTC IIM and EXIF.

Wire photos (AP, Reuters, AFP) carry their caption, byline, credit line, source, copyright,
instructions, date and keywords inside the file. `read_metadata()` collects them, preferring XMP
over IPTC over EXIF where they differ (XMP is what current tools write and it is Unicode);
`apply_metadata()` fills only the Photo fields that are still empty and records, for each, where
the value came from.

XMP is parsed with the standard library's ElementTree, not Pillow's `getxmp()` (which needs
defusedxml, not installed): packets with a DOCTYPE or entity declarations, or over 2 MB, are
refused before parsing, so entity-expansion tricks never reach the parser.
"""

import logging
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import timezone as dt_timezone

from django.utils import timezone
from PIL import IptcImagePlugin

logger = logging.getLogger(__name__)

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
XMP_LIMIT = 2 * 1024 * 1024

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "exif": "http://ns.adobe.com/exif/1.0/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# field -> XMP properties, most specific first.
XMP_PROPERTIES = {
    "caption": ["dc:description"],
    "headline": ["photoshop:Headline"],
    "alt_text": ["Iptc4xmpCore:AltTextAccessibility"],
    "photographer_name": ["dc:creator"],
    "credit": ["photoshop:Credit"],
    "source": ["photoshop:Source"],
    "copyright": ["dc:rights"],
    "usage_terms": ["xmpRights:UsageTerms", "photoshop:Instructions"],
    "date_taken": ["photoshop:DateCreated", "exif:DateTimeOriginal", "xmp:CreateDate"],
    "keywords": ["dc:subject"],
}
# field -> IPTC IIM datasets (record 2) and their names.
IPTC_DATASETS = {
    "caption": [(120, "Caption-Abstract")],
    "headline": [(105, "Headline")],
    "photographer_name": [(80, "By-line")],
    "credit": [(110, "Credit")],
    "source": [(115, "Source")],
    "copyright": [(116, "Copyright Notice")],
    "usage_terms": [(40, "Special Instructions")],
    "keywords": [(25, "Keywords")],
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
UTF8_ESCAPE = b"\x1b%G"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\ufffe]")


@dataclass
class Found:
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


def _finish(name, values):
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


# --- XMP ------------------------------------------------------------------------------------


def xmp_packet(image):
    raw = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp")
    if not raw:
        return None
    return raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)


def _xmp_values(element):
    """The text(s) of one XMP property element: an Alt (x-default first), Seq, Bag or plain."""
    container = next(iter(element), None)
    if container is not None and container.tag in {
        f"{{{NS['rdf']}}}Alt",
        f"{{{NS['rdf']}}}Seq",
        f"{{{NS['rdf']}}}Bag",
    }:
        items = [li for li in container if li.tag == f"{{{NS['rdf']}}}li"]
        if container.tag.endswith("Alt"):
            items.sort(key=lambda li: li.get(XML_LANG, "") != "x-default")
            items = items[:1]
        return ["".join(li.itertext()) for li in items]
    return ["".join(element.itertext())]


def read_xmp(packet, notes):
    """{field: Found} from an XMP packet; an unreadable or unsafe packet adds a note."""
    if len(packet) > XMP_LIMIT:
        notes.append("The file's XMP block is unusually large and was not read.")
        return {}
    lowered = packet.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        notes.append("The file's XMP declares XML entities and was not read (unsafe).")
        return {}
    text = packet.rstrip(b"\x00 \n\r\t")
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        try:  # some writers put text around the packet; keep only <x:xmpmeta>..</x:xmpmeta>
            start = text.index(b"<x:xmpmeta")
            end = text.rindex(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")
            root = ElementTree.fromstring(text[start:end])
        except (ValueError, ElementTree.ParseError):
            notes.append("The file's XMP metadata is damaged and was not read.")
            return {}
    descriptions = list(root.iter(f"{{{NS['rdf']}}}Description"))

    def values_of(prefixed):
        prefix, local = prefixed.split(":")
        tag = f"{{{NS[prefix]}}}{local}"
        values = []
        for description in descriptions:
            if description.get(tag) is not None:  # the short form: an attribute
                values.append(description.get(tag))
            for element in description.findall(tag):
                values.extend(_xmp_values(element))
        return values

    found = {}
    for name, properties in XMP_PROPERTIES.items():
        if name == "usage_terms":  # terms and special instructions, together
            used = [prefixed for prefixed in properties if _finish(name, values_of(prefixed))]
            value = _finish(name, [v for prefixed in used for v in values_of(prefixed)])
            if value is not None:
                found[name] = Found(value, "XMP " + " + ".join(used))
            continue
        for prefixed in properties:
            value = _finish(name, values_of(prefixed))
            if value is not None:
                found[name] = Found(value, f"XMP {prefixed}")
                break
    return found


# --- IPTC IIM -------------------------------------------------------------------------------


def read_iptc(image, notes):
    try:
        info = IptcImagePlugin.getiptcinfo(image)
    except Exception:  # a damaged IPTC block must not stop the upload
        logger.info("Unreadable IPTC block", exc_info=True)
        notes.append("The file's IPTC block is damaged and was not read.")
        return {}
    if not info:
        return {}
    charset = info.get((1, 90))
    if isinstance(charset, list):
        charset = charset[0]
    utf8 = bool(charset) and charset.startswith(UTF8_ESCAPE)

    def texts(dataset):
        raw = info.get((2, dataset))
        if raw is None:
            return []
        return [decode_bytes(item, utf8) for item in (raw if isinstance(raw, list) else [raw])]

    found = {}
    for name, datasets in IPTC_DATASETS.items():
        for number, label in datasets:
            value = _finish(name, texts(number))
            if value is not None:
                found[name] = Found(value, f"IPTC 2:{number} {label}")
                break
    date = texts(55)
    if date:
        time = texts(60)
        moment = parse_date(date[0] + ("T" + time[0] if time else ""))
        if moment:
            source = "IPTC 2:55 Date Created" + (" + 2:60 Time Created" if time else "")
            found["date_taken"] = Found(moment, source)
    return found


# --- EXIF -----------------------------------------------------------------------------------

EXIF_IFD = 0x8769
EXIF_TEXT = {
    "caption": (0x010E, "ImageDescription"),
    "photographer_name": (0x013B, "Artist"),
    "copyright": (0x8298, "Copyright"),
}
# Windows' own tags, UTF-16: used only when nothing better is there.
EXIF_XP = {
    "caption": (0x9C9C, "XPComment"),
    "headline": (0x9C9B, "XPTitle"),
    "photographer_name": (0x9C9D, "XPAuthor"),
    "keywords": (0x9C9E, "XPKeywords"),
}


def _exif_text(value):
    """Pillow decodes EXIF ASCII as Latin-1; most software writes UTF-8 there. Undo that."""
    if isinstance(value, bytes):
        return decode_bytes(value)
    text = str(value)
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def _xp_text(value):
    if isinstance(value, tuple):
        value = bytes(value)
    if isinstance(value, bytes):
        return value.decode("utf-16-le", "replace").rstrip("\x00")
    return str(value)


def read_exif(image, notes):
    try:
        exif = image.getexif()
        sub = exif.get_ifd(EXIF_IFD)
    except Exception:
        logger.info("Unreadable EXIF block", exc_info=True)
        notes.append("The file's EXIF block is damaged and was not read.")
        return {}
    found = {}
    for name, (tag, label) in EXIF_TEXT.items():
        if tag in exif:
            value = _finish(name, [_exif_text(exif[tag])])
            if value is not None:
                found[name] = Found(value, f"EXIF {label}")
    for name, (tag, label) in EXIF_XP.items():
        if name not in found and tag in exif:
            value = _finish(name, [_xp_text(exif[tag])])
            if value is not None:
                found[name] = Found(value, f"EXIF {label}")
    if 0x9003 in sub:
        offset = sub.get(0x9011, "")
        moment = parse_date(f"{_exif_text(sub[0x9003])}{_exif_text(offset) if offset else ''}")
        if moment:
            found["date_taken"] = Found(moment, "EXIF DateTimeOriginal")
    return found


# --- together -------------------------------------------------------------------------------

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


def read_metadata(image):
    """Everything the file says about itself, XMP preferred, then IPTC, then EXIF."""
    metadata = FileMetadata()
    notes = metadata.notes
    packet = xmp_packet(image)
    xmp = read_xmp(packet, notes) if packet else {}
    iptc = read_iptc(image, notes)
    exif = read_exif(image, notes)
    for name in FIELDS:
        chosen = xmp.get(name) or iptc.get(name) or exif.get(name)
        if chosen is None:
            continue
        metadata.values[name] = chosen
        if name in xmp and name in iptc and xmp[name].value != iptc[name].value:
            notes.append(f"{LABELS[name]}: the file's XMP and IPTC differ; the XMP was used.")
    return metadata


def _is_empty(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _fit(photo, name, value, source, notes):
    """Trim a text to what the field holds, with a note saying so."""
    if not isinstance(value, str):
        return value
    limit = photo._meta.get_field(name).max_length or TEXT_LIMIT
    if len(value) <= limit:
        return value
    notes.append(f"{LABELS[name]} from {source} was {len(value)} characters; trimmed to {limit}.")
    return value[: limit - 1].rstrip() + "…"


def apply_metadata(photo, metadata):
    """Fill the photo's empty fields from the file; never touch what someone typed.

    Returns the names of the fields filled. Records each one's source in `metadata_sources`
    and adds the reading notes to `metadata_notes`. Links `photographer` to a Person only when
    exactly one Person has the creator's name; never creates people.
    """
    notes = list(metadata.notes)
    sources = dict(photo.metadata_sources or {})
    filled = []
    for name, found in metadata.values.items():
        if not _is_empty(getattr(photo, name)):
            continue
        setattr(photo, name, _fit(photo, name, found.value, found.source, notes))
        sources[name] = found.source
        filled.append(name)
    name = clean_text(photo.photographer_name, single_line=True)
    if name and photo.photographer_id is None and "photographer_name" in filled:
        person_model = photo._meta.get_field("photographer").related_model
        matches = list(person_model._default_manager.filter(name__iexact=name)[:2])
        if len(matches) == 1:
            photo.photographer = matches[0]
            sources["photographer"] = f"matched by name to {sources['photographer_name']}"
            filled.append("photographer")
    photo.metadata_sources = sources
    if notes:
        existing = photo.metadata_notes.strip()
        photo.metadata_notes = "\n".join(([existing] if existing else []) + notes)
    return filled
