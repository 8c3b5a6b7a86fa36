"""Where photo files go: public media for masters and renditions, a private place for originals."""

import os
import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils import timezone
from django.utils.text import slugify


def random_token():
    """A random part for stored names, so an unused photo's URL cannot be guessed."""
    return secrets.token_urlsafe(12).replace("-", "x").replace("_", "y")


def safe_stem(filename, fallback="photo"):
    stem = slugify(os.path.splitext(os.path.basename(filename or ""))[0])[:40]
    return stem or fallback


def photo_upload_to(instance, filename):
    ext = os.path.splitext(filename)[1].lower().lstrip(".") or "jpg"
    return f"photos/{timezone.now():%Y/%m}/{safe_stem(filename)}-{random_token()}.{ext}"


def rendition_upload_to(instance, filename):
    return f"renditions/{filename}"


def original_upload_to(instance, filename):
    return f"{timezone.now():%Y/%m}/{random_token()}-{safe_stem(filename)}{os.path.splitext(filename)[1].lower()}"


class OriginalsStorage(FileSystemStorage):
    """Private disk for untouched originals: NEWSROOM_ORIGINALS_ROOT (outside MEDIA_ROOT),
    read at each use so a changed setting applies, and no URL at all."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(settings.NEWSROOM_ORIGINALS_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


def originals_storage():
    """Untouched originals: the "originals" entry of STORAGES when the deployment defines one
    (a private S3 bucket, see settings), else the private disk; never served under MEDIA_URL."""
    if "originals" in settings.STORAGES:
        return storages["originals"]
    return OriginalsStorage()
