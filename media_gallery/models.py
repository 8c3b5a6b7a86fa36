"""Photos, their stored renditions, and galleries of photos."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from taggit.managers import TaggableManager

from publishing.models import Publishable, PublishableQuerySet, Versioned

from .storage import original_upload_to, originals_storage, photo_upload_to, rendition_upload_to


class PhotoQuerySet(models.QuerySet):
    def missing_text(self):
        """Photos the desk still has to caption, credit or describe."""
        return self.filter(models.Q(caption="") | models.Q(credit="") | models.Q(alt_text=""))


class Photo(Versioned):
    """One picture: the cleaned master file and the words the photo desk writes about it.

    A photo has no publishing status of its own: it is public where published content uses it.
    """

    image = models.ImageField(
        upload_to=photo_upload_to,
        width_field="width",
        height_field="height",
        max_length=255,
        help_text="JPEG, PNG, WebP, GIF, AVIF or HEIC. Location data is removed on upload.",
    )
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    original = models.FileField(
        upload_to=original_upload_to,
        storage=originals_storage,
        blank=True,
        max_length=255,
        editable=False,
        help_text="The untouched upload, kept only when NEWSROOM_KEEP_ORIGINALS is on.",
    )
    original_filename = models.CharField(
        "uploaded as",
        max_length=255,
        blank=True,
        editable=False,
        help_text="The file's name on the uploader's computer (not used in any public address).",
    )
    headline = models.CharField(max_length=255, blank=True)
    caption = models.TextField(blank=True)
    alt_text = models.CharField(
        "alt text",
        max_length=500,
        blank=True,
        help_text="What the picture shows, for readers who cannot see it.",
    )
    credit = models.CharField(
        "credit line", max_length=255, blank=True, help_text='e.g. "Al Arabiya TV via AP"'
    )
    source = models.CharField(max_length=255, blank=True, help_text="Agency or origin, e.g. AP.")
    copyright = models.CharField("copyright notice", max_length=255, blank=True)
    usage_terms = models.TextField("usage terms / special instructions", blank=True)
    photographer = models.ForeignKey(
        "articles.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="photos_taken",
    )
    photographer_name = models.CharField(
        "photographer (free text)",
        max_length=255,
        blank=True,
        help_text="Used when the photographer has no profile.",
    )
    date_taken = models.DateTimeField("date taken", null=True, blank=True)
    keywords = models.TextField(
        blank=True, help_text="Wire keywords, one per line. Searchable here; not reader tags."
    )
    focal_x = models.FloatField(
        "focal point (across)",
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="0 is the left edge, 1 the right edge.",
    )
    focal_y = models.FloatField(
        "focal point (down)",
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="0 is the top edge, 1 the bottom edge.",
    )
    metadata_sources = models.JSONField(
        "filled from the file",
        default=dict,
        blank=True,
        editable=False,
        help_text="For each field filled from the file's metadata, where it came from.",
    )
    metadata_notes = models.TextField(blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="photos_uploaded",
        editable=False,
    )

    objects = PhotoQuerySet.as_manager()

    # A revision keeps the desk's words and the names of the master (and original): a replaced
    # picture's files stay while a revision names them, so a restore brings it back (see
    # services.restore_photo). The focal point is recorded but not restored.
    revision_state_fields = ("focal_x", "focal_y")
    revision_files = ("image", "original")
    # The photo desk fixes text on any photo; replacing the picture of one that published
    # content uses needs an editor (who may publish galleries).
    editor_permission = "media_gallery.publish_gallery"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "photo"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="photo_focal_point_inside",
            )
        ]

    def __str__(self):
        text = (
            self.headline
            or self.caption
            or self.original_filename
            or self.image.name.rsplit("/", 1)[-1]
        )
        return text if len(text) <= 80 else text[:79] + "…"

    def save(self, *args, **kwargs):
        if self.image and not (self.width and self.height):
            self.width, self.height = self.image.width, self.image.height
        super().save(*args, **kwargs)

    def readers_can_see(self):
        """Whether a change to this photo reaches readers: published (or scheduled) content
        uses it. A photo only drafts use changes no reader's page (reader.fragments)."""
        from .services import in_published_use

        return in_published_use(self)

    @property
    def photographer_display(self):
        """The Person's name when linked, else the free text."""
        return self.photographer.name if self.photographer_id else self.photographer_name

    @property
    def credit_line(self):
        """The credit printed under the photo, in feeds and in JSON-LD alike: the photographer,
        then the credit ("Hussein Malla / AP"); a name the credit already carries is not
        printed twice ("Hussein Malla/AP")."""
        name, credit = self.photographer_display.strip(), self.credit.strip()
        if name and credit and name.casefold() in credit.casefold():
            return credit
        return " / ".join(part for part in (name, credit) if part)


