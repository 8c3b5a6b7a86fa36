"""Small factory functions for tests: real rows, real images made with Pillow."""

import io
import itertools
import random
from datetime import timedelta

from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from articles.models import Article, Credit, Person, RelatedItem, Section, Timeline, TimelineEvent
from media_gallery.models import Gallery, GalleryPhoto, Photo
from media_gallery.renditions import generate_renditions
from publishing import revisions
from publishing.models import Status

_counter = itertools.count(1)


def unique(prefix):
    return f"{prefix}-{next(_counter)}"


def image_bytes(width=800, height=600, format="JPEG", seed=None, **save_kwargs):
    """A real picture: a gradient with shapes, different for each seed."""
    rng = random.Random(seed)
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    base = [rng.randrange(256) for _ in range(3)]
    for y in range(0, height, max(1, height // 64)):
        shade = tuple((c + y * 255 // max(height, 1)) % 256 for c in base)
        draw.rectangle([0, y, width, y + height // 64 + 1], fill=shade)
    for _ in range(6):
        x0, y0 = rng.randrange(width), rng.randrange(height)
        draw.ellipse(
            [x0, y0, x0 + width // 5, y0 + height // 5],
            fill=tuple(rng.randrange(256) for _ in range(3)),
        )
    buffer = io.BytesIO()
    if format == "JPEG":
        save_kwargs.setdefault("quality", 85)
    image.save(buffer, format=format, **save_kwargs)
    return buffer.getvalue()


def make_user(username=None, group=None, superuser=False, password="correct-horse-battery"):
    username = username or unique("user")
    if superuser:
        user = User.objects.create_superuser(username, f"{username}@example.org", password)
    else:
        user = User.objects.create_user(
            username, f"{username}@example.org", password, is_staff=True
        )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def make_section(name=None, parent=None, **fields):
    name = name or unique("Section")
    fields.setdefault("slug", unique("section"))
    return Section.objects.create(name=name, parent=parent, **fields)


def make_person(name=None, **fields):
    name = name or unique("Reporter")
    fields.setdefault("slug", unique("person"))
    return Person.objects.create(name=name, **fields)


def make_photo(width=800, height=600, seed=None, **fields):
    fields.setdefault("caption", "A generated test picture.")
    fields.setdefault("credit", "Test Desk")
    fields.setdefault("alt_text", "Coloured shapes on a gradient")
    photo = Photo(**fields)
    photo.image.save(
        f"{unique('photo')}.jpg", ContentFile(image_bytes(width, height, seed=seed)), save=False
    )
    photo.save()
    return photo


def photo_with_renditions(width=1000, height=625, **fields):
    """A photo with its renditions made, as the pages that show it expect."""
    photo = make_photo(width, height, **fields)
    generate_renditions(photo)
    return photo


def make_article(
    headline=None,
    *,
    section=None,
    status=Status.PUBLISHED,
    published_at=None,
    authors=(),
    contributors=(),
    **fields,
):
    headline = headline or unique("Headline")
    if status == Status.PUBLISHED and published_at is None:
        published_at = timezone.now() - timedelta(hours=1)
    article = Article.objects.create(
        headline=headline,
        slug=fields.pop("slug", unique("story")),
        section=section or make_section(),
        status=status,
        published_at=published_at,
        body=fields.pop("body", "<p>Body text.</p>"),
        **fields,
    )
    for order, person in enumerate(authors):
        Credit.objects.create(article=article, person=person, role=Credit.Role.BYLINE, order=order)
    for order, person in enumerate(contributors):
        Credit.objects.create(
            article=article, person=person, role=Credit.Role.CONTRIBUTOR, order=order
        )
    if authors or contributors:
        # As the admin does: the revision is kept once the rows that belong to it are saved.
        revisions.record(article)
    return article


def make_gallery(headline=None, *, photos=(), status=Status.PUBLISHED, published_at=None, **fields):
    if status == Status.PUBLISHED and published_at is None:
        published_at = timezone.now() - timedelta(hours=1)
    gallery = Gallery.objects.create(
        headline=headline or unique("Gallery"),
        slug=fields.pop("slug", unique("gallery")),
        status=status,
        published_at=published_at,
        **fields,
    )
    for order, photo in enumerate(photos):
        GalleryPhoto.objects.create(gallery=gallery, photo=photo, order=order)
    if photos:
        revisions.record(gallery)
    return gallery


def make_timeline(
    headline=None, *, events=(), status=Status.PUBLISHED, published_at=None, **fields
):
    if status == Status.PUBLISHED and published_at is None:
        published_at = timezone.now() - timedelta(hours=1)
    timeline = Timeline.objects.create(
        headline=headline or unique("Timeline"),
        slug=fields.pop("slug", unique("timeline")),
        status=status,
        published_at=published_at,
        **fields,
    )
    for event in events:
        TimelineEvent.objects.create(timeline=timeline, **event)
    if events:
        revisions.record(timeline)
    return timeline


def relate(article, target, order=0, label=""):
    field = {Article: "target_article", Gallery: "target_gallery", Timeline: "target_timeline"}[
        type(target)
    ]
    return RelatedItem.objects.create(article=article, order=order, label=label, **{field: target})
