"""What happens to an uploaded picture before anything is stored: checks, then cleaning.

`check_upload()` refuses, with a message a photo editor understands, anything that is not a
picture we can safely read: wrong or missing type, SVG, a name that lies about the content,
truncated or damaged data, too many pixels (refused from the header, before decoding, so a
decompression bomb never reaches memory) or too many bytes.

`clean_master()` turns an accepted picture into the master Newsroom stores: EXIF orientation
applied, converted to sRGB, re-encoded so that no EXIF, XMP, IPTC, GPS or serial number survives.
"""

import io
import os
import re
import warnings
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, ImageFile, UnidentifiedImageError

from . import imaging

try:  # HEIC/HEIF from phones; pillow-heif is a dependency, but a missing build must not crash.
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - depends on the installed wheels
    pass

# Never decode a partial file as if it were whole.
ImageFile.LOAD_TRUNCATED_IMAGES = False

# Extension -> the Pillow formats whose content may carry it. MPO is how Pillow names the
# JPEGs many cameras write (a JPEG with a second, preview picture).
EXTENSIONS = {
    "jpg": {"JPEG", "MPO"},
    "jpeg": {"JPEG", "MPO"},
    "jpe": {"JPEG", "MPO"},
    "jfif": {"JPEG", "MPO"},
    "png": {"PNG"},
    "webp": {"WEBP"},
    "gif": {"GIF"},
    "avif": {"AVIF"},
    "heic": {"HEIF"},
    "heif": {"HEIF"},
}
# The names people know these formats by, for messages.
FORMAT_NAMES = {
    "JPEG": "JPEG",
    "MPO": "JPEG",
    "PNG": "PNG",
    "WEBP": "WebP",
    "GIF": "GIF",
    "AVIF": "AVIF",
    "HEIF": "HEIC",
    "TIFF": "TIFF",
    "BMP": "BMP",
    "PSD": "Photoshop",
    "JPEG2000": "JPEG 2000",
    "ICO": "icon",
}
ACCEPTED = "JPEG, PNG, WebP, GIF, AVIF or HEIC"
PREFERRED_EXTENSION = {
    "JPEG": "jpg",
    "MPO": "jpg",
    "PNG": "png",
    "WEBP": "webp",
    "GIF": "gif",
    "AVIF": "avif",
    "HEIF": "heic",
}
_SVG_SNIFF = re.compile(rb"<svg[\s>]", re.IGNORECASE)
# Above this many pixels a picture is "large": its master is written without the memory-hungry
# JPEG optimisation, and a single upload's renditions go to the background worker.
LARGE_PICTURE_PIXELS = 16_000_000


def large_picture_pixels():
    return int(getattr(settings, "NEWSROOM_LARGE_PICTURE_PIXELS", LARGE_PICTURE_PIXELS))


@dataclass
class CheckedUpload:
    """An accepted upload: its bytes, what it is, and the picture opened (header read)."""

    name: str
    data: bytes
    format: str
    width: int
    height: int
    image: Image.Image = field(repr=False)
    notes: list = field(default_factory=list)

    @property
    def extension(self):
        return PREFERRED_EXTENSION[self.format]


def max_pixels():
    return int(getattr(settings, "NEWSROOM_MAX_IMAGE_PIXELS", 60_000_000))


def max_bytes():
    return int(getattr(settings, "NEWSROOM_MAX_UPLOAD_BYTES", 40 * 1024 * 1024))


def megapixels(pixels):
    value = pixels / 1_000_000
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


def megabytes(size):
    value = size / (1024 * 1024)
    return f"{value:.0f} MB" if value >= 10 or value == int(value) else f"{value:.1f} MB"


def _too_many_pixels(width, height):
    return ValidationError(
        f"This image is {width}×{height} pixels; the limit is {megapixels(max_pixels())} "
        "megapixels. Export a smaller version and upload that.",
        code="too_many_pixels",
    )


