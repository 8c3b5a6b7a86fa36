"""A web worker keeps its peak memory near 300 MB for any accepted upload: a 60-megapixel
picture is checked and cleaned in the request (one decoded copy, about 240 MB in Pillow), and
its renditions are handed to the background worker, with the admin saying they are on their
way."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.urls import reverse

from media_gallery.models import Photo
from tests.forms import form_data

from .files import jpeg, upload

ROOT = Path(__file__).resolve().parents[2]
# Django and the app loaded take about 70 MB of it.
LIMIT_MB = 320

MAKE = """
from PIL import Image, ImageDraw
import random, sys
picture = Image.new("RGB", (10000, 6000), (40, 90, 160))
draw = ImageDraw.Draw(picture)
rng = random.Random(4)
for _ in range(200):
    x, y = rng.randrange(10000), rng.randrange(6000)
    draw.ellipse([x, y, x + 300, y + 300], fill=(rng.randrange(256), 20, 20))
picture.save(sys.argv[1] + "/big.png", "PNG")
picture.save(sys.argv[1] + "/big.jpg", "JPEG", quality=80)
picture.convert("RGBA").save(sys.argv[1] + "/alpha.png", "PNG")
exif = Image.Exif()
exif[0x0112] = 6  # shot with the camera turned: showing it upright needs a quarter turn
picture.save(sys.argv[1] + "/turned.jpg", "JPEG", quality=80, exif=exif.tobytes())
picture.convert("CMYK").save(sys.argv[1] + "/print.jpg", "JPEG", quality=80)
"""

MEASURE = """
import os, sys
import django
os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
sys.argv = ["manage.py", "test"]
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from media_gallery.services import RENDITIONS_NOW, prepare_upload, renditions_timing
from media_gallery.renditions import render_set
import io
path = os.environ["PICTURE"]
prepared = prepare_upload(SimpleUploadedFile(os.path.basename(path), open(path, "rb").read()))
master = prepared.master
prepared = None
# What a single upload's request does after storing the master.
if renditions_timing(master.width, master.height, RENDITIONS_NOW) == RENDITIONS_NOW:
    render_set(io.BytesIO(master.data))
# The peak of this program's own memory (VmHWM). Not getrusage's ru_maxrss: that survives
# exec, so it would report the test runner's size at the moment it started this process.
with open("/proc/self/status") as status:
    print(next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) // 1024)
"""


@pytest.fixture(scope="module")
def pictures(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sixty-megapixels")
    subprocess.run([sys.executable, "-c", MAKE, str(folder)], check=True, timeout=300)
    return folder


@pytest.mark.parametrize("name", ["big.png", "big.jpg", "alpha.png", "turned.jpg", "print.jpg"])
def test_a_sixty_megapixel_upload_stays_near_300_mb_in_a_web_worker(pictures, name):
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(MEASURE)],
        cwd=ROOT,
        env={**__import__("os").environ, "PICTURE": str(pictures / name)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    peak = int(result.stdout.strip().splitlines()[-1])
    assert peak < LIMIT_MB, f"{name}: peak {peak} MB"


@pytest.mark.django_db
def test_a_large_turned_picture_keeps_its_orientation_as_its_one_tag(settings):
    """Turning a large picture would need a second full-size copy: its master keeps the
    orientation tag instead (and nothing else), and is shown, sized and rendered upright."""
    from PIL import Image

    from media_gallery.renditions import generate_renditions
    from media_gallery.services import ingest_photo

    from .files import find_colour, jpeg_with_orientation

    settings.NEWSROOM_LARGE_PICTURE_PIXELS = 200_000
    photo = ingest_photo(
        upload("turned.jpg", jpeg_with_orientation(6, 600, 400, mark_at=(0.1, 0.1))),
        renditions="none",
    )
    assert (photo.width, photo.height) == (400, 600)
    with photo.image.open("rb") as handle:
        master = Image.open(handle)
        master.load()
    assert master.size == (600, 400)
    assert dict(master.getexif()) == {0x0112: 6}
    generate_renditions(photo)
    made = photo.renditions.get(spec="w320", format="jpeg")
    assert (made.width, made.height) == (320, 480)
    with made.file.open("rb") as handle:
        shown = Image.open(handle)
        shown.load()
    assert shown.size == (320, 480) and shown.getexif().get(0x0112) is None
    x, y = find_colour(shown, (255, 0, 0))
    assert x > 0.8 and y < 0.2


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["CMYK", "L"])
def test_a_large_cmyk_or_grey_picture_keeps_its_colours_and_renders_in_srgb(settings, mode):
    import io

    from PIL import Image

    from media_gallery.renditions import generate_renditions
    from media_gallery.services import ingest_photo

    settings.NEWSROOM_LARGE_PICTURE_PIXELS = 200_000
    source = Image.new("RGB", (600, 400), (200, 40, 40)).convert(mode)
    buffer = io.BytesIO()
    source.save(buffer, "JPEG", quality=95)
    photo = ingest_photo(upload("print.jpg", buffer.getvalue()), renditions="none")
    with photo.image.open("rb") as handle:
        assert Image.open(handle).mode == mode
    generate_renditions(photo)
    with photo.renditions.get(spec="w320", format="jpeg").file.open("rb") as handle:
        shown = Image.open(handle)
        shown.load()
    assert shown.mode == "RGB"
    red, green, blue = shown.getpixel((160, 100))
    if mode == "CMYK":
        assert red > 150 and green < 110 and blue < 110
    else:
        assert abs(red - green) < 8 and abs(green - blue) < 8


@pytest.mark.django_db
def test_a_large_single_upload_gets_its_renditions_from_the_background(
    admin_client, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from media_gallery import tasks

    settings.NEWSROOM_LARGE_PICTURE_PIXELS = 200_000  # a 640×480 picture is "large" here
    queued = []

    class Queue:
        def enqueue(self, photo_id):
            queued.append(photo_id)

    monkeypatch.setattr(tasks, "make_renditions", Queue())
    add = reverse("admin:media_gallery_photo_add")
    fields = form_data(admin_client.get(add), "photo_form")
    fields["image"] = upload("wire.jpg", jpeg(640, 480))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(add, fields, follow=True)
    photo = Photo.objects.get()
    assert queued == [photo.pk]
    assert not photo.renditions.exists()
    assert "its renditions are on their way" in response.content.decode()
    page = admin_client.get(reverse("admin:media_gallery_photo_change", args=[photo.pk]))
    assert "Renditions on their way" in page.content.decode()
