"""Background work for the photo desk: renditions for bulk uploads and regeneration.

Run by django-tasks: the database queue's worker (`manage.py run_worker`) in development and
production, at once in tests. A failure is tried again later (publishing.tasks.retrying).
"""

from publishing.tasks import retrying


@retrying()
def make_renditions(photo_id):
    """Make (or make again) one photo's full rendition set. A deleted photo is skipped."""
    from .models import Photo
    from .renditions import generate_renditions

    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None or not photo.image:
        return 0
    return len(generate_renditions(photo))
