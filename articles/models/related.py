"""Related items: the promos on a story for another story, a gallery or a timeline."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from publishing.models import visible_q


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

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="related_items")
    order = models.PositiveIntegerField(default=0)
    label = models.CharField(
        max_length=60, blank=True, help_text='Overrides the promo label, e.g. "Gallery", "Graphic".'
    )
    target_article = models.ForeignKey(
        "Article",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="promoted_by",
        verbose_name="article",
    )
    target_gallery = models.ForeignKey(
        "media_gallery.Gallery",
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
