"""The rendition set: sizes, formats, focal-point crops, regeneration, and no location data."""

import io

import pytest
from PIL import Image, ImageCms

from media_gallery.models import Rendition
from media_gallery.renditions import CROPS, WIDTHS, generate_renditions
from media_gallery.services import ingest_photo, set_focal_point
from tests.factories import make_photo

from .files import exiftool_read, exiftool_write, find_colour, jpeg, marked_jpeg, upload

pytestmark = pytest.mark.django_db


def opened(rendition):
    with rendition.file.open("rb") as handle:
        picture = Image.open(io.BytesIO(handle.read()))
        picture.load()
    return picture


def profile_description(picture):
    profile = ImageCms.ImageCmsProfile(io.BytesIO(picture.info["icc_profile"]))
    return ImageCms.getProfileDescription(profile)


def sizes(photo, fmt="jpeg"):
    return {r.spec: (r.width, r.height) for r in photo.renditions.all() if r.format == fmt}


def test_full_set_of_widths_and_crops_in_webp_and_jpeg():
    photo = make_photo(3000, 2000)
    made = generate_renditions(photo)
    assert len(made) == (len(WIDTHS) + len(CROPS)) * 2
    for fmt in ("jpeg", "webp"):
        assert sizes(photo, fmt) == {
            "w320": (320, 213),
            "w640": (640, 427),
            "w960": (960, 640),
            "w1280": (1280, 853),
            "w1600": (1600, 1067),
            "w2048": (2048, 1365),
            "crop-16x9": (1200, 675),
            "crop-4x3": (1200, 900),
            "crop-1x1": (1200, 1200),
            "social": (1200, 630),
            "thumb": (160, 160),
        }
    for rendition in photo.renditions.all():
        picture = opened(rendition)
        assert picture.size == (rendition.width, rendition.height)
        assert picture.format == {"jpeg": "JPEG", "webp": "WEBP"}[rendition.format]
        assert "sRGB" in profile_description(picture)


def test_small_photo_is_never_upscaled():
    photo = make_photo(700, 500)
    generate_renditions(photo)
    jpegs = sizes(photo)
    assert set(jpegs) == {"w320", "w640", "crop-16x9", "crop-4x3", "crop-1x1", "social", "thumb"}
    assert jpegs["crop-1x1"] == (500, 500)
    assert jpegs["crop-16x9"] == (700, 394)
    assert jpegs["social"] == (700, 368)
    assert all(w <= 700 and h <= 500 for w, h in jpegs.values())


def test_avif_is_made_only_when_the_setting_is_on(settings):
    photo = make_photo(400, 300)
    generate_renditions(photo)
    assert not photo.renditions.filter(format="avif").exists()
    settings.NEWSROOM_AVIF = True
    generate_renditions(photo)
    avif = photo.renditions.get(spec="w320", format="avif")
    assert opened(avif).format == "AVIF"


@pytest.mark.parametrize(
    ("focal", "spec"),
    [((0.9, 0.5), "crop-1x1"), ((0.1, 0.2), "crop-1x1"), ((0.85, 0.15), "thumb")],
)
def test_focal_point_crop_contains_the_focal_point(focal, spec):
    # A red mark at the focal point of a wide picture: every square crop must contain it.
    data = marked_jpeg(3000, 1200, mark_at=focal)
    photo = ingest_photo(
        upload("mark.jpg", data), focal_x=focal[0], focal_y=focal[1], renditions="none"
    )
    generate_renditions(photo)
    crop = opened(photo.renditions.get(spec=spec, format="jpeg"))
    # The picture is 2.5 times wider than the square: a crop from the middle (900 to 2100
    # across) would miss every one of these marks.
    assert find_colour(crop, (255, 0, 0)) is not None


def test_focal_change_makes_new_files_and_deletes_the_old_ones(
    django_capture_on_commit_callbacks,
):
    photo = make_photo(1600, 900)
    generate_renditions(photo)
    old = {r.spec: r.file.name for r in photo.renditions.filter(format="jpeg")}
    storage = Rendition._meta.get_field("file").storage
    assert all(storage.exists(name) for name in old.values())

    with django_capture_on_commit_callbacks(execute=True):
        set_focal_point(photo, 0.9, 0.1)
    new = {r.spec: r.file.name for r in photo.renditions.filter(format="jpeg")}
    assert set(new) == set(old)
    assert not set(new.values()) & set(old.values())  # every name is new
    assert not any(storage.exists(name) for name in old.values())
    assert all(storage.exists(name) for name in new.values())


def test_gps_and_serial_numbers_never_reach_the_master_or_any_rendition(
    tmp_path, django_capture_on_commit_callbacks
):
    data = exiftool_write(
        jpeg(2400, 1600),
        "-GPSLatitude=33.5138",
        "-GPSLatitudeRef=N",
        "-GPSLongitude=36.2765",
        "-GPSLongitudeRef=E",
        "-XMP-exif:GPSLatitude=33.5138 N",
        "-XMP-exif:GPSLongitude=36.2765 E",
        "-SerialNumber=CAM-0042",
        "-EXIF:BodySerialNumber=BODY-0042",
        "-XMP-aux:SerialNumber=AUX-0042",
        "-IPTC:City=Damascus",
        "-XMP-iptcCore:Location=Safe house, Damascus",
        tmp_path=tmp_path,
    )
    assert any("GPS" in key for key in exiftool_read(data, tmp_path))  # the upload has them
    with django_capture_on_commit_callbacks(execute=True):
        photo = ingest_photo(upload("source.jpg", data))
    files = [photo.image, *(r.file for r in photo.renditions.all())]
    assert len(files) == 1 + (len(WIDTHS) + len(CROPS)) * 2
    for field_file in files:
        with field_file.open("rb") as handle:
            stored = handle.read()
        picture = Image.open(io.BytesIO(stored))
        exif = picture.getexif()
        assert not exif.get_ifd(0x8825)  # no GPS IFD
        assert not any(key in picture.info for key in ("exif", "xmp", "photoshop"))
        tags = exiftool_read(stored, tmp_path, suffix="." + field_file.name.rsplit(".", 1)[1])
        found = [
            key for key in tags if any(w in key for w in ("GPS", "Serial", "Location", "City"))
        ]
        assert found == [], f"{field_file.name} still carries {found}"
        assert b"0042" not in stored and b"Damascus" not in stored


def test_renditions_of_a_photo_whose_file_changed_meanwhile_are_not_swapped_in():
    photo = make_photo(1000, 700)
    earlier = {r.pk for r in generate_renditions(photo)}
    stale = type(photo).objects.get(pk=photo.pk)
    type(photo).objects.filter(pk=photo.pk).update(focal_x=0.2)  # another desk moved it
    assert generate_renditions(stale) == []
    # The earlier set stays until the move's own set is made; no stray files are left.
    assert set(photo.renditions.values_list("pk", flat=True)) == earlier
    storage = photo.image.storage
    _dirs, names = storage.listdir(f"renditions/{photo.pk}")
    assert len(names) == len(earlier)
