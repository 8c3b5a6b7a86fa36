"""XMP is parsed by defusedxml: a DOCTYPE or entity declaration is refused by the parser in
every encoding XMP may use (UTF-8, UTF-16, UTF-32), so no packet can expand into a huge
caption; clean packets in those encodings are read as usual."""

import io
import time

import pytest
from PIL import Image

from media_gallery.metadata import read_metadata, read_xmp
from media_gallery.services import ingest_photo

from .files import upload

RDF = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="{credit}">'
    '<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{caption}</rdf:li></rdf:Alt>'
    "</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"
)
# 1 KB that expands to 180,000 characters: what the review got through the old guard.
EXPANDING = (
    '<!DOCTYPE x [<!ENTITY a "{a}"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
).format(a="x" * 180)
BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10 if n > 1 else "&lol;" * 10}">'
        for n in range(1, 10)
    )
    + "]>"
)


def packet(encoding, *, doctype="", caption="A caption", credit="AP Photo"):
    declaration = f'<?xml version="1.0" encoding="{encoding.upper()}"?>'
    text = declaration + doctype + RDF.format(caption=caption, credit=credit)
    return text.encode(encoding)  # utf-16 and utf-32 write their byte-order mark


ENCODINGS = ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_clean_packet_is_read_in_every_encoding(encoding):
    notes = []
    data = packet(encoding, caption="Rebels in Aleppo", credit="AP Photo/Narciso Contreras")
    # utf-16-le and the like carry no byte-order mark: recognised by how "<?xml" is spelled.
    found = read_xmp(data, notes)
    assert found["caption"].value == "Rebels in Aleppo", notes
    assert found["credit"].value == "AP Photo/Narciso Contreras"


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("doctype", [EXPANDING, BILLION_LAUGHS], ids=["expanding", "laughs"])
def test_entity_declarations_are_refused_in_every_encoding(encoding, doctype):
    notes = []
    data = packet(encoding, doctype=doctype, caption="&d;" if doctype == EXPANDING else "&lol9;")
    assert len(data) < 6000
    started = time.monotonic()
    found = read_xmp(data, notes)
    assert time.monotonic() - started < 1
    assert "caption" not in found and "credit" not in found
    assert "The file's XMP declares XML entities and was not read (unsafe)." in notes


def test_a_utf16_packet_with_entities_in_an_upload_does_not_expand(db):
    data = packet("utf-16", doctype=EXPANDING, caption="&d;")
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, "JPEG", xmp=data)
    picture = Image.open(io.BytesIO(buffer.getvalue()))
    assert picture.info["xmp"] == data
    found = read_metadata(picture)
    assert "caption" not in found.values
    photo = ingest_photo(upload("wire.jpg", buffer.getvalue()), renditions="none")
    assert photo.caption == ""
    assert "not read (unsafe)" in photo.metadata_notes
