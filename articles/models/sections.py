"""Sections: the desks and pages of the paper, nested one level (World › Middle East)."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from publishing.models import Versioned

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


class Section(Versioned):
    """A desk or page of the paper: World, and under it Middle East.

    Versioned, and changed only by editors: a section is part of every story's address.
    """

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=60, unique=True, validators=[validate_section_slug])
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    order = models.PositiveIntegerField(default=0, help_text="Lower numbers come first.")
    description = models.TextField(blank=True)

    editor_permission = "articles.publish_article"

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "section"

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name

    def editor_only_reason(self):
        return "Sections shape the site's pages and addresses: only an editor changes them."

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
