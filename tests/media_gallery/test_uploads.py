"""Uploads that cannot hurt us: every refusal with a real crafted file, and the cleaned master."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, ImageCms

from media_gallery.models import Photo
from media_gallery.services import ingest_photo

from .files import (
    SVG,
    animated_gif,
    find_colour,
    heic,
    jpeg,
    jpeg_with_orientation,
    png_header_only,
    upload,
    wide_gamut_icc,
)

pytestmark = pytest.mark.django_db


def stored_files(root):
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def refused(media_in_tmp, name, data):
    """Upload `data` as `name`; return the refusal message, checking nothing was stored."""
    with pytest.raises(ValidationError) as refusal:
        ingest_photo(upload(name, data))
    assert Photo.objects.count() == 0
    assert stored_files(media_in_tmp) == []
    return " ".join(refusal.value.messages)


def test_decompression_bomb_is_refused_from_its_header_with_its_size(media_in_tmp):
    message = refused(media_in_tmp, "bomb.png", png_header_only(30000, 30000))
    assert message.startswith("This image is 30000×30000 pixels; the limit is 60 megapixels.")


def test_image_over_the_pixel_limit_is_refused_before_decoding(media_in_tmp):
    # The header says 9000×9000 (81 MP) but holds almost no data: had it been decoded, the
    # refusal would say "damaged"; it says "too many pixels", so it came from the header.
    message = refused(media_in_tmp, "big.png", png_header_only(9000, 9000))
    assert "This image is 9000×9000 pixels; the limit is 60 megapixels." in message


def test_pixel_limit_follows_the_setting(media_in_tmp, settings):
    settings.NEWSROOM_MAX_IMAGE_PIXELS = 400_000
    message = refused(media_in_tmp, "wide.jpg", jpeg(1000, 500))
    assert "This image is 1000×500 pixels; the limit is 0.4 megapixels." in message


def test_svg_is_refused(media_in_tmp):
    assert "SVG drawings are not accepted" in refused(media_in_tmp, "logo.svg", SVG)


def test_svg_renamed_as_jpeg_is_refused(media_in_tmp):
    assert "SVG drawings are not accepted" in refused(media_in_tmp, "logo.jpg", SVG)


def test_truncated_jpeg_is_refused(media_in_tmp):
    data = jpeg(1200, 900)
    message = refused(media_in_tmp, "cut.jpg", data[: len(data) // 2])
    assert "“cut.jpg” is incomplete or damaged" in message


def test_png_named_jpg_is_refused(media_in_tmp):
    data = io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(data, "PNG")
    message = refused(media_in_tmp, "holiday.jpg", data.getvalue())
    assert "“holiday.jpg” is named .jpg but it is a PNG image. Rename it to .png" in message


def test_file_over_the_size_limit_is_refused(media_in_tmp, settings):
    settings.NEWSROOM_MAX_UPLOAD_BYTES = 10_000
    data = jpeg(800, 600)
    assert len(data) > 10_000
    message = refused(media_in_tmp, "big.jpg", data)
    assert "the limit is" in message and "Export a smaller version" in message


def test_text_file_named_jpg_is_refused(media_in_tmp):
    message = refused(media_in_tmp, "notes.jpg", b"Call the desk at 5 p.m.\n")
    assert "is not a picture we can read" in message


def test_empty_file_is_refused(media_in_tmp):
    assert "The file is empty" in refused(media_in_tmp, "empty.jpg", b"")


def test_tiff_is_refused_as_a_format_we_do_not_take(media_in_tmp):
    data = io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(data, "TIFF")
    assert "TIFF files are not accepted" in refused(media_in_tmp, "scan.tif", data.getvalue())


@pytest.mark.parametrize(
    ("name", "format", "stored_as"),
    [
        ("a.jpg", "JPEG", "jpg"),
        ("a.png", "PNG", "png"),
        ("a.webp", "WEBP", "webp"),
        ("a.avif", "AVIF", "jpg"),
    ],
)
def test_accepted_formats_are_stored_as_a_cleaned_master(name, format, stored_as):
    data = io.BytesIO()
    Image.new("RGB", (320, 240), (10, 120, 200)).save(data, format)
    photo = ingest_photo(upload(name, data.getvalue()), renditions="none")
    assert photo.image.name.endswith(f".{stored_as}")
    assert (photo.width, photo.height) == (320, 240)
    with photo.image.open("rb") as handle:
        assert Image.open(handle).size == (320, 240)


def test_heic_from_a_phone_becomes_a_jpeg_master():
    photo = ingest_photo(upload("IMG_0042.HEIC", heic(320, 240)), renditions="none")
    assert photo.image.name.endswith(".jpg")
    with photo.image.open("rb") as handle:
        master = Image.open(handle)
        assert master.format == "JPEG" and master.size == (320, 240)


def test_gif_keeps_its_first_frame():
    photo = ingest_photo(upload("flash.gif", animated_gif()), renditions="none")
    with photo.image.open("rb") as handle:
        master = Image.open(handle).convert("RGB")
    red, green, blue = master.getpixel((10, 10))
    assert red > 200 and blue < 50


def test_stored_name_is_random_and_does_not_repeat_the_uploaders_file_name():
    first = ingest_photo(upload("source-home-address.jpg", jpeg()), renditions="none")
    second = ingest_photo(upload("source-home-address.jpg", jpeg()), renditions="none")
    assert "source" not in first.image.name and "address" not in first.image.name
    assert first.image.name != second.image.name
    assert first.original_filename == "source-home-address.jpg"


def test_exif_orientation_is_applied_to_the_master():
    # Orientation 6: the camera was turned; shown upright, the picture is rotated 90° clockwise,
    # so a mark at the top left of the stored pixels appears at the top right.
    photo = ingest_photo(
        upload("turned.jpg", jpeg_with_orientation(6, 600, 400, mark_at=(0.1, 0.1))),
        renditions="none",
    )
    assert (photo.width, photo.height) == (400, 600)
    with photo.image.open("rb") as handle:
        master = Image.open(handle)
        master.load()
    assert master.size == (400, 600)
    assert master.getexif().get(0x0112) is None
    x, y = find_colour(master, (255, 0, 0))
    assert x > 0.8 and y < 0.2


def test_master_is_converted_to_srgb_from_its_icc_profile():
    profile = wide_gamut_icc()
    source = Image.new("RGB", (64, 64), (128, 64, 32))
    data = io.BytesIO()
    source.save(data, "PNG", icc_profile=profile)
    expected = ImageCms.profileToProfile(
        source,
        ImageCms.ImageCmsProfile(io.BytesIO(profile)),
        ImageCms.createProfile("sRGB"),
        renderingIntent=ImageCms.Intent.PERCEPTUAL,
    ).getpixel((5, 5))

    photo = ingest_photo(upload("wide.png", data.getvalue()), renditions="none")
    with photo.image.open("rb") as handle:
        master = Image.open(handle)
        master.load()
    stored = master.convert("RGB").getpixel((5, 5))
    assert stored != (128, 64, 32)
    assert all(abs(a - b) <= 2 for a, b in zip(stored, expected, strict=True))
    description = ImageCms.getProfileDescription(
        ImageCms.ImageCmsProfile(io.BytesIO(master.info["icc_profile"]))
    )
    assert "sRGB" in description


def test_original_is_kept_privately_only_when_the_setting_says_so(settings, media_in_tmp):
    data = jpeg()
    photo = ingest_photo(upload("wire.jpg", data), renditions="none")
    assert not photo.original

    settings.NEWSROOM_KEEP_ORIGINALS = True
    photo = ingest_photo(upload("wire.jpg", data), renditions="none")
    assert photo.original
    with photo.original.open("rb") as handle:
        assert handle.read() == data
    original_path = settings.NEWSROOM_ORIGINALS_ROOT / photo.original.name
    assert original_path.is_file()
    assert media_in_tmp not in original_path.parents  # never under the public media folder
    assert photo.original.storage.base_url is None


def test_typed_fields_and_the_uploader_are_kept():
    from tests.factories import make_user

    user = make_user()
    photo = ingest_photo(
        upload("a.jpg", jpeg()), user=user, caption="Typed by the desk.", renditions="none"
    )
    photo.refresh_from_db()
    assert photo.caption == "Typed by the desk."
    assert photo.uploaded_by == user and photo.created_by == user


def test_invalid_typed_field_is_refused_and_nothing_is_stored(media_in_tmp):
    with pytest.raises(ValidationError):
        ingest_photo(upload("a.jpg", jpeg()), focal_x=3)
    assert Photo.objects.count() == 0
    assert stored_files(media_in_tmp) == []
