"""Where photo files go: public media for masters and renditions, a private place for originals."""

import os
import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage
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


def originals_storage():
    """Untouched originals: private disk outside MEDIA_ROOT, never served under MEDIA_URL."""
    return FileSystemStorage(location=str(settings.NEWSROOM_ORIGINALS_ROOT), base_url=None)
