"""What the API may serve, by the one `published()` rule, and how a page of items is found.

Every kind of item has one `visible()` queryset; a list is one SQL statement (a UNION of
each kind's newest rows after the cursor, each read from its own index), then one batch of
queries per kind to build the items. The number of queries is fixed whatever the page size.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, IntegerField, Q, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, BodyReference, Person, Section, Timeline, TimelineEvent
from media_gallery.models import Gallery, GalleryPhoto, Photo

# Kinds in a fixed order: the order is part of the cursor. A live story is an article
# (guid "article-N", profile "live"); `type=live` asks for live stories only.
KINDS = ("article", "gallery", "timeline", "photo", "person", "section")
TYPES = (*KINDS, "live")
# What a list holds when no `type` is asked for: the news itself. Photos, people and sections
# are listed on request (`type=photo,person,section`).
DEFAULT_KINDS = ("article", "gallery", "timeline")
PUBLISHABLE = {"article": Article, "gallery": Gallery, "timeline": Timeline}
MODELS = {**PUBLISHABLE, "photo": Photo, "person": Person, "section": Section}
# What a restricted key (see `access`) may see: stories of its sections, those sections, and
# the photos those stories show.
SECTION_KINDS = ("article", "section", "photo")


class BadRequest(ValueError):
    """A filter or cursor that cannot be read; the message says which and why."""


def parse_guid(item_guid):
    """(kind, pk) of "article-12", or None."""
    kind, _, pk = (item_guid or "").rpartition("-")
    if kind in MODELS and pk.isdigit() and len(pk) < 19:
        return kind, int(pk)
    return None


def went_live():
    """The moment a publishable item became visible: the later of publication and embargo."""
    return Greatest("published_at", Coalesce("embargo_until", "published_at"))


def visible(kind, access, now):
    """The items of `kind` a request with `access` may see, at `now`."""
    if access.restricted and kind not in SECTION_KINDS:
        return MODELS[kind].objects.none()
    if kind == "article":
        stories = Article.objects.published(now)
        if access.restricted:
            stories = stories.filter(section__in=access.section_ids)
        return stories
    if kind in PUBLISHABLE:
        return PUBLISHABLE[kind].objects.published(now)
    if kind == "section":
        desks = Section.objects.all()
        return desks.filter(pk__in=access.section_ids) if access.restricted else desks
    if kind == "person":
        return Person.objects.public(now)
    return visible_photos(access, now)


def visible_photos(access, now):
    """A photo is public where published content uses it (DECISIONS, "Publishing model")."""
    stories = visible("article", access, now)
    used = Q(pk__in=stories.values("lead_photo")) | Q(
        pk__in=BodyReference.objects.filter(article__in=stories, photo__isnull=False).values(
            "photo"
        )
    )
    if not access.restricted:
        galleries = Gallery.objects.published(now)
        timelines = Timeline.objects.published(now)
        used |= (
            Q(pk__in=GalleryPhoto.objects.filter(gallery__in=galleries).values("photo"))
            | Q(pk__in=galleries.values("cover_photo"))
            | Q(pk__in=timelines.values("cover_photo"))
            | Q(pk__in=TimelineEvent.objects.filter(timeline__in=timelines).values("photo"))
            | Q(pk__in=Person.objects.public(now).values("headshot"))
        )
    return Photo.objects.filter(used)


# Listing -----------------------------------------------------------------------------------


@dataclass
class Filters:
    kinds: tuple = DEFAULT_KINDS
    section: str = ""
    person: str = ""
    tag: str = ""
    updated_since: datetime | None = None
    published_since: datetime | None = None


def _sort_time(kind):
    return F("published_at") if kind in PUBLISHABLE else F("created_at")


def _filtered(kind, queryset, filters, now):
    """Apply the filters to one kind; None when the kind cannot match them."""
    if filters.section:
        if kind != "article":
            return None
        desk = Section.objects.filter(slug=filters.section)
        queryset = queryset.filter(
            Q(section__in=desk.values("pk")) | Q(section__parent__in=desk.values("pk"))
        )
    if filters.person:
        if kind == "article":
            queryset = queryset.filter(credits__person__slug=filters.person)
        elif kind == "photo":
            queryset = queryset.filter(photographer__slug=filters.person)
        else:
            return None
    if filters.tag:
        if kind not in PUBLISHABLE:
            return None
        tag = Tag.objects.filter(slug=filters.tag).values("pk")
        queryset = queryset.filter(tags__in=tag)
    if filters.updated_since:
        if kind in PUBLISHABLE:
            queryset = queryset.alias(api_changed=Greatest("updated_at", went_live())).filter(
                api_changed__gte=filters.updated_since
            )
        else:
            queryset = queryset.filter(updated_at__gte=filters.updated_since)
    if filters.published_since:
        if kind in PUBLISHABLE:
            queryset = queryset.alias(api_went_live=went_live()).filter(
                api_went_live__gte=filters.published_since
            )
        else:
            queryset = queryset.filter(created_at__gte=filters.published_since)
    return queryset


def _after(kind, cursor):
    """Rows after `cursor` (time, kind number, pk), newest first."""
    if cursor is None:
        return Q()
    moment, number, pk = cursor
    field = "published_at" if kind in PUBLISHABLE else "created_at"
    mine = KINDS.index(kind)
    if mine < number:
        return Q(**{f"{field}__lte": moment})
    if mine > number:
        return Q(**{f"{field}__lt": moment})
    return Q(**{f"{field}__lt": moment}) | Q(**{field: moment, "pk__lt": pk})


def page(access, filters, cursor, limit, now=None):
    """One page of (kind, pk) newest first, and the cursor of the next page (or None)."""
    now = now or timezone.now()
    parts = []
    kinds = list(filters.kinds)
    live_only = "live" in kinds and "article" not in kinds
    if "live" in kinds:
        kinds.remove("live")
        if live_only:
            kinds.insert(0, "article")
    for kind in kinds:
        queryset = _filtered(kind, visible(kind, access, now), filters, now)
        if live_only and kind == "article":
            queryset = queryset.filter(article_type="live")
        if queryset is None or (access.restricted and kind not in SECTION_KINDS):
            continue
        if filters.person or filters.tag:  # joins that can repeat a row
            queryset = queryset.distinct()
        parts.append(
            queryset.filter(_after(kind, cursor))
            .annotate(
                sort_time=_sort_time(kind), kind_number=Value(KINDS.index(kind), IntegerField())
            )
            .order_by("-sort_time", "-pk")
            .values_list("sort_time", "kind_number", "pk")[: limit + 1]
        )
    if not parts:
        return [], None
    if len(parts) == 1:
        rows = list(parts[0])
    else:
        union = parts[0].union(*parts[1:], all=True)
        rows = list(union.order_by("-sort_time", "-kind_number", "-pk")[: limit + 1])
    following = None
    if len(rows) > limit:
        rows = rows[:limit]
        following = encode_cursor(rows[-1])
    return [(KINDS[number], pk) for _, number, pk in rows], following


def encode_cursor(row):
    moment, number, pk = row
    text = json.dumps([moment.isoformat(), number, pk])
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(text):
    if not text:
        return None
    try:
        padded = text + "=" * (-len(text) % 4)
        moment, number, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
        moment = datetime.fromisoformat(moment)
        if timezone.is_naive(moment) or not (0 <= int(number) < len(KINDS)) or int(pk) < 0:
            raise ValueError
        return moment, int(number), int(pk)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, json.JSONDecodeError):
        raise BadRequest(
            "The cursor cannot be read: pass the `next` value of the previous page unchanged."
        ) from None
