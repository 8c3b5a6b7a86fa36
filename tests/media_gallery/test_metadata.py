"""Captions from the file: IPTC, XMP and EXIF written by exiftool, read into the Photo's fields."""

from datetime import datetime, timedelta, timezone

import pytest
from taggit.models import Tag

from media_gallery.services import ingest_photo
from tests.factories import make_person

from .files import exiftool_write, jpeg, upload

pytestmark = pytest.mark.django_db

UTF8_CAPTION = "Démonstrateurs à Hama, Syrie — «Liberté» ; 叙利亚 protesters near the café"


def ingest(data, **fields):
    return ingest_photo(upload("wire.jpg", data), renditions="none", **fields)


def test_iptc_utf8_caption_round_trips_into_the_fields(tmp_path):
    data = exiftool_write(
        jpeg(),
        "-charset",
        "iptc=UTF8",
        "-IPTC:CodedCharacterSet=UTF8",
        f"-IPTC:Caption-Abstract={UTF8_CAPTION}",
        "-IPTC:Headline=Syrian general defects",
        "-IPTC:By-line=Hussein Malla",
        "-IPTC:Credit=Al Arabiya TV via AP",
        "-IPTC:Source=AP",
        "-IPTC:CopyrightNotice=Copyright 2012 The Associated Press",
        "-IPTC:SpecialInstructions=NO SALES",
        "-IPTC:DateCreated=20121226",
        "-IPTC:TimeCreated=101500-0500",
        "-IPTC:Keywords=Syria",
        "-IPTC:Keywords=Defection",
        tmp_path=tmp_path,
    )
    photo = ingest(data)
    photo.refresh_from_db()
    assert photo.caption == UTF8_CAPTION
    assert photo.headline == "Syrian general defects"
    assert photo.photographer_name == "Hussein Malla"
    assert photo.credit == "Al Arabiya TV via AP"
    assert photo.source == "AP"
    assert photo.copyright == "Copyright 2012 The Associated Press"
    assert photo.usage_terms == "NO SALES"
    assert photo.date_taken == datetime(2012, 12, 26, 10, 15, tzinfo=timezone(timedelta(hours=-5)))
    assert photo.keywords == "Syria\nDefection"
    assert photo.metadata_sources["caption"] == "IPTC 2:120 Caption-Abstract"
    assert photo.metadata_sources["credit"] == "IPTC 2:110 Credit"


def test_iptc_latin1_caption_without_a_declared_charset_is_decoded(tmp_path):
    data = exiftool_write(
        jpeg(),
        "-charset",
        "iptc=Latin",
        "-IPTC:Caption-Abstract=Café in Zürich, naïve façade",
        tmp_path=tmp_path,
    )
    assert b"Caf\xe9 in Z\xfcrich" in data  # really Latin-1 bytes in the file
    assert ingest(data).caption == "Café in Zürich, naïve façade"


def test_xmp_is_preferred_when_it_differs_from_iptc(tmp_path):
    data = exiftool_write(
        jpeg(),
        "-IPTC:Caption-Abstract=Old IPTC caption",
        "-XMP-dc:Description=Corrected XMP caption",
        "-IPTC:Credit=AP",
        "-XMP-photoshop:Credit=AP Photo/Hussein Malla",
        "-XMP-dc:Subject=Syria",
        "-XMP-dc:Subject=Beirut",
        tmp_path=tmp_path,
    )
    photo = ingest(data)
    assert photo.caption == "Corrected XMP caption"
    assert photo.credit == "AP Photo/Hussein Malla"
    assert photo.keywords == "Syria\nBeirut"
    assert photo.metadata_sources["caption"] == "XMP dc:description"
    assert "Caption: the file's XMP and IPTC differ; the XMP was used." in photo.metadata_notes


