"""XMP, the metadata block current tools write (Unicode, RDF/XML): read with the standard
library's ElementTree, not Pillow's `getxmp()` (which needs defusedxml, not installed).

Packets with a DOCTYPE or entity declarations, or over 2 MB, are refused before parsing, so
entity-expansion tricks never reach the parser.
"""

import xml.etree.ElementTree as ElementTree

from .values import Found, finish

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
