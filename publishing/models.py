"""What every kind of content shares: status and times, the one visibility rule,
the transitions log, revisions and soft edit locks.

`articles` and `media_gallery` import this app; it imports neither.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models import Q
from django.utils import timezone

from .moments import check_moments


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    READY = "ready", "Ready for edit"
    PUBLISHED = "published", "Published"
    UNPUBLISHED = "unpublished", "Unpublished"


def visible_q(now=None, prefix=""):
    """The reader-visibility rule as a Q object, for use across relations (`prefix="article__"`)."""
    now = now or timezone.now()
    return Q(**{f"{prefix}status": Status.PUBLISHED, f"{prefix}published_at__lte": now}) & (
        Q(**{f"{prefix}embargo_until__isnull": True}) | Q(**{f"{prefix}embargo_until__lte": now})
    )


class PublishableQuerySet(models.QuerySet):
    def published(self, now=None):
        """What readers may see: published, its time come, and no embargo still running."""
        return self.filter(visible_q(now))

    def scheduled(self, now=None):
        now = now or timezone.now()
        return self.filter(status=Status.PUBLISHED).filter(
            Q(published_at__gt=now) | Q(embargo_until__gt=now)
        )


class StaleEdit(Exception):
    """A save that starts from an older version than the stored one: someone saved in between."""

    def __init__(self, item, stored_version):
        self.item = item
        self.stored_version = stored_version
        super().__init__(
            f"{item._meta.verbose_name.capitalize()} {item.pk} was saved by someone else "
            f"(now version {stored_version}) after this copy was loaded (version {item.version}); "
            "reload it before saving."
        )


class Versioned(models.Model):
    """A version number raised by every save, so a stale edit can be recognised and refused.

    Every save also keeps a `Revision` (see `publishing.revisions`). Subclasses say what a
    revision holds with class attributes:
    `revision_fields` (only these of the own fields; default all editable non-file fields),
    `revision_state_fields` (kept for the record, never restored: status, times),
    `revision_children` ({related name: (fields,)}: rows that belong to the item, restored),
    `revision_records` ({related name: (fields,)}: rows shown in history, never restored).
    """

    version = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="created by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("last saved", auto_now=True)

    revision_fields = None
    revision_state_fields = ()
    revision_children = {}
    revision_records = {}
    # File fields a revision keeps too (by name: the files themselves are kept while a
    # revision names them), so a restore brings the old file back.
    revision_files = ()
    # Who counts as the item's own people, for "my drafts" and reporters' edit rights.
    ownership_lookups = ("created_by",)
    # The permission that makes someone an editor of this kind of item (by default
    # `<app>.publish_<model>`, see `services.is_editor`).
    editor_permission = None

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        """Django's checks, and every date and time readable back (see `moments`)."""
        errors = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            check_moments(self, exclude or ())
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def editor_only_reason(self):
        """Why only an editor may change this item as it is stored (a sentence), or "".
        Items without a status (people, sections) say so here; see `services.edit_refusal`."""
        return ""

    def restore_warnings(self, revision):
        """What an editor must know before restoring `revision`: a list of {"label", "text",
        "at"} (an article lists its corrections newer than it). None by default."""
        return []

    def save(self, *args, saved_by=None, revision_summary="", record_revision=True, **kwargs):
        """Save, refusing a stale copy, and keep a revision of what was saved.

        The stored version is read with SELECT ... FOR UPDATE in the same transaction as the
        write, so two saves of the same version cannot both pass. `record_revision=False` is
        for callers that save rows belonging to the item afterwards and then call
        `publishing.revisions.record` themselves (the admin, after its inlines).
        """
        from .revisions import record

        check_moments(self)  # a time Python could not read back would break every page
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            if not self._state.adding and self.pk is not None:
                stored = (
                    type(self)
                    ._base_manager.using(using)
                    .select_for_update()
                    .filter(pk=self.pk)
                    .values_list("version", flat=True)
                    .first()
                )
                if stored is not None and stored != self.version:
                    raise StaleEdit(self, stored)
            adding = self._state.adding
            loaded_version = self.version or 0
            self.version = loaded_version + 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version", "updated_at"}
            try:
                super().save(*args, **kwargs)
                if record_revision:
                    author = saved_by or (self.created_by if adding else None)
                    summary = revision_summary or ("Created" if adding else "")
                    record(self, author, summary, new=adding)
            except BaseException:
                self.version = loaded_version
                raise


