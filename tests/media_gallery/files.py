"""Crafted picture files for the photo desk's tests: real bytes made with Pillow (and exiftool
where Pillow cannot write the metadata), one function per kind of file a desk receives."""

import io
import json
import shutil
import struct
import subprocess
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from tests.factories import image_bytes

EXIFTOOL = shutil.which("exiftool")
exiftool_skips = []


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def jpeg(width=800, height=600, seed=1, **save_kwargs):
    return image_bytes(width, height, format="JPEG", seed=seed, **save_kwargs)


def png_header_only(width, height):
    """A PNG that declares `width`×`height` but holds almost no data: a decompression bomb's
    header. Decoding it would fail; only a check of the header refuses it for its size."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
    b'<script>alert("x")</script><rect width="100" height="100" fill="red"/></svg>'
)


def marked_jpeg(width=600, height=400, mark_at=(0.1, 0.1), colour=(255, 0, 0), **save_kwargs):
    """A grey picture with one coloured square at `mark_at` (fractions across and down)."""
    image = Image.new("RGB", (width, height), (128, 128, 128))
    x, y = int(mark_at[0] * width), int(mark_at[1] * height)
    size = max(4, min(width, height) // 25)
    ImageDraw.Draw(image).rectangle([x - size, y - size, x + size, y + size], fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95, **save_kwargs)
    return buffer.getvalue()


def jpeg_with_orientation(orientation, width=600, height=400, mark_at=(0.1, 0.1)):
    exif = Image.Exif()
    exif[0x0112] = orientation
    return marked_jpeg(width, height, mark_at, exif=exif.tobytes())


def find_colour(image, colour, tolerance=60):
    """(x, y) fractions of the centre of the pixels close to `colour`, or None."""
    image = image.convert("RGB")
    small = image.resize((image.width // 4 or 1, image.height // 4 or 1))
    hits = [
        (x, y)
        for y in range(small.height)
        for x in range(small.width)
        if all(abs(a - b) <= tolerance for a, b in zip(small.getpixel((x, y)), colour, strict=True))
    ]
    if not hits:
        return None
    return (
        (sum(x for x, _ in hits) / len(hits) + 0.5) / small.width,
        (sum(y for _, y in hits) / len(hits) + 0.5) / small.height,
    )


def animated_gif(colours=((255, 0, 0), (0, 0, 255))):
    frames = [Image.new("RGB", (120, 80), colour) for colour in colours]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return buffer.getvalue()


def heic(width=320, height=240, colour=(0, 160, 0)):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "HEIF", quality=90)
    return buffer.getvalue()


# An Adobe RGB (1998)-like ICC profile (matrix/TRC, D50-adapted colorants, gamma 2.2), built
# here because the machine has no profile files and ImageCms only creates sRGB.
def _s15(value):
    return struct.pack(">i", round(value * 65536))


def _xyz(x, y, z):
    return b"XYZ " + b"\0" * 4 + _s15(x) + _s15(y) + _s15(z)


def wide_gamut_icc():
    description = b"Wide gamut test RGB"
    desc = (
        b"desc"
        + b"\0" * 4
        + struct.pack(">I", len(description) + 1)
        + description
        + b"\0"
        + b"\0" * 8
        + b"\0" * 3
        + b"\0" * 67
    )
    curve = b"curv" + b"\0" * 4 + struct.pack(">I", 1) + struct.pack(">H", 563) + b"\0\0"
    tags = [
        (b"desc", desc),
        (b"wtpt", _xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", _xyz(0.60974, 0.31111, 0.01947)),
        (b"gXYZ", _xyz(0.20528, 0.62567, 0.06087)),
        (b"bXYZ", _xyz(0.14919, 0.06322, 0.74457)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
        (b"cprt", b"text" + b"\0" * 4 + b"No copyright\0"),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, body = [], b""
    for signature, data in tags:
        while (offset + len(body)) % 4:
            body += b"\0"
        table.append(struct.pack(">4sII", signature, offset + len(body), len(data)))
        body += data
    size = offset + len(body)
    header = (
        struct.pack(">I", size)
        + b"lcms"
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + struct.pack(">6H", 2026, 1, 1, 0, 0, 0)
        + b"acsp"
        + b"\0" * 24
        + struct.pack(">I", 0)
        + _s15(0.9642)
        + _s15(1.0)
        + _s15(0.8249)
        + b"\0" * 48
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + b"".join(table) + body


# --- exiftool -------------------------------------------------------------------------------


def need_exiftool():
    if EXIFTOOL is None:
        reason = "exiftool is missing (apt-get install libimage-exiftool-perl; `make test` does)"
        exiftool_skips.append(reason)
        pytest.skip(f"METADATA TESTS SKIPPED: {reason}")


def exiftool_write(data, *arguments, suffix=".jpg", tmp_path):
    """`data` with metadata written by exiftool (e.g. "-IPTC:Headline=Syria")."""
    need_exiftool()
    path = tmp_path / f"exif-{len(list(tmp_path.iterdir()))}{suffix}"
    path.write_bytes(data)
    subprocess.run(
        [EXIFTOOL, "-q", "-q", "-m", "-overwrite_original", *arguments, str(path)],
        check=True,
        capture_output=True,
    )
    return path.read_bytes()


def exiftool_read(data, tmp_path, suffix=".jpg"):
    """Every tag exiftool finds, as {"Group:Tag": value}."""
    need_exiftool()
    path = tmp_path / f"read-{len(list(tmp_path.iterdir()))}{suffix}"
    path.write_bytes(data)
    result = subprocess.run(
        [EXIFTOOL, "-j", "-G1", "-a", "-u", str(path)], check=True, capture_output=True
    )
    return json.loads(result.stdout)[0]
