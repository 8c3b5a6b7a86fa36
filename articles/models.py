"""Sections, people, articles with their credits, related items and corrections, and timelines."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager

from media_gallery.models import Gallery, Photo, Rendition
from publishing.display import ap_date
from publishing.models import Publishable, PublishableQuerySet, visible_q
from publishing.richtext import PROSE_EXTENSIONS, sanitize_html

from .bylines import byline_line, contributors_line

# Words a section slug may not take, because the site's own URLs use them.
RESERVED_SLUGS = {
    "admin",
    "api",
    "corrections",
    "feeds",
    "feed",
    "healthz",
    "media",
    "people",
    "photos",
    "preview",
    "robots.txt",
    "search",
    "sitemap.xml",
    "sitemaps",
    "static",
    "tags",
    "timelines",
    "news-sitemap.xml",
    "accounts",
    "login",
    "logout",
}


def validate_section_slug(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(
            f'"{value}" is a reserved word in the site\'s addresses; choose another slug.'
        )
    if re.fullmatch(r"\d+", value):
        raise ValidationError("A section slug cannot be only digits (those addresses are dates).")


class Section(models.Model):
    """A desk or page of the paper: World, and under it Middle East."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=60, unique=True, validators=[validate_section_slug])
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    order = models.PositiveIntegerField(default=0, help_text="Lower numbers come first.")
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "section"

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name

    def clean(self):
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": "A section cannot be its own parent."})
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": "Sections nest one level deep: choose a top section."})

    def get_absolute_url(self):
        if self.parent_id:
            return reverse(
                "articles:subsection", kwargs={"parent": self.parent.slug, "slug": self.slug}
            )
        return reverse("articles:section", kwargs={"slug": self.slug})