class Publishable(Versioned):
    """Abstract base of Article, Gallery and Timeline: status, schedule and embargo."""

    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        "publication time",
        null=True,
        blank=True,
        db_index=True,
        help_text="Set on first publication. A future time schedules the item.",
    )
    embargo_until = models.DateTimeField(
        "embargoed until",
        null=True,
        blank=True,
        help_text="Readers see nothing before this time, even if the item is published.",
    )

    objects = PublishableQuerySet.as_manager()

    revision_state_fields = ("status", "published_at", "embargo_until")
    # Fields only editors set, on every save path (`services.save_edit`); others see them
    # read-only in the admin.
    editor_fields = ("published_at", "embargo_until")

    class Meta:
        abstract = True

    @property
    def is_live(self):
        now = timezone.now()
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and (self.embargo_until is None or self.embargo_until <= now)
        )

    @property
    def is_scheduled(self):
        return self.status == Status.PUBLISHED and not self.is_live

    @property
    def display_published_at(self):
        """The time readers are told it was published: the later of publication and embargo."""
        if self.published_at and self.embargo_until:
            return max(self.published_at, self.embargo_until)
        return self.published_at or self.embargo_until


class Transition(models.Model):
    """One change of status: who moved what, from where to where, and when."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    from_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "status change"
        verbose_name_plural = "status changes"
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self):
        return (
            f"{self.from_status or '—'} → {self.to_status} by {self.by} at {self.at:%Y-%m-%d %H:%M}"
        )


class Revision(models.Model):
    """A snapshot of an item's content and everything that belongs to it, at one version."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    version = models.PositiveIntegerField()
    content = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    summary = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "revision"
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "version"], name="one_revision_per_version"
            )
        ]

    def __str__(self):
        return f"version {self.version} by {self.created_by} at {self.created_at:%Y-%m-%d %H:%M}"


class EditLock(models.Model):
    """A soft lock: this person has this item open. Shown to others, never blocking."""

    STALE_AFTER_SECONDS = 120

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    heartbeat_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["opened_at"]
        verbose_name = "edit lock"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "user"], name="one_lock_per_person_and_item"
            )
        ]

    def __str__(self):
        return f"{self.user} has {self.content_type.model} {self.object_id} open"


class Autosave(models.Model):
    """Text someone typed and has not saved yet, kept while they type: one row per person,
    item and browser session (each autosave replaces the last), so a crash loses nothing.

    It is not a version: the item, its version and every page readers see stay as they are
    until the person saves, and on a published item it is a pending draft. Saving the item,
    or discarding the text, deletes it.

    Text typed on an "Add" page, before the item exists, has no `object_id`: it is kept per
    person, kind of item and page (`session_key` is a key the add page makes), and goes when
    the item is first saved.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    item = GenericForeignKey("content_type", "object_id")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=64, blank=True)
    loaded_version = models.PositiveIntegerField(
        help_text="The version the page was opened at: a save from it merges with newer ones."
    )
    data = models.JSONField(help_text="What the form held, as [name, value] pairs.")
    content = models.JSONField(help_text="The same as a snapshot, to show what differs.")
    created_at = models.DateTimeField(default=timezone.now)
    saved_at = models.DateTimeField(default=timezone.now)
    # Set when a reporter sent it as a proposed update to their published story: it waits
    # for an editor, who reviews it in the differences and publishes it or returns it.
    proposed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-saved_at"]
        verbose_name = "autosave"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "user", "session_key"],
                name="one_autosave_per_person_item_and_session",
            ),
            models.UniqueConstraint(
                fields=["content_type", "user", "session_key"],
                condition=Q(object_id__isnull=True),
                name="one_unsaved_new_item_per_person_and_page",
            ),
        ]

    def __str__(self):
        if self.object_id is None:
            return f"{self.user}'s unsaved text of a new {self.content_type.model}"
        return f"{self.user}'s unsaved text of {self.content_type.model} {self.object_id}"