def _header_size(data):
    """The size a picture's header declares, read by the format plugins without Pillow's
    decompression-bomb check (which refuses to return it). Only for the refusal message."""
    Image.init()
    for format_id in Image.ID:
        factory, accept = Image.OPEN[format_id]
        try:
            if accept and not accept(data[:16]):
                continue
            return factory(io.BytesIO(data), "").size
        except Exception:  # not this format; try the next, as Image.open does
            continue
    return ("?", "?")


def _read_all(uploaded_file):
    limit = max_bytes()
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            f"This file is {megabytes(size)}; the limit is {megabytes(limit)}. "
            "Export a smaller version and upload that.",
            code="too_large",
        )
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    data = uploaded_file.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            f"This file is over the {megabytes(limit)} limit. Export a smaller version and upload "
            "that.",
            code="too_large",
        )
    if not data:
        raise ValidationError("The file is empty. Upload it again.", code="empty")
    return data


def check_upload(uploaded_file):
    """Check an uploaded picture and decode it; raise ValidationError saying why not.

    Returns a CheckedUpload whose `image` is the fully decoded first frame. Nothing is stored.
    """
    name = os.path.basename(getattr(uploaded_file, "name", "") or "")
    data = _read_all(uploaded_file)
    extension = os.path.splitext(name)[1].lower().lstrip(".")

    head = data[:4096].lstrip()
    if extension in ("svg", "svgz") or (head.startswith(b"<") and _SVG_SNIFF.search(head)):
        raise ValidationError(
            f"SVG drawings are not accepted as photos (they can carry scripts). Upload a {ACCEPTED} "
            "file; for a graphic, export it as PNG.",
            code="svg",
        )

    # Open reads only the header: the size is known before a single pixel is decoded.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except Image.DecompressionBombError as error:
            raise _too_many_pixels(*_header_size(data)) from error
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise ValidationError(
                f"“{name or 'This file'}” is not a picture we can read. Upload a {ACCEPTED} file.",
                code="not_an_image",
            ) from error

    width, height = image.size
    if (
        width * height > max_pixels()
        or any(issubclass(w.category, Image.DecompressionBombWarning) for w in caught)
        or width < 1
        or height < 1
    ):
        raise _too_many_pixels(width, height)

    kind = image.format
    if kind not in {fmt for formats in EXTENSIONS.values() for fmt in formats}:
        known = FORMAT_NAMES.get(kind, kind or "unknown")
        raise ValidationError(
            f"{known} files are not accepted. Upload a {ACCEPTED} file.", code="format"
        )
    if extension not in EXTENSIONS:
        raise ValidationError(
            f"“{name}” has no picture extension we accept. Name it .{PREFERRED_EXTENSION[kind]} "
            f"(it is a {FORMAT_NAMES[kind]} image) or upload a {ACCEPTED} file.",
            code="extension",
        )
    if kind not in EXTENSIONS[extension]:
        raise ValidationError(
            f"“{name}” is named .{extension} but it is a {FORMAT_NAMES[kind]} image. "
            f"Rename it to .{PREFERRED_EXTENSION[kind]} or export it again as "
            f"{FORMAT_NAMES[next(iter(EXTENSIONS[extension]))]}.",
            code="mismatch",
        )

    image = _decode(image, data, name)
    return CheckedUpload(name=name, data=data, format=kind, width=width, height=height, image=image)


def _decode(image, data, name):
    """Verify the structure, then decode the first frame in full: truncation shows here."""
    damaged = ValidationError(
        f"“{name or 'This file'}” is incomplete or damaged (it may have been cut short in "
        "transfer). Upload it again, or export it again from the original.",
        code="damaged",
    )
    try:
        image.verify()
    except Exception as error:  # Pillow raises many kinds for damaged data
        raise damaged from error
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # checked above
            image = Image.open(io.BytesIO(data))
            if getattr(image, "n_frames", 1) > 1:
                image.seek(0)  # GIF, animated WebP, multi-picture JPEG: the first frame
            image.load()
    except Exception as error:  # truncated data, bad checksums, decoder errors
        raise damaged from error
    return image


