"""The photo desk's operations: take in an upload, replace a photo's file, move its focal point,
add photos to a gallery, make renditions, and say where a photo is used.

Admin views, management commands and the demo loader all go through these functions.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import CASCADE, Max, Q
from django.urls import NoReverseMatch, reverse
from PIL import Image

from publishing import services as publishing
from publishing.models import Status
from publishing.revisions import revisions_of

from . import imaging
from .metadata import FileMetadata, apply_metadata, read_metadata
from .models import Gallery, GalleryPhoto, Photo
from .renditions import generate_renditions
from .uploads import CleanMaster, check_upload, clean_master, large_picture_pixels

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


def save_picture(photo, prepared, *, user=None, renditions=RENDITIONS_NOW, record_revision=True):
    """Give `photo` (new, or stored with another picture) the picture of a prepared upload and
    save it. Every new picture goes this way (the admin, `ingest_photo`, `replace_photo_file`),
    so the order of the steps is written once:

    the file stored and read into the empty fields, the photo checked and saved; if anything
    fails, the files just stored are removed and the photo keeps its old picture. Once the
    save commits, the replaced master (and original) are deleted, and the renditions of the
    old picture (dropped with the save) are made again for the new one.

    `user` is recorded as uploader where none is, and as the author of the revision; the admin
    passes `record_revision=False` and records the revision itself after its inlines. Returns
    the names of the fields filled from the file.
    """
    new = photo.pk is None
    if not new and user is not None:
        check_may_replace(user, photo)
    replaced = _stored_files(photo)
    try:
        with transaction.atomic():
            filled = _attach_upload(photo, prepared, user=user)
            photo.full_clean(exclude=["image", "original"])
            photo.save(saved_by=user, record_revision=record_revision)
            if not new:
                # Renditions of the old picture must not be served: pages use the master
                # meanwhile. Their files go once this commits (models.py).
                photo.renditions.all().delete()
    except BaseException:
        discard_new_files(photo, keep=[name for _storage, name in replaced])
        raise
    # Registered after the block, not in it: a failure in these, after the commit, must not
    # reach the `except` above and remove the picture just saved. A replaced file that a
    # revision names stays, for a restore to bring it back.
    for storage, name in replaced:
        if name not in (photo.image.name, photo.original.name):
            transaction.on_commit(
                lambda storage=storage, name=name: _delete_unless_kept(photo, storage, name)
            )
    schedule_renditions(photo, renditions)
    return filled


def _delete_unless_kept(photo, storage, name):
    """Delete a replaced file unless one of the photo's revisions names it."""
    history = revisions_of(photo)
    if history.filter(content__fields__image=name).exists():
        return
    if history.filter(content__fields__original=name).exists():
        return
    storage.delete(name)


def shown_size(field_file):
    """(width, height) of a stored picture as it is seen: its header's size, turned a quarter
    when its EXIF orientation says so."""
    with field_file.open("rb") as handle, Image.open(handle) as picture:
        width, height = picture.size
        if imaging.orientation(picture) in imaging.QUARTER_TURNS:
            width, height = height, width
    return width, height


def in_published_use(photo):
    """Whether content readers see (or will see: published, scheduled) shows this photo; a
    headshot counts too."""
    if photo.pk is None:
        return False
    for _relation, model, field_name, placement in _relations():
        rows = model._default_manager.filter(**{field_name: photo.pk})
        owner = model if placement is None else model._meta.get_field(placement[0]).related_model
        if any(field.name == "status" for field in owner._meta.fields):
            status = "status" if placement is None else f"{placement[0]}__status"
            rows = rows.filter(**{status: Status.PUBLISHED})
        if model._meta.label_lower in _SHOWN_ONLY_IF:
            rows = rows.filter(_SHOWN_ONLY_IF[model._meta.label_lower])
        if rows.exists():
            return True
    return False


def check_may_replace(user, photo):
    """Refuse a new picture for a photo that published content uses, unless from an editor
    (the photo desk still fixes its text)."""
    if not publishing.is_editor(user, Photo) and in_published_use(photo):
        raise PermissionDenied(
            "Published content uses this photo: only an editor can replace its picture. "
            "Ask an editor, or upload the new picture as a new photo."
        )


def restore_photo(photo, revision, user):
    """Bring back a revision of a photo: its words and, if it had another picture, that
    picture (its files were kept with the revision), with renditions made again. Bringing
    back another picture is a replacement: on a photo in published use, an editor's."""
    picture = (revision.content.get("fields") or {}).get("image")
    changes_picture = bool(picture) and picture != photo.image.name
    if changes_picture:
        check_may_replace(user, photo)
    replaced = _stored_files(photo)
    with transaction.atomic():
        restored, notes = publishing.restore(photo, revision, user)
        if changes_picture:
            restored.renditions.all().delete()
            # The size as the picture is seen (a large master may keep its orientation tag).
            restored.width, restored.height = shown_size(restored.image)
            Photo.objects.filter(pk=restored.pk).update(
                width=restored.width, height=restored.height
            )
    if changes_picture:
        for storage, name in replaced:
            if name not in (restored.image.name, restored.original.name):
                transaction.on_commit(
                    lambda storage=storage, name=name: _delete_unless_kept(restored, storage, name)
                )
        schedule_renditions(restored, RENDITIONS_NOW)
    return restored, notes


