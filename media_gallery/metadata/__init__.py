"""Captions, credits and dates from the picture's own metadata: XMP, IPTC IIM and EXIF.

Wire photos (AP, Reuters, AFP) carry their caption, byline, credit line, source, copyright,
instructions, date and keywords inside the file. `read_metadata()` collects them, preferring XMP
over IPTC over EXIF where they differ (XMP is what current tools write and it is Unicode);
`apply_metadata()` fills only the Photo fields that are still empty and records, for each, where
the value came from.

Each block has its reader: `xmp` (parsed safely: no entities, no huge packets), `iptc` and
`exif`; `values` says what their raw texts become in a Photo field. The names other modules
use are all importable from here.
"""

from .exif import read_exif
from .iptc import read_iptc
from .values import (
    FIELDS,
    LABELS,
    TEXT_LIMIT,
    FileMetadata,
    Found,
    clean_text,
    decode_bytes,
    parse_date,
)
from .xmp import read_xmp, xmp_packet

__all__ = [
    "FIELDS",
    "LABELS",
    "FileMetadata",
    "Found",
    "apply_metadata",
    "clean_text",
    "decode_bytes",
    "parse_date",
    "read_exif",
    "read_iptc",
    "read_metadata",
    "read_xmp",
    "xmp_packet",
]


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