def test_typed_fields_are_never_overwritten_by_the_file(tmp_path):
    data = exiftool_write(
        jpeg(),
        "-XMP-dc:Description=Caption from the wire",
        "-XMP-photoshop:Credit=Wire credit",
        "-XMP-photoshop:Headline=Wire headline",
        tmp_path=tmp_path,
    )
    photo = ingest(data, caption="The desk's own caption.", credit="Staff photo")
    assert photo.caption == "The desk's own caption."
    assert photo.credit == "Staff photo"
    assert photo.headline == "Wire headline"  # empty, so filled
    assert set(photo.metadata_sources) == {"headline"}


def test_exif_description_artist_and_copyright_fill_what_iptc_and_xmp_leave(tmp_path):
    data = exiftool_write(
        jpeg(),
        "-EXIF:ImageDescription=Smoke rises over Homs",
        "-EXIF:Artist=Rami Jarrah",
        "-EXIF:Copyright=© 2012 Rami Jarrah",
        "-EXIF:DateTimeOriginal=2012:12:20 08:30:00",
        tmp_path=tmp_path,
    )
    photo = ingest(data)
    assert photo.caption == "Smoke rises over Homs"
    assert photo.photographer_name == "Rami Jarrah"
    assert photo.copyright == "© 2012 Rami Jarrah"  # UTF-8 in an EXIF ASCII tag, decoded
    assert photo.date_taken.year == 2012 and photo.metadata_sources["date_taken"] == (
        "EXIF DateTimeOriginal"
    )


def test_null_bytes_are_dropped_and_overlong_values_trimmed_with_a_note(tmp_path):
    caption_file = tmp_path / "caption.bin"
    caption_file.write_bytes(b"Hama\x00 protest\x00")
    long_headline = "Syria " * 70  # 420 characters; the field holds 255
    data = exiftool_write(
        jpeg(),
        f"-IPTC:Caption-Abstract<={caption_file}",
        f"-XMP-photoshop:Headline={long_headline}",
        tmp_path=tmp_path,
    )
    photo = ingest(data)
    photo.refresh_from_db()
    assert photo.caption == "Hama protest"
    assert len(photo.headline) == 255 and photo.headline.endswith("…")
    assert "Headline from XMP photoshop:Headline was 419 characters; trimmed to 255." in (
        photo.metadata_notes
    )


def test_creator_links_a_person_only_when_exactly_one_has_that_name(tmp_path):
    data = exiftool_write(jpeg(), "-XMP-dc:Creator=Hussein Malla", tmp_path=tmp_path)
    assert ingest(data).photographer is None  # nobody by that name: nobody created

    person = make_person("Hussein Malla")
    photo = ingest(data)
    assert photo.photographer == person
    assert photo.photographer_name == "Hussein Malla"
    assert photo.metadata_sources["photographer"] == "matched by name to XMP dc:creator"

    make_person("Hussein Malla")  # two people share the name: no guess
    assert ingest(data).photographer is None
    assert person._meta.model.objects.filter(name="Hussein Malla").count() == 2


def test_wire_keywords_stay_on_the_photo_and_make_no_reader_tags(tmp_path):
    data = exiftool_write(
        jpeg(),
        "-IPTC:Keywords=Syria",
        "-IPTC:Keywords=syria",
        "-IPTC:Keywords=War",
        tmp_path=tmp_path,
    )
    photo = ingest(data)
    assert photo.keywords == "Syria\nWar"
    assert not Tag.objects.exists()


def test_camera_boilerplate_is_not_taken_for_a_caption(tmp_path):
    data = exiftool_write(
        jpeg(), "-EXIF:ImageDescription=OLYMPUS DIGITAL CAMERA", tmp_path=tmp_path
    )
    assert ingest(data).caption == ""


def test_xmp_with_entity_declarations_is_not_parsed(tmp_path):
    from PIL import Image

    from media_gallery.metadata import read_metadata

    packet = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
        b'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="&b;"/>'
        b"</rdf:RDF></x:xmpmeta>"
    )
    picture = Image.new("RGB", (10, 10))
    picture.info["xmp"] = packet
    found = read_metadata(picture)
    assert "credit" not in found.values
    assert "The file's XMP declares XML entities and was not read (unsafe)." in found.notes
