"""Corrections, clarifications, updates and editor's notes on published stories."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Correction(models.Model):
    """A correction, clarification, update or editor's note appended to a published article.

    Never deleted: removal is recorded with who and when, and the text kept.
    """

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        CLARIFICATION = "clarification", "Clarification"
        UPDATE = "update", "Update"
        EDITORS_NOTE = "editors_note", "Editor's note"

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField("type", max_length=16, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField()
    published_at = models.DateTimeField("time", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True, editable=False)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    removal_reason = models.CharField(max_length=255, blank=True, editable=False)

    class Meta:
        ordering = ["published_at", "id"]
        verbose_name = "correction or update"
        verbose_name_plural = "corrections and updates"
        indexes = [
            # The corrections log, newest first: walked in order, a page at a time.
            models.Index(
                fields=["-published_at", "-id"],
                condition=models.Q(removed_at__isnull=True),
                name="correction_log",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, {timezone.localtime(self.published_at):%Y-%m-%d %H:%M}"
