"""Pillow helpers that upload cleaning and renditions share: colour management and modes.

Every picture Newsroom stores is sRGB (what browsers assume), with a small sRGB profile
embedded, and carries no metadata of its own beyond that profile.
"""

import io
import logging

from PIL import Image, ImageCms, ImageOps

logger = logging.getLogger(__name__)

_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
# LittleCMS's built-in sRGB profile: under 600 bytes, so every rendition can carry it.
SRGB_ICC = _SRGB.tobytes()

ORIENTATION_TAG = 0x0112
# EXIF orientations that turn the picture a quarter: width and height swap when shown.
QUARTER_TURNS = (5, 6, 7, 8)


class ColourProfileError(ValueError):
    """The file's embedded ICC profile could not be read or applied."""


def to_srgb(image):
    """`image` converted from its embedded ICC profile to sRGB, as RGB or RGBA.

    Pictures without a profile are taken as sRGB already. A damaged profile raises
    ColourProfileError; the caller decides whether to go on without it.
    """
    icc = image.info.get("icc_profile")
    image = _eight_bit(image)
    if image.mode not in ("RGB", "RGBA", "CMYK", "L", "LA"):
        image = web_mode(image)
    if not icc:
        return web_mode(image)
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        description = ImageCms.getProfileDescription(source).strip()
    except (OSError, ImageCms.PyCMSError, TypeError, ValueError) as error:
        raise ColourProfileError(str(error)) from error
    if description.lower().startswith("srgb") and image.mode in ("RGB", "RGBA"):
        return image  # already sRGB: spare a full-frame transform
    alpha = None
    if image.mode in ("RGBA", "LA"):
        alpha = image.getchannel("A")
        image = image.convert(image.mode[:-1])
    try:
        if image.mode == "RGB":
            # In place: a second full-size copy of a large picture costs hundreds of MB.
            ImageCms.profileToProfile(
                image, source, _SRGB, renderingIntent=ImageCms.Intent.PERCEPTUAL, inPlace=True
            )
            converted = image
        else:
            converted = ImageCms.profileToProfile(
                image,
                source,
                _SRGB,
                renderingIntent=ImageCms.Intent.PERCEPTUAL,
                outputMode="RGB",
            )
    except (OSError, ImageCms.PyCMSError, ValueError) as error:
        raise ColourProfileError(str(error)) from error
    if alpha is not None:
        converted.putalpha(alpha)
    return converted


def _eight_bit(image):
    """16- and 32-bit greyscale down to 8 bits (Pillow's convert('L') would clip it)."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N"):
        return image.point(lambda value: value / 256).convert("L")
    if image.mode in ("I", "F"):
        low, high = image.getextrema()
        if high > 255:
            return image.point(lambda value: value / 256).convert("L")
        return image.convert("L")
    return image


def web_mode(image):
    """RGB, or RGBA where the picture has transparency: the modes every encoder takes."""
    image = _eight_bit(image)
    if image.mode == "RGB":
        return image
    if image.mode == "RGBA":
        return image
    has_alpha = image.mode in ("LA", "PA", "La") or (
        image.mode in ("P", "L", "RGB") and "transparency" in image.info
    )
    return image.convert("RGBA" if has_alpha else "RGB")


def has_alpha(image):
    if image.mode != "RGBA":
        return False
    low, _high = image.getchannel("A").getextrema()
    return low < 255


def flatten(image, background=(255, 255, 255)):
    """An RGB picture: transparency laid on white (JPEG has no alpha)."""
    if image.mode == "RGB":
        return image
    if image.mode != "RGBA":
        image = image.convert("RGBA")
    canvas = Image.new("RGB", image.size, background)
    canvas.paste(image, mask=image.getchannel("A"))
    return canvas


def orientation(image):
    """The camera's EXIF orientation (1 to 8; 1 is "as stored"), 1 when unreadable."""
    try:
        value = image.getexif().get(ORIENTATION_TAG, 1)
    except Exception:  # a damaged EXIF block: show the pixels as they are
        logger.warning("Unreadable EXIF while reading orientation", exc_info=True)
        return 1
    return value if value in range(1, 9) else 1


def orientation_exif(value):
    """An EXIF block holding the orientation and nothing else (no place, no serial number)."""
    exif = Image.Exif()
    exif[ORIENTATION_TAG] = value
    return exif.tobytes()


def apply_orientation(image):
    """The picture turned the way the camera's EXIF orientation says it is seen."""
    if orientation(image) != 1:
        transposed = ImageOps.exif_transpose(image)
        return transposed if transposed is not None else image
    return image


def bare(image):
    """The same pixels with no metadata attached, so an encoder cannot copy any across."""
    image.info = {}
    return image
