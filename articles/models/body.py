"""What a story's body names in the database (photos, galleries, other stories), kept in step
with the body on every save: a photo placed in a story cannot be deleted, and the photo desk
sees the story among the photo's uses."""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q


class BodyReference(models.Model):
    """One photo, gallery or story that an article's body (or one of its live posts) places."""

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="body_references")
    photo = models.ForeignKey(
        "media_gallery.Photo",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="body_uses",
        verbose_name="photo in the body",
    )
    gallery = models.ForeignKey(
        "media_gallery.Gallery",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="body_uses",
        verbose_name="gallery in the body",
    )
    target_article = models.ForeignKey(
        "Article",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="body_mentions",
        verbose_name="related story in the body",
    )
    # Set when the reference comes from a live post's body rather than the story's own.
    live_post = models.ForeignKey(
        "LivePost",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="body_references",
    )

    class Meta:
        verbose_name = "element reference"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(photo__isnull=False, gallery__isnull=True, target_article__isnull=True)
                    | Q(photo__isnull=True, gallery__isnull=False, target_article__isnull=True)
                    | Q(photo__isnull=True, gallery__isnull=True, target_article__isnull=False)
                ),
                name="body_reference_exactly_one_target",
            )
        ]

    def __str__(self):
        return f"{self.article_id} → {self.photo_id or self.gallery_id or self.target_article_id}"

    def readers_can_see(self):
        """Whether this row shows on a reader's page (reader.fragments): its story's body does
        when the story is published; a live post's body only once the post is too (a draft
        post's photo is a quiet save)."""
        from reader.changes import shown_to_readers

        from .live import LivePost

        try:
            if self.live_post_id and self.live_post.status != LivePost.Status.PUBLISHED:
                return False
            return shown_to_readers(self.article)
        except ObjectDoesNotExist:
            return True  # its story or post is being deleted with it: take it as seen

    @classmethod
    def check_exists(cls, wanted):
        """Refuse (ValidationError, naming each) references to rows that no longer exist, and
        lock the rows that do against deletion until the saving transaction ends."""
        from media_gallery.models import Gallery, Photo

        from .articles import Article

        missing = []
        for model, ids, what in (
            (Photo, wanted.photos, "photo"),
            (Gallery, wanted.galleries, "gallery"),
            (Article, wanted.articles, "story"),
        ):
            if not ids:
                continue
            found = set(
                model._base_manager.select_for_update(no_key=True)
                .filter(pk__in=ids)
                .values_list("pk", flat=True)
            )
            missing += [
                f"The {what} #{pk} placed in this story no longer exists (it was deleted "
                f"after the story was opened). Remove it from the story, or choose another {what}."
                for pk in sorted(ids - found)
            ]
        if missing:
            raise ValidationError({"body": missing})

    @staticmethod
    def make_missing_renditions(wanted):
        """A photo placed before its renditions were made (a bulk upload still in the
        background) gets them before this save's response: no page request resizes."""
        from media_gallery.models import Photo
        from media_gallery.services import RENDITIONS_NOW, schedule_renditions

        if wanted.photos:
            for photo in Photo.objects.filter(pk__in=wanted.photos, renditions__isnull=True):
                schedule_renditions(photo, RENDITIONS_NOW)

    @classmethod
    def sync(cls, article, wanted, live_post=None):
        """Make the article's rows (or one of its live posts' rows) say exactly what its body
        names."""
        common = {"article": article, "live_post": live_post}
        rows = (
            [cls(**common, photo_id=pk) for pk in sorted(wanted.photos)]
            + [cls(**common, gallery_id=pk) for pk in sorted(wanted.galleries)]
            + [cls(**common, target_article_id=pk) for pk in sorted(wanted.articles)]
        )
        cls.objects.filter(article=article, live_post=live_post).delete()
        cls.objects.bulk_create(rows)
