"""People: everyone the paper credits, staff, contributors, photographers and agencies."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from media_gallery.models import Photo
from publishing.models import Status, Versioned, visible_q

from .credits import Credit


class PersonQuerySet(models.QuerySet):
    def public(self, now=None):
        """People readers may look up (a page, a feed): credited on a story readers can see,
        or marked as a public profile."""
        # Asked per person (an index probe each), never as the set of everyone ever credited.
        credited = Credit.objects.filter(visible_q(now, "article__"), person=OuterRef("pk"))
        return self.filter(Q(is_public_profile=True) | Exists(credited))

    def in_published_use(self):
        """People whose name published content prints (live or scheduled): credited on a
        published story, or the photographer of a photo a published story or gallery shows."""
        credited = Credit.objects.filter(article__status=Status.PUBLISHED).values("person")
        photographed = Photo.objects.filter(
            Q(lead_of_articles__status=Status.PUBLISHED)
            | Q(gallery_items__gallery__status=Status.PUBLISHED)
            | Q(galleries_as_cover__status=Status.PUBLISHED)
        ).values("photographer")
        return self.filter(Q(pk__in=credited) | Q(pk__in=photographed))


class Person(Versioned):
    """Anyone the paper credits: staff writers, contributors, photographers, or an agency.

    Versioned: a rename is a change to every byline that prints it, so it keeps a history, and
    once published content credits the person only an editor changes them.
    """

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
    is_public_profile = models.BooleanField(
        "public profile",
        default=False,
        help_text="Give this person a public page and feed even before a published story "
        "credits them (otherwise they appear once one does).",
    )

    objects = PersonQuerySet.as_manager()

    # Only editors (who may publish articles) change a person published content credits.
    editor_permission = "articles.publish_article"

    class Meta:
        ordering = ["name"]
        verbose_name = "person"
        verbose_name_plural = "people"

    def readers_can_see(self):
        """Whether a change to this person reaches readers (reader.fragments): published
        content prints their name, or they have a public page."""
        people = Person.objects.filter(pk=self.pk)
        return (people.in_published_use() | people.public()).exists()

    def __str__(self):
        return self.name

    def editor_only_reason(self):
        if self.pk and Person.objects.in_published_use().filter(pk=self.pk).exists():
            return (
                f"“{Person.objects.filter(pk=self.pk).values_list('name', flat=True).first()}” is "
                "credited on published content: a change shows at once in its bylines, credits "
                "and feeds, so only an editor makes it."
            )
        return ""

    def get_absolute_url(self):
        return reverse("articles:person", kwargs={"slug": self.slug})
