"""EXIF, the camera's own block: its description, artist and copyright, Windows' XP tags
(UTF-16) where nothing better is there, and the moment the picture was taken.
"""

import logging

from .values import Found, decode_bytes, finish, parse_date

logger = logging.getLogger(__name__)

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
    """{field: Found} from the EXIF block; a damaged block adds a note."""
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
            value = finish(name, [_exif_text(exif[tag])])
            if value is not None:
                found[name] = Found(value, f"EXIF {label}")
    for name, (tag, label) in EXIF_XP.items():
        if name not in found and tag in exif:
            value = finish(name, [_xp_text(exif[tag])])
            if value is not None:
                found[name] = Found(value, f"EXIF {label}")
    if 0x9003 in sub:
        offset = sub.get(0x9011, "")
        moment = parse_date(f"{_exif_text(sub[0x9003])}{_exif_text(offset) if offset else ''}")
        if moment:
            found["date_taken"] = Found(moment, "EXIF DateTimeOriginal")
    return found
