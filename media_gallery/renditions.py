"""The rendition set: which sizes and crops every photo has, and how they are made, fast.

Pages read stored renditions only (see templatetags/pictures.py); nothing here runs during a
page request.

How the set is made quickly (`render_set`), measured by `make bench-images`:
- a JPEG master is decoded at the smallest scale (1/2, 1/4, 1/8) that still has enough pixels
  for every rendition (libjpeg's draft mode: the DCT scaling skips most of the decoding work);
- the widths are made from the largest down, each from the one before it, with `reduce()`
  (a cheap box filter by a whole factor) before the Lanczos resample whenever the step is big;
- each crop is cut from the smallest already-made width that still has enough pixels for it;
- a mild unsharp mask after each downscale; every output is sRGB with its profile embedded,
  and carries no EXIF or XMP (nothing is copied from the master).
"""

import io
import math
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageFilter

from reader import changes

from . import imaging
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
EXTENSIONS = {"jpeg": "jpg", "webp": "webp", "avif": "avif"}
# A mild sharpening that restores the crispness a downscale takes away, without halos.
SHARPEN = ImageFilter.UnsharpMask(radius=0.6, percent=60, threshold=2)
# Sharpening and encoding run in parallel, one spec per thread; two cores are plenty for one
# photo (more helps little and takes CPU from the other requests of the same server).
THREADS = min(2, os.cpu_count() or 1)
# reduce() first whenever the remaining Lanczos step would still shrink more than this.
REDUCING_GAP = 2.0


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


def plan(width, height, focal_x=0.5, focal_y=0.5):
    """(spec, width, height, crop box or None) for a picture of this size: never upscaled."""
    specs = []
    for target in WIDTHS:
        if target <= width or target == WIDTHS[0]:
            w = min(target, width)
            specs.append((width_spec(target), w, max(1, round(height * w / width)), None))
    for spec, (tw, th) in CROPS.items():
        box = focal_crop_box(width, height, tw, th, focal_x, focal_y)
        scale = min(1, (box[2] - box[0]) / tw)
        specs.append((spec, max(1, round(tw * scale)), max(1, round(th * scale)), box))
    return specs


def planned_specs(photo):
    """(spec, width, height, crop box or None) for every rendition this photo should have."""
    return plan(photo.width, photo.height, photo.focal_x, photo.focal_y)


@dataclass
class Made:
    """One encoded rendition, not yet stored."""

    spec: str
    format: str
    width: int
    height: int
    data: bytes

    @property
    def extension(self):
        return EXTENSIONS[self.format]


def encode(image, fmt):
    """The picture as `fmt` bytes: sRGB profile embedded, nothing else."""
    buffer = io.BytesIO()
    image = imaging.bare(image)
    if fmt == "jpeg":
        imaging.flatten(image).save(
            buffer,
            "JPEG",
            quality=82,
            optimize=True,
            progressive=True,
            icc_profile=imaging.SRGB_ICC,
        )
    elif fmt == "webp":
        image.save(buffer, "WEBP", quality=80, method=4, icc_profile=imaging.SRGB_ICC)
    elif fmt == "avif":
        image.save(buffer, "AVIF", quality=60, speed=7, icc_profile=imaging.SRGB_ICC)
    else:
        raise ValueError(f"Unknown rendition format {fmt!r}")
    return buffer.getvalue()


def shrink(image, size, box=None):
    """`image` (or the `box` region of it) resized to `size`: reduce() by a whole factor
    first when the step is large, then Lanczos for the rest."""
    if box is None:
        box = (0, 0, image.width, image.height)
    else:  # a box scaled from the master may overshoot by a rounding error
        box = (
            max(0, box[0]),
            max(0, box[1]),
            min(image.width, box[2]),
            min(image.height, box[3]),
        )
    factor = int(min((box[2] - box[0]) / size[0], (box[3] - box[1]) / size[1]) / REDUCING_GAP)
    if factor > 1:
        region = tuple(round(edge) for edge in box)
        image = image.reduce(factor, box=region)
        box = (0, 0, image.width, image.height)
    if box == (0, 0, image.width, image.height) and image.size == size:
        return image
    return image.resize(size, Image.Resampling.LANCZOS, box=box)


