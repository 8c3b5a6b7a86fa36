"""The benchmark corpus's photos (`manage.py load_bench_corpus`): a pool of generated pictures
with their renditions, which the corpus's articles use as lead photos.

Drawn like ../shared/bench-wagtail's (a gradient, shapes and grain), not like the demo's
scenes in `images.py`, so the two benchmarks serve pictures of comparable weight.
"""

import io
import random
from concurrent.futures import ProcessPoolExecutor

from django.core.files.base import ContentFile
from django.db import connections
from PIL import Image, ImageDraw, ImageFilter

from media_gallery.models import Photo
from media_gallery.renditions import generate_renditions


def generated_jpeg(seed, size=(2000, 1333)):
    """A distinct photo-like JPEG: a colour gradient, shapes and grain."""
    rnd = random.Random(seed)
    width, height = size
    top = tuple(rnd.randrange(40, 220) for _ in range(3))
    bottom = tuple(rnd.randrange(20, 200) for _ in range(3))
    gradient = Image.linear_gradient("L").resize(size)
    picture = Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), gradient)
    draw = ImageDraw.Draw(picture)
    for _ in range(rnd.randint(6, 14)):
        x, y = rnd.randrange(width), rnd.randrange(height)
        w, h = rnd.randrange(80, 700), rnd.randrange(80, 500)
        fill = tuple(rnd.randrange(256) for _ in range(3))
        if rnd.random() < 0.5:
            draw.ellipse((x, y, x + w, y + h), fill=fill)
        else:
            draw.rectangle((x, y, x + w, y + h), fill=fill)
    picture = picture.filter(ImageFilter.GaussianBlur(3))
    grain = Image.effect_noise(size, 24).convert("RGB")
    picture = Image.blend(picture, grain, 0.12)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def pool_photo_headline(number):
    """How a pool photo is found again on a later run (numbered from 1)."""
    return f"Bench pool photo {number}"


def ensure_photo_pool(count):
    """The first `count` pool photos, drawn and stored where an earlier run has not."""
    pool = []
    for n in range(count):
        headline = pool_photo_headline(n + 1)
        photo = Photo.objects.filter(headline=headline).first()
        if photo is None:
            photo = Photo(
                headline=headline,
                caption=f"Generated placeholder photo {n + 1} for the benchmark corpus.",
                credit="Demo illustration, generated",
                alt_text=f"Coloured shapes on a gradient (generated picture {n + 1})",
            )
            photo.image.save(f"bench-photo-{n + 1}.jpg", ContentFile(generated_jpeg(n)), save=False)
            photo.save()
        pool.append(photo)
    return pool


def _make_renditions(photo_pk):
    generate_renditions(Photo.objects.get(pk=photo_pk))
    connections.close_all()


def ensure_renditions(photos):
    """Renditions for every photo that has none yet."""
    missing = [p.pk for p in photos if not p.renditions.exists()]
    if not missing:
        return
    # Encoding is CPU-bound: one process per core, each with its own connection.
    connections.close_all()
    with ProcessPoolExecutor() as workers:
        list(workers.map(_make_renditions, missing))
