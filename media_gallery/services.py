"""The photo desk's operations: take in an upload, replace a photo's file, move its focal point,
add photos to a gallery, make renditions, and say where a photo is used.

Admin views, management commands and the demo loader all go through these functions.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import CASCADE, Max
from django.urls import NoReverseMatch, reverse

from .metadata import FileMetadata, apply_metadata, read_metadata
from .models import Gallery, GalleryPhoto, Photo
from .renditions import generate_renditions
from .uploads import CleanMaster, check_upload, clean_master

logger = logging.getLogger(__name__)

RENDITIONS_NOW = "now"
RENDITIONS_BACKGROUND = "background"
RENDITIONS_NONE = "none"


@dataclass
class PreparedUpload:
    """An upload checked, cleaned and read, ready to be stored on a photo."""

    name: str
    data: bytes
    master: CleanMaster
    metadata: FileMetadata


def prepare_upload(uploaded_file):
    """Check, read and clean an upload; raise ValidationError (nothing stored) if refused."""
    checked = check_upload(uploaded_file)
    metadata = read_metadata(checked.image)  # before cleaning, which strips it all
    master = clean_master(checked)
    return PreparedUpload(name=checked.name, data=checked.data, master=master, metadata=metadata)


def attach_upload(photo, prepared, *, user=None):
    """Put a prepared upload on `photo` (not saved): the cleaned master, the original where the
    setting keeps originals, the size, and the file's metadata in the fields still empty.

    Returns the names of the fields filled from the file. The files replaced are deleted once
    the photo's save commits; call `discard_new_files(photo)` if the save fails.
    """
    # The stored names, read from the database: a form may already have put the upload on
    # the instance, and saving a new file renames the same FieldFile objects.
    old_files = []
    if photo.pk:
        stored = type(photo).objects.filter(pk=photo.pk).values_list("image", "original").first()
        for field_file, name in zip((photo.image, photo.original), stored or (), strict=False):
            if name:
                old_files.append((field_file.storage, name))
    filled = apply_metadata(photo, prepared.metadata)
    if prepared.master.notes:
        photo.metadata_notes = "\n".join(
            filter(None, [photo.metadata_notes.strip(), *prepared.master.notes])
        )
    # The stored name is random: the uploader's file name may say more than it should.
    photo.image.save(f"photo.{prepared.master.extension}", ContentFile(prepared.master.data), False)
    photo.width, photo.height = prepared.master.width, prepared.master.height
    if getattr(settings, "NEWSROOM_KEEP_ORIGINALS", False):
        photo.original.save(prepared.name or "original", ContentFile(prepared.data), save=False)
    else:
        photo.original = ""
    photo.original_filename = (prepared.name or "")[:255]
    if user is not None and photo.uploaded_by_id is None:
        photo.uploaded_by = user
    if user is not None and photo.created_by_id is None:
        photo.created_by = user
    photo._replaced_files = old_files
    return filled


def after_upload_saved(photo, *, renditions=RENDITIONS_NOW):
    """Once the photo with its new file is saved: drop the replaced files and the renditions of
    the old picture, and make the new set (after commit)."""
    for storage, name in getattr(photo, "_replaced_files", []):
        if name not in (photo.image.name, photo.original.name):
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    photo._replaced_files = []
    if photo.renditions.exists():
        # Renditions of the old picture must not be served: pages use the master meanwhile.
        photo.renditions.all().delete()
    schedule_renditions(photo, renditions)


def discard_new_files(photo):
    """Remove files stored for a photo whose save did not happen."""
    for field_file in (photo.image, photo.original):
        if field_file and field_file.name:
            field_file.storage.delete(field_file.name)


def schedule_renditions(photo, when=RENDITIONS_NOW):
    """Make the photo's renditions once the current transaction commits: in this process
    (before the response, for a single upload) or handed to the background worker."""
    if when not in (RENDITIONS_NOW, RENDITIONS_BACKGROUND, RENDITIONS_NONE):
        raise ValueError(f'renditions must be "now", "background" or "none", not {when!r}')
    if when == RENDITIONS_NONE:
        return
    if when == RENDITIONS_BACKGROUND:
        from .tasks import make_renditions

        transaction.on_commit(lambda: make_renditions.enqueue(photo.pk))
    else:
        transaction.on_commit(lambda: make_renditions_logged(photo))


def make_renditions_logged(photo):
    """Make the renditions; a failure is logged and does not undo the upload (pages show the
    master until `manage.py regenerate_renditions --missing` makes them)."""
    try:
        return generate_renditions(photo)
    except Exception:
        logger.exception("Could not make the renditions of photo %s", photo.pk)
        return []


def ingest_photo(uploaded_file, *, user=None, renditions=RENDITIONS_NOW, **fields):
    """A new Photo from an uploaded file: checked, cleaned, captioned from its metadata where
    `fields` leave a field empty, stored, with its renditions made.

    Raises ValidationError, with a message for the photo desk, for every refusal; nothing is
    stored then. `renditions` is "now" (after commit, in this process), "background" (a task)
    or "none".
    """
    prepared = prepare_upload(uploaded_file)
    photo = Photo(**fields)
    try:
        with transaction.atomic():
            attach_upload(photo, prepared, user=user)
            photo.full_clean(exclude=["image", "original"])
            photo.save()
    except BaseException:
        discard_new_files(photo)
        raise
    schedule_renditions(photo, renditions)
    return photo


def replace_photo_file(photo, uploaded_file, *, user=None, renditions=RENDITIONS_NOW):
    """Give an existing photo a new picture; its text stays, empty fields fill from the file."""
    prepared = prepare_upload(uploaded_file)
    try:
        with transaction.atomic():
            attach_upload(photo, prepared, user=user)
            photo.save()
            after_upload_saved(photo, renditions=renditions)
    except BaseException:
        discard_new_files(photo)
        raise
    return photo


def set_focal_point(photo, focal_x, focal_y, *, renditions=RENDITIONS_NOW):
    """Move the focal point; the crops are made again under new names, the old files removed."""
    photo.focal_x, photo.focal_y = focal_x, focal_y
    photo.full_clean(exclude=["image", "original"])
    with transaction.atomic():
        photo.save()
        schedule_renditions(photo, renditions)
    return photo


def add_to_gallery(gallery, photo):
    """Append `photo` at the end of `gallery`'s order (concurrent uploads queue on the row)."""
    with transaction.atomic():
        Gallery.objects.select_for_update().filter(pk=gallery.pk).first()
        last = gallery.items.aggregate(last=Max("order"))["last"]
        return GalleryPhoto.objects.create(
            gallery=gallery, photo=photo, order=0 if last is None else last + 1
        )


