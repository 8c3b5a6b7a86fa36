"""The desk's private talk about content: notes on an article, gallery or timeline (never
shown to readers), the notifications they and hand-offs send, and each person's choice of
email."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class Note(models.Model):
    """A staff comment on an item, with its author and time; @login mentions notify people."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    # Set when the note was left with a status change (a hand-off).
    transition = models.ForeignKey(
        "publishing.Transition", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self):
        return f"Note by {self.author} on {self.content_type.model} {self.object_id}"


class Notification(models.Model):
    """Something a person should know about an item: it is ready for edit, it was sent back
    to them, or someone mentioned them in a note."""

    class Kind(models.TextChoices):
        READY = "ready", "Ready for edit"
        SENT_BACK = "sent_back", "Sent back to you"
        MENTION = "mention", "You were mentioned"
        PROPOSED = "proposed", "Update proposed"
        UPDATE_PUBLISHED = "published", "Your update is published"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    headline = models.CharField(max_length=255, help_text="The item's name when it was sent.")
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "notification"
        verbose_name_plural = "inbox"
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.headline}"


class DeskSettings(models.Model):
    """One person's choices: whether notifications also come by email."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_settings"
    )
    email_notifications = models.BooleanField("email me my notifications", default=True)

    class Meta:
        verbose_name = "desk settings"
        verbose_name_plural = "desk settings"

    def __str__(self):
        return f"{self.user}'s desk settings"