@dataclass
class CleanMaster:
    data: bytes
    extension: str
    width: int
    height: int
    notes: list = field(default_factory=list)


def _keeps_own_mode(kind, image):
    """Whether a large picture is stored in its own mode: greyscale or CMYK JPEG, greyscale
    PNG (converting either to RGB would add a second, bigger copy of every pixel)."""
    if "transparency" in image.info:
        return False
    return (kind in ("JPEG", "MPO") and image.mode in ("L", "CMYK")) or (
        kind == "PNG" and image.mode == "L"
    )


def clean_master(checked):
    """The master to store: orientation applied, sRGB, re-encoded without any metadata.

    PNG and GIF stay lossless (as PNG); WebP stays WebP; JPEG, HEIC and AVIF become JPEG, which
    every browser shows (the master is what a page shows until renditions exist).

    A large picture (over NEWSROOM_LARGE_PICTURE_PIXELS) is never copied whole, which costs
    about 240 MB more at 60 megapixels: it is not turned here (its master keeps the camera's
    orientation as its one EXIF tag; browsers and renditions honour it, and `width`/`height`
    are the picture as seen), and a greyscale or CMYK one keeps its own colours and profile
    (its renditions are sRGB).
    """
    notes = []
    large = checked.width * checked.height > large_picture_pixels()
    orientation = imaging.orientation(checked.image)
    turn_later = large and orientation != 1
    image = checked.image if turn_later else imaging.apply_orientation(checked.image)
    exif = imaging.orientation_exif(orientation) if turn_later else b""
    keep_mode = large and _keeps_own_mode(checked.format, image)
    if keep_mode:
        # Converting would need a second full-size copy: keep the file's own colours and
        # profile; the renditions, made smaller by the background worker, are sRGB.
        profile = image.info.get("icc_profile")
        image = imaging.bare(image)
        buffer = io.BytesIO()
        image.save(
            buffer, checked.format, icc_profile=profile, quality=92, subsampling=0, exif=exif
        )
        extension = PREFERRED_EXTENSION[checked.format]
        width, height = image.size
        if turn_later and orientation in imaging.QUARTER_TURNS:
            width, height = height, width
        return CleanMaster(buffer.getvalue(), extension, width, height, notes)
    try:
        image = imaging.to_srgb(image)
    except imaging.ColourProfileError:
        notes.append("The file's colour profile could not be read; its colours were taken as sRGB.")
        image.info.pop("icc_profile", None)
        image = imaging.web_mode(image)
    # Read the metadata first (metadata.read_metadata): from here on the picture carries none.
    image = imaging.bare(image)

    buffer = io.BytesIO()
    if checked.format in ("PNG", "GIF"):
        extension = "png"
        image.save(buffer, "PNG", icc_profile=imaging.SRGB_ICC, compress_level=6, exif=exif)
    elif checked.format == "WEBP":
        extension = "webp"
        image.save(buffer, "WEBP", icc_profile=imaging.SRGB_ICC, quality=92, method=4, exif=exif)
    elif imaging.has_alpha(image):
        extension = "png"  # a HEIC or AVIF with transparency: keep it, losslessly
        image.save(buffer, "PNG", icc_profile=imaging.SRGB_ICC, compress_level=6, exif=exif)
    else:
        extension = "jpg"
        # Huffman optimisation keeps every DCT coefficient of the picture in memory (about
        # 360 MB for 60 megapixels); large masters are written without it, a few % bigger.
        imaging.flatten(image).save(
            buffer,
            "JPEG",
            icc_profile=imaging.SRGB_ICC,
            quality=92,
            subsampling=0,
            optimize=image.width * image.height <= large_picture_pixels(),
            exif=exif,
        )
    width, height = image.size
    if turn_later and orientation in imaging.QUARTER_TURNS:
        width, height = height, width
    return CleanMaster(
        data=buffer.getvalue(), extension=extension, width=width, height=height, notes=notes
    )