class Person(models.Model):
    """Anyone the paper credits: staff writers, contributors, photographers, or an agency."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    job_title = models.CharField("job title", max_length=200, blank=True)
    bio = models.TextField("short bio", blank=True)
    headshot = models.ForeignKey(
        Photo, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    email = models.EmailField(blank=True)
    is_organisation = models.BooleanField(
        "is an organisation", default=False, help_text='e.g. "The Associated Press".'
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text="The login of this person, for their drafts and default byline.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "person"
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:person", kwargs={"slug": self.slug})


class ArticleQuerySet(PublishableQuerySet):
    def for_listing(self, rendition_specs=None):
        """What a list of stories prints: section, lead photo with renditions, byline.

        `rendition_specs` limits the lead photo's renditions to those the list shows (a card
        needs three widths, not every crop).
        """
        renditions = Rendition.objects.all()
        if rendition_specs is not None:
            renditions = renditions.filter(spec__in=rendition_specs)
        return self.select_related("section", "section__parent", "lead_photo").prefetch_related(
            Prefetch("lead_photo__renditions", queryset=renditions),
            Prefetch(
                "credits",
                queryset=Credit.objects.filter(role=Credit.Role.BYLINE).select_related("person"),
                to_attr="byline_credits",
            ),
        )

    def for_detail(self):
        """Everything the article page prints, in a fixed number of queries."""
        now = timezone.now()
        return self.select_related(
            "section", "section__parent", "lead_photo", "lead_photo__photographer"
        ).prefetch_related(
            "lead_photo__renditions",
            "tags",
            Prefetch("credits", queryset=Credit.objects.select_related("person")),
            Prefetch(
                "related_items",
                queryset=RelatedItem.objects.visible(now).select_related(
                    "target_article",
                    "target_gallery",
                    "target_timeline",
                    "target_gallery__cover_photo",
                    "target_timeline__cover_photo",
                ),
            ),
            Prefetch(
                "corrections",
                queryset=Correction.objects.filter(removed_at__isnull=True),
                to_attr="visible_corrections",
            ),
        )


class Article(Publishable):
    """A story: the words, who wrote it, where it was filed, and what goes with it."""

    class ArticleType(models.TextChoices):
        NEWS = "news", "News"
        ANALYSIS = "analysis", "Analysis"
        OPINION = "opinion", "Opinion"
        REVIEW = "review", "Review"
        SPONSORED = "sponsored", "Sponsored"

    SCHEMA_TYPES = {
        "news": "NewsArticle",
        "analysis": "AnalysisNewsArticle",
        "opinion": "OpinionNewsArticle",
        "review": "ReviewNewsArticle",
        "sponsored": "AdvertiserContentArticle",
    }

    kicker = models.CharField(max_length=100, blank=True, help_text="A label above the headline.")
    headline = models.CharField(max_length=255)
    slug = models.SlugField(max_length=120, unique=True)
    deck = models.TextField(blank=True, help_text="The summary under the headline.")
    seo_headline = models.CharField(
        "search headline", max_length=255, blank=True, help_text="For search engines, if different."
    )
    social_headline = models.CharField(
        "social headline", max_length=255, blank=True, help_text="For social cards, if different."
    )
    article_type = models.CharField(
        "type", max_length=12, choices=ArticleType.choices, default=ArticleType.NEWS
    )
    dateline = models.CharField(max_length=100, blank=True, help_text='e.g. "BEIRUT"')
    body = ProseEditorField(extensions=PROSE_EXTENSIONS, sanitize=sanitize_html, blank=True)
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    lead_photo = models.ForeignKey(
        Photo, null=True, blank=True, on_delete=models.PROTECT, related_name="lead_of_articles"
    )
    tags = TaggableManager(blank=True)
    authors = models.ManyToManyField(Person, through="Credit", related_name="articles")
    is_pinned = models.BooleanField(
        "pin to the front page", default=False, help_text="Lead the front page with this story."
    )
    material_update_at = models.DateTimeField(
        "updated (material change)",
        null=True,
        blank=True,
        help_text="Set when an editor marks a save as a material update; readers see 'Updated'.",
    )

    objects = ArticleQuerySet.as_manager()

    # What a revision keeps besides the article's own fields (see publishing.revisions):
    # the pin and the "Updated" time are placement and times, recorded but never restored;
    # corrections have their own permanent record and are shown in history, never restored.
    revision_state_fields = (*Publishable.revision_state_fields, "material_update_at", "is_pinned")
    revision_children = {
        "credits": ("person", "role", "order"),
        "related_items": ("order", "label", "target_article", "target_gallery", "target_timeline"),
    }
    revision_records = {"corrections": ("kind", "text", "published_at", "removed_at")}
    # A reporter's own articles: created by them, or crediting their Person.
    ownership_lookups = ("created_by", "credits__person__user")

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = "article"
        permissions = [("publish_article", "Can publish, schedule and unpublish articles")]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_pub"),
            # The front page's pinned lead: a handful of rows, found without a scan.
            models.Index(
                fields=["-published_at"], condition=Q(is_pinned=True), name="article_pinned"
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)

    @property
    def url_date(self):
        """The date in the article's address, in the newsroom's time zone."""
        moment = self.published_at or self.created_at or timezone.now()
        return timezone.localtime(moment).date()

    def get_absolute_url(self):
        day = self.url_date
        return reverse(
            "articles:article_detail",
            kwargs={
                "year": day.year,
                "month": f"{day.month:02d}",
                "day": f"{day.day:02d}",
                "slug": self.slug,
            },
        )

    def _credits(self, role):
        credits = getattr(self, "byline_credits", None) if role == Credit.Role.BYLINE else None
        if credits is None:
            credits = [c for c in self.credits.all() if c.role == role]
        return sorted(credits, key=lambda c: (c.order, c.pk or 0))

    @property
    def byline_people(self):
        return [c.person for c in self._credits(Credit.Role.BYLINE)]

    @property
    def contributor_people(self):
        return [c.person for c in self._credits(Credit.Role.CONTRIBUTOR)]

    @property
    def byline(self):
        """ "By A, B and C" """
        return byline_line([p.name for p in self.byline_people])

    @property
    def contributors_line(self):
        return contributors_line([p.name for p in self.contributor_people])

    @property
    def schema_type(self):
        return self.SCHEMA_TYPES.get(self.article_type, "NewsArticle")

    @property
    def date_modified(self):
        """The latest material update or correction, for "Updated" and dateModified."""
        moments = [self.material_update_at] if self.material_update_at else []
        corrections = getattr(self, "visible_corrections", None)
        if corrections is None and self.pk:
            corrections = list(self.corrections.filter(removed_at__isnull=True))
        moments += [c.published_at for c in corrections or []]
        return max(moments) if moments else None


class Credit(models.Model):
    """A person's credit on an article: in the byline, or in the contributors line."""

    class Role(models.TextChoices):
        BYLINE = "byline", "Byline author"
        CONTRIBUTOR = "contributor", "Contributor"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="credits")
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.BYLINE)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["role", "order", "id"]
        verbose_name = "credit"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person", "role"], name="one_credit_per_person_and_role"
            )
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