def _open_decoded(handle, focal_x, focal_y):
    """(plan, decoded picture, its scale against the full-size master).

    A JPEG is decoded at the smallest DCT scale that still gives every spec enough pixels.
    """
    image = Image.open(handle)
    width, height = image.size
    turned = False
    try:
        turned = image.getexif().get(imaging.ORIENTATION_TAG, 1) in (5, 6, 7, 8)
    except Exception:  # a damaged EXIF block: the pixels as they are
        pass
    if turned:
        width, height = height, width
    specs = plan(width, height, focal_x, focal_y)
    if image.format in ("JPEG", "MPO"):
        need = max(w / ((box[2] - box[0]) if box else width) for _spec, w, _h, box in specs)
        wanted = (math.ceil(width * need), math.ceil(height * need))
        image.draft(image.mode, (wanted[1], wanted[0]) if turned else wanted)
    image.load()
    image = imaging.apply_orientation(image)
    try:
        image = imaging.to_srgb(image)
    except imaging.ColourProfileError:
        image = imaging.web_mode(image)
    return specs, image, image.width / width


def _finish(spec, image, sharpen, fmts):
    """Sharpen (after a downscale) and encode one spec in every format: one worker's job."""
    if sharpen:
        image = image.filter(SHARPEN)
    return [Made(spec, fmt, image.width, image.height, encode(image, fmt)) for fmt in fmts]


def render_set(handle, focal_x=0.5, focal_y=0.5, fmts=None, threads=None):
    """Every rendition of the master in `handle` (an open file), encoded, largest first.

    Resizing runs here in order (each width comes from the one before); sharpening and encoding,
    most of the work, run on `threads` worker threads (Pillow releases the GIL while it works).
    """
    fmts = formats() if fmts is None else fmts
    specs, source, scale = _open_decoded(handle, focal_x, focal_y)
    threads = threads or THREADS
    jobs = []
    with ThreadPoolExecutor(max_workers=threads) as pool:
        # Widths, largest first, each from the one before; the unsharpened chain feeds the crops.
        chain = [source]
        for spec, w, h, _box in sorted((s for s in specs if s[3] is None), key=lambda s: -s[1]):
            step = shrink(chain[-1], (w, h))
            chain.append(step)
            downscaled = step is not source or scale < 1
            jobs.append(pool.submit(_finish, spec, step, downscaled, fmts))
        # Crops from the smallest picture in the chain that still has the pixels for them.
        for spec, w, h, box in (s for s in specs if s[3] is not None):
            for picture in reversed(chain):
                factor = picture.width / source.width * scale
                region = tuple(edge * factor for edge in box)
                if region[2] - region[0] >= w - 0.5 and region[3] - region[1] >= h - 0.5:
                    break
            cropped = shrink(picture, (w, h), box=region)
            downscaled = (
                picture is not source or scale < 1 or (w, h) != (box[2] - box[0], box[3] - box[1])
            )
            jobs.append(pool.submit(_finish, spec, cropped, downscaled, fmts))
        return [made for job in jobs for made in job.result()]


def generate_renditions(photo):
    """Make and store every rendition of `photo`, replacing the old ones.

    New files get a new random part in their names and the old files are deleted once the swap
    is committed, so a changed focal point or a replaced file never leaves a stale crop served.
    If the photo's file or focal point changed while this ran, nothing is swapped (the change
    makes its own set) and the files made here are removed.
    """
    from .models import Photo, Rendition

    image_name, focal = photo.image.name, (photo.focal_x, photo.focal_y)
    with photo.image.open("rb") as handle:
        made = render_set(handle, *focal)

    token = random_token()
    renditions = []
    try:
        for item in made:
            rendition = Rendition(
                photo=photo,
                spec=item.spec,
                format=item.format,
                width=item.width,
                height=item.height,
            )
            rendition.file.save(
                f"{photo.pk}/{token}-{item.spec}.{item.extension}",
                ContentFile(item.data),
                save=False,
            )
            renditions.append(rendition)
        with transaction.atomic():
            current = (
                Photo.objects.select_for_update()
                .filter(pk=photo.pk)
                .values_list("image", "focal_x", "focal_y")
                .first()
            )
            if current != (image_name, *focal):
                raise _Superseded
            photo.renditions.all().delete()  # their files go once this commits (models.py)
            Rendition.objects.bulk_create(renditions)
            # bulk_create sends no signals: say so, or pages would keep showing the master.
            changes.changed(photo)
    except BaseException as error:
        for rendition in renditions:
            rendition.file.storage.delete(rendition.file.name)
        if isinstance(error, _Superseded):
            return []
        raise
    forget_renditions(photo)
    return renditions


class _Superseded(Exception):
    """The photo changed while its renditions were being made."""


def forget_renditions(photo):
    """Drop what this photo instance remembers of its renditions, so it reads them again."""
    getattr(photo, "_prefetched_objects_cache", {}).pop("renditions", None)
    photo.__dict__.pop("_rendition_index", None)
