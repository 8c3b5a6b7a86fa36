"""Live coverage: a story (`Article` of type "live") that grows by posts while events unfold.

The story itself is an ordinary `Article` (headline, slug, deck, section, tags, lead photo,
status and schedule), so section pages, feeds, sitemaps, search and JSON-LD list it like any
other. `LiveCoverage` holds what only a live story has (key points, when coverage started and
ended, the order of its posts); `LivePost` rows are its posts, each with its own status, so
ten editors can post at once without touching one another's rows or the story's version.
Every change a reader can see goes through `articles.live`.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ..body.field import StoryBodyField
from .corrections import Correction


class LiveCoverage(models.Model):
    """What a live story has besides an article's fields: key points, state and post order."""

    class Order(models.TextChoices):
        NEWEST_FIRST = "newest", "Newest first"
        OLDEST_FIRST = "oldest", "Oldest first (sports)"

    article = models.OneToOneField(
        "Article", on_delete=models.CASCADE, primary_key=True, related_name="live"
    )
    key_points = models.TextField(
        "key points",
        blank=True,
        help_text="The summary at the top of the story, one point a line; keep it current.",
    )
    started_at = models.DateTimeField(
        "coverage started", null=True, blank=True, help_text="Set when the story is published."
    )
    ended_at = models.DateTimeField(
        "coverage ended", null=True, blank=True, help_text="Set when the desk ends coverage."
    )
    planned_end_at = models.DateTimeField(
        "coverage planned to end",
        null=True,
        blank=True,
        help_text="For search engines while coverage runs; a day after the start if empty.",
    )
    order = models.CharField(
        "post order", max_length=8, choices=Order.choices, default=Order.NEWEST_FIRST
    )
    # Raised by every change readers may see (a post published, updated, corrected, removed,
    # key points edited, coverage ended): the update endpoint's cache key and ETag.
    stamp = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = "live coverage"
        verbose_name_plural = "live coverage"

    def __str__(self):
        return f"Live coverage of {self.article_id}"

    @property
    def has_ended(self):
        return self.ended_at is not None and self.ended_at <= timezone.now()

    @property
    def start_time(self):
        """When coverage started: as set, else when the story was published."""
        return self.started_at or self.article.display_published_at

    @property
    def end_time(self):
        """When coverage ended, or (while it runs) when it is planned to end."""
        if self.ended_at is not None:
            return self.ended_at
        if self.planned_end_at is not None:
            return self.planned_end_at
        start = self.start_time
        return start + timedelta(days=1) if start else None

    @property
    def key_point_lines(self):
        return [line.strip(" -•*\t") for line in self.key_points.splitlines() if line.strip()]


class LivePostQuerySet(models.QuerySet):
    def visible(self):
        """Posts readers may see, of stories readers may see: published and not removed."""
        from publishing.models import visible_q

        return self.filter(status=LivePost.Status.PUBLISHED).filter(visible_q(prefix="story__"))

    def in_reading_order(self, order):
        """The pinned post first, then newest (or oldest) first."""
        newest = order != LiveCoverage.Order.OLDEST_FIRST
        by_time = ("-published_at", "-id") if newest else ("published_at", "id")
        return self.order_by("-is_pinned", *by_time)


class LivePost(models.Model):
    """One update in a live story: its own row, status, byline, body and corrections."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        REMOVED = "removed", "Removed"

    story = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="live_posts")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "time", null=True, blank=True, help_text="The time shown on the post; set on publishing."
    )
    title = models.CharField(max_length=255, blank=True, help_text="Optional.")
    body = StoryBodyField(blank=True)
    authors = models.ManyToManyField(
        "Person", through="LivePostCredit", related_name="live_posts", blank=True
    )
    is_key_event = models.BooleanField("key event", default=False)
    is_pinned = models.BooleanField("pinned", default=False)
    edited_at = models.DateTimeField(
        "updated", null=True, blank=True, help_text='Readers see "Updated" with this time.'
    )
    version = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Every write, for the desk screen's "what changed since" and dateModified.
    changed_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    removed_at = models.DateTimeField(null=True, blank=True, editable=False)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = LivePostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = "live post"
        indexes = [models.Index(fields=["story", "status", "-published_at"], name="livepost_order")]
        constraints = [
            models.UniqueConstraint(
                fields=["story"], condition=Q(is_pinned=True), name="one_pinned_post_per_story"
            )
        ]

    def __str__(self):
        return self.title or f"Post {self.pk} in {self.story_id}"

    @property
    def anchor(self):
        return f"post-{self.pk}"

    @property
    def byline_people(self):
        credits = getattr(self, "byline_credits", None)
        if credits is None:
            credits = list(self.credits.select_related("person"))
        return [credit.person for credit in sorted(credits, key=lambda c: (c.order, c.pk))]

    @property
    def date_modified(self):
        corrections = getattr(self, "visible_corrections", None)
        if corrections is None:
            corrections = list(self.corrections.all())
        moments = [m for m in [self.published_at, self.edited_at] if m]
        moments += [c.published_at for c in corrections]
        return max(moments) if moments else None


class LivePostCredit(models.Model):
    """One person in a post's byline, in order."""

    post = models.ForeignKey(LivePost, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey("Person", on_delete=models.PROTECT, related_name="live_credits")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "live post byline"
        constraints = [
            models.UniqueConstraint(fields=["post", "person"], name="one_credit_per_post_person")
        ]

    def __str__(self):
        return f"{self.person} on post {self.post_id}"


class LivePostCorrection(models.Model):
    """A typed correction (or clarification, update, editor's note) shown on one post."""

    post = models.ForeignKey(LivePost, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(
        "type", max_length=16, choices=Correction.Kind.choices, default=Correction.Kind.CORRECTION
    )
    text = models.TextField()
    published_at = models.DateTimeField("time", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["published_at", "id"]
        verbose_name = "live post correction"

    def __str__(self):
        return f"{self.get_kind_display()} on post {self.post_id}"
