"""What an import brought in, by the export's site and WordPress id: so a second run finds
each item again (and changes nothing), an interrupted run resumes, and the post's old
addresses answer with a 301 at its new one."""

from django.db import models


class ImportedItem(models.Model):
    """One WordPress post, page, attachment, author, category or [gallery] and what it became."""

    class Kind(models.TextChoices):
        POST = "post", "Post"
        PAGE = "page", "Page"
        ATTACHMENT = "attachment", "Attachment"
        AUTHOR = "author", "Author"
        GUEST_AUTHOR = "guest-author", "Guest author"
        CATEGORY = "category", "Category"
        GALLERY = "gallery", "Gallery in a post"

    site = models.CharField(
        max_length=255, help_text="The export's blog address, e.g. example.com."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The post id, the author's login, the category's slug, "<post id>:<n>" for a gallery.
    key = models.CharField(max_length=255)
    article = models.ForeignKey(
        "articles.Article", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    photo = models.ForeignKey(
        "media_gallery.Photo", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    gallery = models.ForeignKey(
        "media_gallery.Gallery", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        "articles.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    section = models.ForeignKey(
        "articles.Section", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # The address the post had on the old site (path and query), answered with a 301.
    old_path = models.CharField(max_length=1000, blank=True, db_index=True)
    # What the export said, hashed: an unchanged item is skipped on the next run.
    source_hash = models.CharField(max_length=64, blank=True)
    # The article's version when the import last wrote it: a later desk edit is never undone.
    imported_version = models.PositiveIntegerField(null=True, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["site", "kind", "key"]
        verbose_name = "imported WordPress item"
        constraints = [
            models.UniqueConstraint(fields=["site", "kind", "key"], name="wordpress_item_once")
        ]
        indexes = [models.Index(fields=["kind", "key"], name="wordpress_item_by_id")]

    def __str__(self):
        return f"{self.site} {self.kind} {self.key}"