def _stored_files(photo):
    """[(storage, name)] of the master and original stored for `photo`, read from the database:
    a form may already have put the upload on the instance, and saving a new file renames the
    same FieldFile objects."""
    if photo.pk is None:
        return []
    stored = type(photo).objects.filter(pk=photo.pk).values_list("image", "original").first()
    return [
        (field_file.storage, name)
        for field_file, name in zip((photo.image, photo.original), stored or (), strict=False)
        if name
    ]


def _attach_upload(photo, prepared, *, user=None):
    """Put a prepared upload on `photo`, not saved: the cleaned master, the original where the
    setting keeps originals, the size, and the file's metadata in the fields still empty.
    Returns the names of the fields filled from the file."""
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
    return filled


def discard_new_files(photo, *, keep=()):
    """Remove files stored for a photo whose save did not happen; `keep` names the files it
    had before (still its files, if the failure came before the new ones were stored)."""
    for field_file in (photo.image, photo.original):
        if field_file and field_file.name and field_file.name not in keep:
            field_file.storage.delete(field_file.name)


def renditions_timing(width, height, when=RENDITIONS_NOW):
    """When a picture of this size gets its renditions: a large one (over
    NEWSROOM_LARGE_PICTURE_PIXELS) never "now", in a web worker, but in the background, so
    that no upload costs a web worker more than about 300 MB."""
    if when == RENDITIONS_NOW and (width or 0) * (height or 0) > large_picture_pixels():
        return RENDITIONS_BACKGROUND
    return when


def schedule_renditions(photo, when=RENDITIONS_NOW):
    """Make the photo's renditions once the current transaction commits: in this process
    (before the response, for a single upload of a picture that is not large) or handed to
    the background worker."""
    if when not in (RENDITIONS_NOW, RENDITIONS_BACKGROUND, RENDITIONS_NONE):
        raise ValueError(f'renditions must be "now", "background" or "none", not {when!r}')
    when = renditions_timing(photo.width, photo.height, when)
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
    save_picture(photo, prepared, user=user, renditions=renditions)
    return photo


def replace_photo_file(photo, uploaded_file, *, user=None, renditions=RENDITIONS_NOW):
    """Give an existing photo a new picture; its text stays, empty fields fill from the file.
    A refused file raises ValidationError and changes nothing."""
    save_picture(photo, prepare_upload(uploaded_file), user=user, renditions=renditions)
    return photo


def set_focal_point(
    photo, focal_x, focal_y, *, user=None, renditions=RENDITIONS_NOW, record_revision=True
):
    """Move the focal point; the crops are made again under new names, the old files removed.

    `user` is the revision's author; the admin passes `record_revision=False` and records the
    revision itself after its inlines.
    """
    photo.focal_x, photo.focal_y = focal_x, focal_y
    photo.full_clean(exclude=["image", "original"])
    with transaction.atomic():
        photo.save(saved_by=user, record_revision=record_revision)
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
    "articles.bodyreference": ("article", lambda row: "placed in its body"),
}
# Rows that show their photo only in some states, besides their owner being published: a live
# post's body shows once the post is published (a draft, or a removed post, shows nowhere).
_SHOWN_ONLY_IF = {
    "articles.bodyreference": Q(live_post__isnull=True) | Q(live_post__status="published"),
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


def _relations():
    """(relation, model, field name, placement or None) for each kind of row that points at
    Photo and uses it (not renditions, which belong to it)."""
    found = []
    for relation in Photo._meta.get_fields(include_hidden=True):  # related_name="+" too
        if not (relation.auto_created and not relation.concrete and relation.is_relation):
            continue
        if not (relation.one_to_many or relation.one_to_one) or relation.on_delete is CASCADE:
            continue  # renditions belong to the photo itself; Gallery.photos is via GalleryPhoto
        model = relation.related_model
        placement = _PLACEMENTS.get(model._meta.label_lower)
        found.append((relation, model, relation.field.name, placement))
    return found


def usage_by_photo(photos):
    """{photo id: [Usage, ...]} for every article, gallery, timeline and person using them.

    One query per kind of use, whatever the number of photos. Found through the relations that
    point at Photo, so a new kind of use is listed (and protected) without changes here.
    """
    ids = [photo.pk for photo in photos]
    found = {pk: [] for pk in ids}
    for relation, model, field_name, placement in _relations():
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