def ingest_into_gallery(gallery, uploaded_file, *, user=None):
    """One file of a bulk upload: a new photo appended to the gallery, renditions in the
    background. Raises ValidationError (nothing stored) when the file is refused."""
    photo = None
    try:
        with transaction.atomic():
            photo = ingest_photo(uploaded_file, user=user, renditions=RENDITIONS_BACKGROUND)
            item = add_to_gallery(gallery, photo)
    except ValidationError:
        raise
    except BaseException:
        if photo is not None:
            discard_new_files(photo)
        raise
    return item


# --- where a photo is used ------------------------------------------------------------------


@dataclass
class Usage:
    """One place a photo appears: what, in which role, and where to edit it."""

    label: str
    admin_url: str | None


# Rows that only place a photo inside something else: describe the something else.
_PLACEMENTS = {
    "media_gallery.galleryphoto": ("gallery", lambda row: "one of its photos"),
    "articles.timelineevent": ("timeline", lambda row: f"photo of the event “{row.headline}”"),
}


def _admin_url(obj):
    meta = obj._meta
    try:
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return None


def _describe(obj):
    status = getattr(obj, "get_status_display", None)
    state = f" ({status().lower()})" if status else ""
    return f"{obj._meta.verbose_name.capitalize()} “{obj}”{state}"


def usage_by_photo(photos):
    """{photo id: [Usage, ...]} for every article, gallery, timeline and person using them.

    One query per kind of use, whatever the number of photos. Found through the relations that
    point at Photo, so a new kind of use is listed (and protected) without changes here.
    """
    ids = [photo.pk for photo in photos]
    found = {pk: [] for pk in ids}
    relations = [
        field
        for field in Photo._meta.get_fields(include_hidden=True)  # related_name="+" too
        if field.auto_created and not field.concrete and field.is_relation
    ]
    for relation in relations:
        if not (relation.one_to_many or relation.one_to_one) or relation.on_delete is CASCADE:
            continue  # renditions belong to the photo itself; Gallery.photos is via GalleryPhoto
        model, field_name = relation.related_model, relation.field.name
        placement = _PLACEMENTS.get(model._meta.label_lower)
        rows = model._default_manager.filter(**{f"{field_name}__in": ids})
        if placement:
            rows = rows.select_related(placement[0])
        for row in rows.order_by("pk"):
            photo_id = getattr(row, relation.field.attname)
            if placement:
                parent = getattr(row, placement[0])
                label = f"{_describe(parent)}: {placement[1](row)}"
                url = _admin_url(parent)
            else:
                label = f"{_describe(row)}: {relation.field.verbose_name}"
                url = _admin_url(row)
            found[photo_id].append(Usage(label=label, admin_url=url))
    return found


def photo_usage(photo):
    """Where this photo appears: [Usage, ...], empty when nothing uses it."""
    return usage_by_photo([photo])[photo.pk]
