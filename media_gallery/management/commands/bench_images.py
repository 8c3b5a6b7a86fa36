"""`manage.py bench_images` (`make bench-images`): the rendition pipeline against the naive way.

For one generated 6000×4000 JPEG, time the full rendition set made by `renditions.render_set`
(draft-mode decode, reduce() before Lanczos, each width from the one above it, crops from the
smallest width that suffices) and by the naive way (full decode, every rendition resized from the
full-size original). Both make the same files with the same encoders and sharpening; each is run
`--repeat` times and the best time counts (the machine is shared: the best run is the least
disturbed one).
"""

import io
import time

from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw, ImageFilter

from media_gallery.renditions import SHARPEN, Made, encode, formats, plan, render_set


def sample_jpeg(width=6000, height=4000, seed=7):
    """A photo-like JPEG: gradients, shapes, soft edges and sensor-like noise (compresses like
    a real picture, unlike a flat test card)."""
    red = Image.linear_gradient("L").resize((width, height))
    green = Image.radial_gradient("L").resize((width, height))
    blue = Image.effect_noise((width // 4, height // 4), 60).resize((width, height))
    image = Image.merge("RGB", (red, green, blue))
    draw = ImageDraw.Draw(image)
    for i in range(40):
        x, y = (i * 997 * seed) % width, (i * 613 * seed) % height
        draw.ellipse(
            [x, y, x + width // 9, y + height // 7], fill=((i * 37) % 256, (i * 91) % 256, 120)
        )
    image = image.filter(ImageFilter.GaussianBlur(2))
    noise = Image.effect_noise((width, height), 24).convert("RGB")
    image = Image.blend(image, noise, 0.12)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def naive_render_set(data, focal_x=0.5, focal_y=0.5, fmts=None):
    """The naive way: decode the whole picture, resize every rendition from the full original."""
    fmts = formats() if fmts is None else fmts
    image = Image.open(io.BytesIO(data))
    image.load()
    image = image.convert("RGB")
    made = []
    for spec, w, h, box in plan(image.width, image.height, focal_x, focal_y):
        resized = image.resize((w, h), Image.Resampling.LANCZOS, box=box)
        sharp = resized.filter(SHARPEN)
        made.extend(Made(spec, fmt, w, h, encode(sharp, fmt)) for fmt in fmts)
    return made


def comparison(pipeline_seconds, naive_seconds):
    """The pipeline against the naive way, in words that say which one won: "the pipeline is
    3.8× faster than the naive way", "… 1.3× slower …", or "as fast as" when the two times are
    less than 5% apart (a ratio that would print as 1.0×)."""
    fast, slow = sorted((pipeline_seconds, naive_seconds))
    factor = slow / fast if fast > 0 else float("inf")
    if factor < 1.05:
        return "the pipeline is as fast as the naive way (less than 5% apart)"
    direction = "faster" if pipeline_seconds < naive_seconds else "slower"
    return f"the pipeline is {factor:.1f}× {direction} than the naive way"


class Command(BaseCommand):
    help = "Time the full rendition set of a 6000×4000 JPEG: Newsroom's pipeline vs the naive way."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=3, help="Runs of each (best counts).")
        parser.add_argument("--width", type=int, default=6000)
        parser.add_argument("--height", type=int, default=4000)

    def handle(self, *args, repeat, width, height, **options):
        data = sample_jpeg(width, height)
        fmts = formats()
        self.stdout.write(
            f"Master: generated {width}×{height} JPEG, {len(data) / 1e6:.1f} MB; "
            f"formats: {', '.join(fmts)}; focal point (0.3, 0.4); best of {repeat} runs."
        )
        timings, outputs = self.race(data, fmts, repeat)
        if outputs["pipeline"] != outputs["naive"]:
            self.stderr.write("The two ways made different sets; the comparison is void.")
            raise SystemExit(1)
        self.stdout.write(
            f"Renditions: {len(outputs['pipeline'])} files "
            f"({len({spec for spec, *_ in outputs['pipeline']})} specs × {len(fmts)} formats)"
        )
        self.report(timings)
        pipeline, naive = min(timings["pipeline"]), min(timings["naive"])
        # Green when the pipeline won, yellow when it did not (on a terminal).
        won = self.style.SUCCESS if pipeline < naive else self.style.WARNING
        self.stdout.write(f"Ratio: {comparison(pipeline, naive)}", won)
        # The same work without encoding: what decoding, resizing and sharpening cost each way.
        timings, _ = self.race(data, [], repeat)
        self.stdout.write("Without encoding (decode, resize, sharpen):")
        self.report(timings)
        self.stdout.write(f"  ratio: {comparison(min(timings['pipeline']), min(timings['naive']))}")

    def race(self, data, fmts, repeat):
        timings = {"pipeline": [], "naive": []}
        outputs = {}
        for _run in range(max(1, repeat)):
            for name, function in (("pipeline", render_set), ("naive", naive_render_set)):
                source = io.BytesIO(data) if name == "pipeline" else data
                started = time.perf_counter()
                made = function(source, 0.3, 0.4, fmts)
                timings[name].append(time.perf_counter() - started)
                outputs[name] = sorted((m.spec, m.format, m.width, m.height) for m in made)
        return timings, outputs

    def report(self, timings):
        for name in ("pipeline", "naive"):
            runs = ", ".join(f"{value:.2f}" for value in timings[name])
            self.stdout.write(f"  {name:<9} best {min(timings[name]):.2f} s   (runs: {runs} s)")
