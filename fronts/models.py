"""The front page as the desk arranges it.

A `Front` is one arrangement of the front page: ordered `Zone`s (lead, top stories, the live
coverage strip, a rail per section, galleries, timelines), each with a number of slots, and
the `Placement`s the desk chose for them. A front is publishable like a story: the one readers
see is the newest published front whose time has come (`FrontQuerySet.current`), so a front
scheduled for 6 a.m. takes over at 6 a.m. by the same query-time rule as a scheduled story,
with no worker. Slots left empty fill with the newest published items (`fronts.selectors`).

Placements name their zone by a key ("lead", "section:4"), not by a row id, so restoring a
revision (which writes the zones afresh) keeps every placement in its zone.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from articles.models import Article, Section, Timeline
from media_gallery.models import Gallery, Photo
from publishing.models import Publishable, PublishableQuerySet

# How many items a zone may hold: enough for a busy night, few enough to read at a glance.
MAX_SLOTS = 20


class FrontQuerySet(PublishableQuerySet):
    def current(self, now=None):
        """The front readers see at `now`: the newest published one whose time has come."""
        return self.published(now).order_by("-published_at", "-pk").first()


class Front(Publishable):
    """One arrangement of the front page. Publish it to put it before readers; give it a
    future publication time to schedule it (the one before it stands until then)."""

    name = models.CharField(
        max_length=120, help_text="For the desk only, e.g. “Election night, 6 a.m.”"
    )

    objects = FrontQuerySet.as_manager()

    revision_children = {
        "zones": ("position", "kind", "section", "heading", "slots"),
        "placements": (
            "zone_key",
            "order",
            "article",
            "gallery",
            "timeline",
            "headline",
            "deck",
            "photo",
            "crop",
        ),
    }
    # Fronts have no embargo: a publication time says when an arrangement takes over.
    editor_fields = ("published_at",)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = "front page arrangement"
        verbose_name_plural = "front page arrangements"
        permissions = [("publish_front", "Can publish and schedule front page arrangements")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return "/"


class Zone(models.Model):
    """A band of the front page with a number of slots."""

    class Kind(models.TextChoices):
        LEAD = "lead", "Lead"
        TOP = "top", "Top stories"
        LIVE = "live", "Live coverage (shown only while a story is live)"
        SECTION = "section", "Section rail"
        GALLERIES = "galleries", "Photo galleries"
        TIMELINES = "timelines", "Timelines"

    front = models.ForeignKey(Front, on_delete=models.CASCADE, related_name="zones")
    position = models.PositiveSmallIntegerField("order", default=0)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    section = models.ForeignKey(
        Section,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="For a section rail: whose newest stories fill its empty slots.",
    )
    heading = models.CharField(
        max_length=80, blank=True, help_text="Shown above the zone; empty for the usual one."
    )
    slots = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1), MaxValueValidator(MAX_SLOTS)]
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "zone"
        constraints = [
            models.UniqueConstraint(
                fields=["front", "kind", "section"],
                nulls_distinct=False,
                name="one_zone_of_a_kind_per_front",
            ),
            models.CheckConstraint(
                condition=Q(kind="section", section__isnull=False)
                | (~Q(kind="section") & Q(section__isnull=True)),
                name="zone_section_only_for_rails",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def key(self):
        return zone_key(self.kind, self.section_id)

    @property
    def label(self):
        if self.kind == self.Kind.SECTION:
            return f"Section rail: {self.section.name}" if self.section_id else "Section rail"
        return self.Kind(self.kind).label.split(" (")[0]

    def clean(self):
        if self.kind == self.Kind.SECTION and not self.section_id:
            raise ValidationError({"section": "Choose the section this rail shows."})
        if self.kind != self.Kind.SECTION and self.section_id:
            raise ValidationError(
                {"section": "Only a section rail has a section; clear it or make this a rail."}
            )


def zone_key(kind, section_id=None):
    """How a placement names its zone: the kind, and for a rail its section ("section:4")."""
    return f"section:{section_id}" if kind == Zone.Kind.SECTION else kind


class Placement(models.Model):
    """An item the desk put in a zone, in order, with what the front shows of it instead of
    its own headline, deck and photo."""

    class Crop(models.TextChoices):
        NONE = "", "The photo's own shape"
        WIDE = "16x9", "16:9"
        CLASSIC = "4x3", "4:3"
        SQUARE = "1x1", "Square"

    front = models.ForeignKey(Front, on_delete=models.CASCADE, related_name="placements")
    zone_key = models.CharField("zone", max_length=40)
    order = models.PositiveSmallIntegerField(default=0)
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A story or a live story.",
    )
    gallery = models.ForeignKey(
        Gallery, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    timeline = models.ForeignKey(
        Timeline, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    headline = models.CharField(
        "front headline", max_length=200, blank=True, help_text="Empty: the item's own."
    )
    deck = models.TextField("front deck", blank=True, help_text="Empty: the item's own.")
    photo = models.ForeignKey(
        Photo,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="front photo",
        help_text="Empty: the item's own.",
    )
    crop = models.CharField(max_length=4, choices=Crop.choices, blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "placement"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(article__isnull=False, gallery__isnull=True, timeline__isnull=True)
                    | Q(article__isnull=True, gallery__isnull=False, timeline__isnull=True)
                    | Q(article__isnull=True, gallery__isnull=True, timeline__isnull=False)
                ),
                name="placement_names_exactly_one_item",
            )
        ]

    def __str__(self):
        return str(self.target)

    @property
    def target(self):
        return self.article or self.gallery or self.timeline

    def clean(self):
        named = [f for f in ("article", "gallery", "timeline") if getattr(self, f"{f}_id")]
        if len(named) != 1:
            raise ValidationError("Choose exactly one story, gallery or timeline for this slot.")