class RelatedItemQuerySet(models.QuerySet):
    def visible(self, now=None):
        """Related items whose target readers may see."""
        return self.filter(
            visible_q(now, "target_article__")
            | visible_q(now, "target_gallery__")
            | visible_q(now, "target_timeline__")
        )


class RelatedItem(models.Model):
    """A promo on an article for another article, a gallery or a timeline, in order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_items")
    order = models.PositiveIntegerField(default=0)
    label = models.CharField(
        max_length=60, blank=True, help_text='Overrides the promo label, e.g. "Gallery", "Graphic".'
    )
    target_article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="promoted_by",
        verbose_name="article",
    )
    target_gallery = models.ForeignKey(
        Gallery,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="promoted_by",
        verbose_name="gallery",
    )
    target_timeline = models.ForeignKey(
        "Timeline",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="promoted_by",
        verbose_name="timeline",
    )

    objects = RelatedItemQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "related item"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        target_article__isnull=False,
                        target_gallery__isnull=True,
                        target_timeline__isnull=True,
                    )
                    | Q(
                        target_article__isnull=True,
                        target_gallery__isnull=False,
                        target_timeline__isnull=True,
                    )
                    | Q(
                        target_article__isnull=True,
                        target_gallery__isnull=True,
                        target_timeline__isnull=False,
                    )
                ),
                name="related_item_exactly_one_target",
            ),
            models.CheckConstraint(
                condition=~Q(target_article=models.F("article")), name="related_item_not_itself"
            ),
        ]

    def __str__(self):
        return f"{self.display_label}: {self.target}"

    def clean(self):
        targets = [self.target_article_id, self.target_gallery_id, self.target_timeline_id]
        if sum(t is not None for t in targets) != 1:
            raise ValidationError("Choose exactly one of an article, a gallery or a timeline.")
        if self.target_article_id and self.target_article_id == self.article_id:
            raise ValidationError({"target_article": "An article cannot promote itself."})

    @property
    def target(self):
        return self.target_article or self.target_gallery or self.target_timeline

    @property
    def kind(self):
        if self.target_gallery_id:
            return "gallery"
        if self.target_timeline_id:
            return "timeline"
        return "article"

    @property
    def display_label(self):
        return (
            self.label
            or {"gallery": "Gallery", "timeline": "Graphic", "article": "Related"}[self.kind]
        )


class Correction(models.Model):
    """A correction, clarification, update or editor's note appended to a published article.

    Never deleted: removal is recorded with who and when, and the text kept.
    """

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        CLARIFICATION = "clarification", "Clarification"
        UPDATE = "update", "Update"
        EDITORS_NOTE = "editors_note", "Editor's note"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
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

    def __str__(self):
        return f"{self.get_kind_display()}, {timezone.localtime(self.published_at):%Y-%m-%d %H:%M}"


class OldArticleURL(models.Model):
    """An address a published article had before its slug or date changed; it answers 301."""

    path = models.CharField(max_length=255, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_urls")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "old article address"

    def __str__(self):
        return f"{self.path} → {self.article}"


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
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="timeline_events"
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
