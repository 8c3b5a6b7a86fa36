"""XMP, the metadata block current tools write (Unicode, RDF/XML): parsed with defusedxml,
which refuses a DOCTYPE and entity declarations inside the parser, whatever the packet's
encoding (an earlier byte-level guard was bypassed by UTF-16). Packets over 2 MB are not read.

XMP may be UTF-8, UTF-16 or UTF-32; the packet is decoded here first (the parser underneath,
expat, reads no UTF-32), so every encoding reaches the same parser as text.
"""

import codecs
import re
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from .values import Found, finish

XMP_LIMIT = 2 * 1024 * 1024

# How a packet begins ("<" or a byte-order mark) in each encoding XMP allows, longest first.
_STARTS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
]
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")

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


def decode_packet(packet):
    """The packet as text, its encoding told by its first bytes; its XML declaration (which
    names the encoding just undone) is dropped. Raises UnicodeDecodeError."""
    encoding = next((name for start, name in _STARTS if packet.startswith(start)), "utf-8")
    if encoding.startswith("utf-32"):
        packet = packet[: len(packet) - len(packet) % 4]
    elif encoding.startswith("utf-16"):
        packet = packet[: len(packet) - len(packet) % 2]
    text = packet.decode(encoding).lstrip("\ufeff")
    return _DECLARATION.sub("", text, count=1).rstrip("\x00 \n\r\t")


def _parse(text):
    """The element tree of the packet; forbids DOCTYPE, entities and external references."""
    return fromstring(text, forbid_dtd=True, forbid_entities=True, forbid_external=True)


def read_xmp(packet, notes):
    """{field: Found} from an XMP packet; an unreadable or unsafe packet adds a note."""
    if len(packet) > XMP_LIMIT:
        notes.append("The file's XMP block is unusually large and was not read.")
        return {}
    damaged = "The file's XMP metadata is damaged and was not read."
    try:
        text = decode_packet(packet)
    except UnicodeDecodeError:
        notes.append(damaged)
        return {}
    try:
        try:
            root = _parse(text)
        except ParseError:
            # Some writers put text around the packet; keep only <x:xmpmeta>..</x:xmpmeta>.
            start = text.index("<x:xmpmeta")
            end = text.rindex("</x:xmpmeta>") + len("</x:xmpmeta>")
            root = _parse(text[start:end])
    except DefusedXmlException:
        notes.append("The file's XMP declares XML entities and was not read (unsafe).")
        return {}
    except (ValueError, ParseError):
        notes.append(damaged)
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
            used = [prefixed for prefixed in properties if finish(name, values_of(prefixed))]
            value = finish(name, [v for prefixed in used for v in values_of(prefixed)])
            if value is not None:
                found[name] = Found(value, "XMP " + " + ".join(used))
            continue
        for prefixed in properties:
            value = finish(name, values_of(prefixed))
            if value is not None:
                found[name] = Found(value, f"XMP {prefixed}")
                break
    return found
