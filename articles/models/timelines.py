"""Timelines: chronologies as real content, each event dated at the precision that is known."""

import datetime

from django.db import models
from django.urls import reverse
from taggit.managers import TaggableManager

from media_gallery.models import Photo
from publishing.display import ap_date
from publishing.models import Publishable, PublishableQuerySet


class Timeline(Publishable):
    """A chronology as real content: dated events, each at the precision that is known."""

    headline = models.CharField(max_length=255)
    slug = models.SlugField(max_length=120, unique=True)
    deck = models.TextField(blank=True, help_text="The summary under the headline.")
    cover_photo = models.ForeignKey(
        Photo, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    tags = TaggableManager(blank=True)

    objects = PublishableQuerySet.as_manager()

    # A revision keeps the events with the timeline (see publishing.revisions).
    revision_children = {
        "events": ("date", "precision", "headline", "description", "photo", "article")
    }

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = "timeline"
        permissions = [("publish_timeline", "Can publish, schedule and unpublish timelines")]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse("articles:timeline_detail", kwargs={"slug": self.slug})


class TimelineEvent(models.Model):
    """One dated event. A month-precision event ("March 2011") sorts before that month's days."""

    class Precision(models.IntegerChoices):
        YEAR = 1, "Year"
        MONTH = 2, "Month"
        DAY = 3, "Day"

    timeline = models.ForeignKey(Timeline, on_delete=models.CASCADE, related_name="events")
    date = models.DateField(
        help_text="For a month or a year, any day in it; it is stored as the first."
    )
    precision = models.PositiveSmallIntegerField(choices=Precision.choices, default=Precision.DAY)
    headline = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    photo = models.ForeignKey(
        Photo, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    article = models.ForeignKey(
        "Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="timeline_events"
    )

    class Meta:
        ordering = ["date", "precision", "id"]
        verbose_name = "timeline event"

    def __str__(self):
        return f"{self.display_date}: {self.headline}"

    def save(self, *args, **kwargs):
        self.date = self.normalised_date(self.date, self.precision)
        super().save(*args, **kwargs)

    @staticmethod
    def normalised_date(date, precision):
        if precision == TimelineEvent.Precision.YEAR:
            return datetime.date(date.year, 1, 1)
        if precision == TimelineEvent.Precision.MONTH:
            return datetime.date(date.year, date.month, 1)
        return date

    @property
    def display_date(self):
        """AP style at the known precision: "2011", "March 2011", "Dec. 25, 2012"."""
        if self.precision == self.Precision.YEAR:
            return str(self.date.year)
        if self.precision == self.Precision.MONTH:
            return self.date.strftime("%B %Y")
        return ap_date(self.date)

    @property
    def machine_date(self):
        """For <time datetime>: "2011", "2011-03", "2012-12-25"."""
        if self.precision == self.Precision.YEAR:
            return f"{self.date.year:04d}"
        if self.precision == self.Precision.MONTH:
            return f"{self.date.year:04d}-{self.date.month:02d}"
        return self.date.isoformat()
