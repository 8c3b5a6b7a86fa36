"""IPTC IIM, the older block wire services still send: captions, bylines and credits as
datasets of record 2, in UTF-8 when the file says so (1:90), else in a Windows code page.
"""

import logging

from PIL import IptcImagePlugin

from .values import Found, decode_bytes, finish, parse_date

logger = logging.getLogger(__name__)

# The ISO 2022 escape a file puts in dataset 1:90 when its texts are UTF-8.
UTF8_ESCAPE = b"\x1b%G"

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


def read_iptc(image, notes):
    """{field: Found} from the IPTC block; a damaged block adds a note."""
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
            value = finish(name, texts(number))
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
