"""The rendition set: which sizes and crops every photo has, and how they are made.

Pages read stored renditions only (see templatetags/pictures.py); nothing here runs during a
page request.
"""

import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageOps

from .storage import random_token

WIDTHS = [320, 640, 960, 1280, 1600, 2048]
# Crops: name -> (width, height). 16:9, 4:3 and 1:1 at 1200 wide for JSON-LD; social cards.
CROPS = {
    "crop-16x9": (1200, 675),
    "crop-4x3": (1200, 900),
    "crop-1x1": (1200, 1200),
    "social": (1200, 630),
    "thumb": (160, 160),
}


def formats():
    result = ["webp", "jpeg"]
    if getattr(settings, "NEWSROOM_AVIF", False):
        result.append("avif")
    return result


def width_spec(width):
    return f"w{width}"


def focal_crop_box(width, height, target_w, target_h, focal_x=0.5, focal_y=0.5):
    """The largest box of the target's ratio that fits the image, centred on the focal point."""
    ratio = target_w / target_h
    if width / height > ratio:
        box_h, box_w = height, round(height * ratio)
    else:
        box_w, box_h = width, round(width / ratio)
    left = min(max(round(focal_x * width - box_w / 2), 0), width - box_w)
    top = min(max(round(focal_y * height - box_h / 2), 0), height - box_h)
    return (left, top, left + box_w, top + box_h)


def _encode(image, fmt):
    buffer = io.BytesIO()
    if fmt == "jpeg":
        image.convert("RGB").save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    elif fmt == "webp":
        image.save(buffer, "WEBP", quality=80, method=4)
    elif fmt == "avif":
        image.save(buffer, "AVIF", quality=60)
    return buffer.getvalue()


def planned_specs(photo):
    """(spec, width, height, crop box or None) for every rendition this photo should have."""
    plan = []
    for width in WIDTHS:
        if width <= photo.width or width == WIDTHS[0]:
            w = min(width, photo.width)
            plan.append((width_spec(width), w, max(1, round(photo.height * w / photo.width)), None))
    for spec, (tw, th) in CROPS.items():
        box = focal_crop_box(photo.width, photo.height, tw, th, photo.focal_x, photo.focal_y)
        scale = min(1, (box[2] - box[0]) / tw)
        plan.append((spec, max(1, round(tw * scale)), max(1, round(th * scale)), box))
    return plan


def generate_renditions(photo):
    """Make and store every rendition of `photo`, replacing the old ones (new random names)."""
    from .models import Rendition

    with photo.image.open("rb") as handle:
        master = Image.open(handle)
        master = ImageOps.exif_transpose(master)
        master = master.convert("RGBA" if master.mode in ("RGBA", "LA", "P") else "RGB")
    token = random_token()
    made = []
    for spec, w, h, box in planned_specs(photo):
        source = master.crop(box) if box else master
        resized = source.resize((w, h), Image.Resampling.LANCZOS)
        for fmt in formats():
            ext = "jpg" if fmt == "jpeg" else fmt
            name = f"{photo.pk}/{token}-{spec}.{ext}"
            made.append(
                Rendition(
                    photo=photo,
                    spec=spec,
                    format=fmt,
                    width=w,
                    height=h,
                    file=ContentFile(_encode(resized, fmt), name=name),
                )
            )
    old = list(photo.renditions.all())
    with transaction.atomic():
        photo.renditions.all().delete()
        for rendition in made:
            rendition.file.save(rendition.file.name, rendition.file.file, save=False)
            rendition.save()
    for rendition in old:
        rendition.file.delete(save=False)
    return made
