"""`manage.py regenerate_renditions`: make the rendition sets again, for all photos or some."""

import time

from django.core.management.base import BaseCommand, CommandError

from media_gallery.models import Photo
from media_gallery.renditions import formats, generate_renditions, planned_specs
from media_gallery.tasks import make_renditions


class Command(BaseCommand):
    help = (
        "Make photos' renditions again (new file names; the old files are deleted). "
        "All photos by default; or give photo ids, --missing, or --gallery."
    )

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="Only these photo ids.")
        parser.add_argument(
            "--missing",
            action="store_true",
            help="Only photos whose rendition set is incomplete (e.g. after a failed upload).",
        )
        parser.add_argument("--gallery", help="Only the photos of the gallery with this slug.")
        parser.add_argument(
            "--background",
            action="store_true",
            help="Hand each photo to the background worker instead of working here.",
        )

    def handle(self, *args, ids, missing, gallery, background, **options):
        photos = Photo.objects.order_by("pk")
        if ids:
            photos = photos.filter(pk__in=ids)
            unknown = set(ids) - set(photos.values_list("pk", flat=True))
            if unknown:
                raise CommandError(f"No photo with id {', '.join(map(str, sorted(unknown)))}.")
        if gallery:
            photos = photos.filter(gallery_items__gallery__slug=gallery)
        if missing:
            photos = [
                photo for photo in photos.prefetch_related("renditions") if _incomplete(photo)
            ]
        photos = list(photos)
        total = len(photos)
        if not total:
            self.stdout.write("Nothing to do: no photo matches.")
            return
        started = time.perf_counter()
        failed = 0
        width = len(str(total))
        for number, photo in enumerate(photos, 1):
            prefix = f"[{number:>{width}}/{total}] photo {photo.pk}"
            if background:
                make_renditions.enqueue(photo.pk)
                self.stdout.write(f"{prefix}: queued")
                continue
            begun = time.perf_counter()
            try:
                made = generate_renditions(photo)
            except Exception as error:  # one damaged master must not stop the run
                failed += 1
                self.stderr.write(f"{prefix}: FAILED: {error}")
                continue
            self.stdout.write(f"{prefix}: {len(made)} files in {time.perf_counter() - begun:.2f} s")
        elapsed = time.perf_counter() - started
        summary = f"{total - failed} of {total} photo(s) done in {elapsed:.1f} s."
        if failed:
            self.stderr.write(self.style.ERROR(f"{summary} {failed} failed (see above)."))
        else:
            self.stdout.write(self.style.SUCCESS(summary))


def _incomplete(photo):
    if not photo.width or not photo.height:
        return True
    have = {(item.spec, item.format) for item in photo.renditions.all()}
    want = {(spec, fmt) for spec, *_ in planned_specs(photo) for fmt in formats()}
    return not want <= have