class Rendition(models.Model):
    """One stored, resized (or cropped) copy of a photo, made once and served as a file."""

    class Format(models.TextChoices):
        JPEG = "jpeg", "JPEG"
        WEBP = "webp", "WebP"
        AVIF = "avif", "AVIF"

    photo = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="renditions")
    spec = models.CharField(max_length=40, help_text='e.g. "w640", "crop-16x9", "social", "thumb"')
    format = models.CharField(max_length=4, choices=Format.choices)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    file = models.ImageField(upload_to=rendition_upload_to, max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["photo", "spec", "format"]
        verbose_name = "rendition"
        constraints = [
            models.UniqueConstraint(
                fields=["photo", "spec", "format"], name="one_rendition_per_photo_spec_format"
            )
        ]

    def __str__(self):
        return f"{self.spec} {self.format} {self.width}×{self.height}"

    @property
    def url(self):
        return self.file.url

    def readers_can_see(self):
        return self.photo.readers_can_see()


class Gallery(Publishable):
    """A photo gallery: ordered photos with their captions, published like an article."""

    headline = models.CharField(max_length=255)
    slug = models.SlugField(max_length=120, unique=True)
    deck = models.TextField(blank=True, help_text="The summary under the headline.")
    cover_photo = models.ForeignKey(
        Photo,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="galleries_as_cover",
        help_text="Shown in promos; one of the gallery's photos.",
    )
    photos = models.ManyToManyField(Photo, through="GalleryPhoto", related_name="galleries")
    tags = TaggableManager(blank=True)

    objects = PublishableQuerySet.as_manager()

    # A revision keeps the photo rows, in order with their captions (see publishing.revisions).
    revision_children = {"items": ("order", "photo", "caption_override")}

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = "photo gallery"
        verbose_name_plural = "photo galleries"
        permissions = [("publish_gallery", "Can publish, schedule and unpublish galleries")]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse("media_gallery:gallery_detail", kwargs={"slug": self.slug})


class GalleryPhoto(models.Model):
    """A photo's place in a gallery, with an optional caption written for this gallery."""

    gallery = models.ForeignKey(Gallery, on_delete=models.CASCADE, related_name="items")
    photo = models.ForeignKey(Photo, on_delete=models.PROTECT, related_name="gallery_items")
    order = models.PositiveIntegerField(default=0, db_index=True)
    caption_override = models.TextField(
        "caption in this gallery", blank=True, help_text="Leave empty to use the photo's caption."
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "gallery photo"
        constraints = [
            models.UniqueConstraint(fields=["gallery", "photo"], name="photo_once_per_gallery")
        ]

    def __str__(self):
        return f"{self.gallery} #{self.order}: {self.photo}"

    @property
    def caption(self):
        return self.caption_override or self.photo.caption


def delete_file_after_commit(field_file):
    """Remove a stored file once the deletion of its row is committed (never before: a rolled
    back delete must still find its file)."""
    name, storage = field_file.name, field_file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# Files follow their rows out, however the rows go (admin, bulk delete, cascade, regeneration).
@receiver(post_delete, sender=Rendition, dispatch_uid="media_gallery_rendition_file")
def _delete_rendition_file(sender, instance, **kwargs):
    delete_file_after_commit(instance.file)


@receiver(post_delete, sender=Photo, dispatch_uid="media_gallery_photo_files")
def _delete_photo_files(sender, instance, **kwargs):
    """The photo's files, and the earlier pictures its revisions kept: nothing can restore
    them once the photo is gone."""
    from publishing.revisions import revisions_of

    delete_file_after_commit(instance.image)
    delete_file_after_commit(instance.original)
    kept = set()
    for fields in revisions_of(instance).values_list("content__fields", flat=True):
        for name in ("image", "original"):
            kept.add((name, (fields or {}).get(name) or ""))
    for name, stored in kept:
        if stored and stored not in (instance.image.name, instance.original.name):
            field_file = getattr(instance, name)
            storage = field_file.storage
            transaction.on_commit(lambda storage=storage, stored=stored: storage.delete(stored))
