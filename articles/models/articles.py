"""Articles: the story itself, how lists and pages read it, and the addresses it had."""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models, transaction
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager

from media_gallery.models import Photo, Rendition
from publishing.models import Publishable, PublishableQuerySet

from ..body import clean_body, read_body, references, search_text
from ..body.field import StoryBodyField
from ..bylines import byline_line, contributors_line
from .body import BodyReference
from .corrections import Correction
from .credits import Credit
from .related import RelatedItem
from .sections import Section


class ArticleQuerySet(PublishableQuerySet):
    def live_now(self, now=None):
        """Published live stories whose coverage has not ended (the front's live strip)."""
        now = now or timezone.now()
        return (
            self.published(now)
            .filter(article_type="live", live__isnull=False)
            .filter(Q(live__ended_at__isnull=True) | Q(live__ended_at__gt=now))
            .select_related("live")
        )

    def for_listing(self, rendition_specs=None):
        """What a list of stories prints: section, lead photo with renditions, byline.

        `rendition_specs` limits the lead photo's renditions to those the list shows (a card
        needs three widths, not every crop).
        """
        renditions = Rendition.objects.all()
        if rendition_specs is not None:
            renditions = renditions.filter(spec__in=rendition_specs)
        # A card prints no body: leave the longest columns in the database.
        return (
            self.defer("body", "body_text", "elements_text")
            .select_related(
                "section", "section__parent", "lead_photo", "lead_photo__photographer", "live"
            )
            .prefetch_related(
                Prefetch("lead_photo__renditions", queryset=renditions),
                Prefetch(
                    "credits",
                    queryset=Credit.objects.filter(role=Credit.Role.BYLINE).select_related(
                        "person"
                    ),
                    to_attr="byline_credits",
                ),
            )
        )

    def for_detail(self):
        """Everything the article page prints, in a fixed number of queries."""
        now = timezone.now()
        return self.select_related(
            "section", "section__parent", "lead_photo", "lead_photo__photographer", "live"
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
        LIVE = "live", "Live coverage"

    SCHEMA_TYPES = {
        "news": "NewsArticle",
        "analysis": "AnalysisNewsArticle",
        "opinion": "OpinionNewsArticle",
        "review": "ReviewNewsArticle",
        "sponsored": "AdvertiserContentArticle",
        "live": "LiveBlogPosting",
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
    body = StoryBodyField(
        blank=True, help_text="The story: paragraphs, and photos, embeds and more between them."
    )
    # The body's words, and its elements' (captions, quotes, factboxes), for search.
    body_text = models.TextField(blank=True, default="", editable=False)
    elements_text = models.TextField(blank=True, default="", editable=False)
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    lead_photo = models.ForeignKey(
        Photo, null=True, blank=True, on_delete=models.PROTECT, related_name="lead_of_articles"
    )
    tags = TaggableManager(blank=True)
    authors = models.ManyToManyField("Person", through="Credit", related_name="articles")
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
    # Only editors pin a story to lead the front page or mark a change as material.
    editor_fields = (*Publishable.editor_fields, "material_update_at", "is_pinned")
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
            # Readers' newest-first lists (latest, a person's, a tag's, search by recency,
            # sitemaps): published stories in order, with what `published()` checks besides,
            # so a page walks the index and stops after its rows, at any archive size.
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(status="published"),
                include=["embargo_until"],
                name="article_live_newest",
            ),
            # A section's newest stories (front page, section pages and feeds): one index
            # range per section; a top section's pages merge its children's ranges.
            models.Index(
                fields=["section", "-published_at", "-id"],
                condition=Q(status="published"),
                include=["embargo_until"],
                name="article_live_section",
            ),
            # The desk's article list in its own order (newest first, drafts on top), and
            # filtered by section.
            models.Index(fields=["-published_at", "-created_at", "-id"], name="article_desk"),
            models.Index(
                fields=["section", "-published_at", "-created_at", "-id"],
                name="article_desk_section",
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        """Save the story: its body cleaned and read (ValidationError when it cannot be kept as
        it is), what the body names kept in step (BodyReference), and a published story whose
        slug or date changed answering at the address readers knew, with a 301. A slug another
        story's old address uses is refused (ValidationError), so that address keeps leading to
        that story."""
        update_fields = kwargs.get("update_fields")
        with_body = update_fields is None or "body" in update_fields
        if with_body:
            self.body = clean_body(self.body)
            blocks = read_body(self.body)
            self.body_text, self.elements_text = search_text(blocks)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "body_text", "elements_text"}
        with transaction.atomic():
            self.check_old_addresses()
            if with_body:
                named = references(blocks)
                BodyReference.check_exists(named)
            old_path = self._stored_public_url()
            super().save(*args, **kwargs)
            if self.article_type == self.ArticleType.LIVE:
                from .live import LiveCoverage

                LiveCoverage.objects.get_or_create(article=self)
            if with_body:
                BodyReference.sync(self, named)
                BodyReference.make_missing_renditions(named)
            new_path = self.get_absolute_url()
            if old_path and old_path != new_path:
                # A story moved back to an address it once had must not redirect to itself;
                # another story's old address is never touched.
                OldArticleURL.objects.filter(path=new_path, article=self).delete()
                OldArticleURL.objects.get_or_create(path=old_path, defaults={"article": self})

    def restore_warnings(self, revision):
        """Corrections published after `revision` was saved: its text predates them."""
        newer = self.corrections.filter(
            published_at__gt=revision.created_at, removed_at__isnull=True
        ).order_by("published_at")
        return [
            {
                "label": correction.get_kind_display(),
                "text": correction.text,
                "at": correction.published_at,
            }
            for correction in newer
        ]

    def validate_unique(self, exclude=None):
        super().validate_unique(exclude)
        if exclude is None or "slug" not in exclude:
            self.check_old_addresses()

    def check_old_addresses(self):
        """Refuse a slug that another story's old address uses: a reader following that
        address would otherwise land on this story (a wrong date redirects by slug)."""
        if not self.slug:
            return
        taken = (
            OldArticleURL.objects.filter(path__endswith=f"/{self.slug}/")
            .exclude(article_id=self.pk)
            .select_related("article")
            .first()
        )
        if taken is not None:
            raise ValidationError(
                {
                    "slug": f"The slug “{self.slug}” is taken: “{taken.article}” had the address "
                    f"{taken.path} before its slug changed, and that address still leads "
                    "readers to it. Choose another slug."
                }
            )

    def _stored_public_url(self):
        """The stored story's address, if it has been published (or scheduled); else None.

        `published_at` is set on first publication and kept, so a story unpublished, renamed
        and published again still redirects from the address readers knew.
        """
        if self.pk is None or self._state.adding:
            return None
        stored = Article._base_manager.filter(pk=self.pk).only("slug", "published_at").first()
        if stored is None or stored.published_at is None:
            return None
        return stored.get_absolute_url()

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
    def coverage(self):
        """The live story's `LiveCoverage`, or None for any other story."""
        if self.article_type != self.ArticleType.LIVE:
            return None
        try:
            return self.live
        except ObjectDoesNotExist:
            return None

    @property
    def is_live_coverage_on(self):
        """A live story whose coverage has not ended: readers see "LIVE" on it."""
        coverage = self.coverage
        return coverage is not None and not coverage.has_ended

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
