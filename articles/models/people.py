"""People: everyone the paper credits, staff, contributors, photographers and agencies."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from media_gallery.models import Photo


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
