"""Reads with logic for the reader pages: listings, stories, timelines, the corrections log.

Every one starts from `published()`; each runs a fixed number of queries however much content
there is (tests/reader/test_query_counts.py pins them).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
)
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from media_gallery.models import Gallery, GalleryPhoto, Rendition
from media_gallery.renditions import WIDTHS
from publishing.models import visible_q
from reader.pagination import KEY, Listing, listing_keys

from .body import read_body
from .body import render as body_render
from .models import Article, Correction, Credit, Person, Section, Timeline, TimelineEvent

# The renditions a story card or a feed enclosure uses (the picture tag's "card" role).
CARD_RENDITIONS = ["w320", "w640", "w960"]
# A promo's picture ("promo" role), and a timeline event's ("event" role).
PROMO_RENDITIONS = ["w320", "w640"]
EVENT_RENDITIONS = ["w320", "w640", "w960", "w1280"]
# The front page's lead story picture ("lead" role): every width, none of the crops.
LEAD_RENDITIONS = [f"w{width}" for width in WIDTHS]
FEED_ITEMS = 30


def renditions(specs):
    """A prefetch queryset for only the renditions a page shows."""
    return Rendition.objects.filter(spec__in=specs)


# Sections --------------------------------------------------------------------------------


def section_tree():
    """Top-level sections in order, for the masthead and the front page's rails; each carries
    `family`, its own id and its children's (every section is read in the one query), so a
    rail can read one index range per section (`in_sections`)."""
    sections = list(Section.objects.all())
    tops = [section for section in sections if section.parent_id is None]
    for top in tops:
        top.family = [top.pk] + [s.pk for s in sections if s.parent_id == top.pk]
    return tops


def section_family(slug, parent_slug=None):
    """(id, [its id and its children's]) of the section at /<slug>/ or /<parent>/<slug>/, or
    None, in one query."""
    if parent_slug:
        found = Section.objects.filter(slug=slug, parent__slug=parent_slug)
    else:
        found = Section.objects.filter(slug=slug, parent__isnull=True)
    rows = list(
        Section.objects.filter(Q(pk__in=found.values("pk")) | Q(parent__in=found.values("pk")))
        .order_by("parent_id", "order", "name")
        .values_list("pk", "parent_id")
    )
    ids = {pk for pk, _ in rows}
    section = next((pk for pk, parent in rows if parent not in ids), None)
    return None if section is None else (section, [pk for pk, _ in rows])


def newest_first(queryset):
    """The reader lists' order: newest first, the id breaking ties (the indexes' order)."""
    return queryset.order_by("-published_at", "-pk")


def in_sections(family, now=None):
    """Keys (id, published time) of the published stories filed in any of `family`, newest
    first: one index range per section, merged in order by PostgreSQL (a Merge Append), so a
    page stops after its rows however large the sections are."""
    published = Article.objects.published(now).order_by()
    parts = [listing_keys(published.filter(section_id=pk), "published_at") for pk in family]
    if len(parts) == 1:
        return newest_first(parts[0])
    return parts[0].union(*parts[1:], all=True).order_by("-published_at", f"-{KEY}")


def section_articles(family, now=None):
    """Published stories of a section and, for a top section, of its children (`family`)."""
    return Listing(in_sections(family, now), Article.objects.for_listing(CARD_RENDITIONS))


# Articles --------------------------------------------------------------------------------


def article_for_page(pk, now=None):
    """The article with everything its page prints, in a fixed number of queries."""
    article = (
        Article.objects.for_detail()
        .prefetch_related(
            *(
                Prefetch(f"related_items__{target}__renditions", renditions(PROMO_RENDITIONS))
                for target in (
                    "target_article__lead_photo",
                    "target_gallery__cover_photo",
                    "target_timeline__cover_photo",
                )
            ),
        )
        .get(pk=pk)
    )
    galleries = [i.target_gallery for i in article.related_items.all() if i.target_gallery_id]
    if galleries:
        counts = dict(
            GalleryPhoto.objects.filter(gallery__in=galleries)
            .values_list("gallery")
            .annotate(n=Count("id"))
        )
        for gallery in galleries:
            gallery.photo_count = counts.get(gallery.pk, 0)
    # The body's blocks, and what its elements name as readers may see it.
    article.body_blocks = read_body(article.body)
    article.body_loaded = body_render.load(article.body_blocks, now)
    return article


def body_blocks(pk):
    """A story's body blocks, read on their own."""
    return read_body(Article.objects.filter(pk=pk).values_list("body", flat=True).first() or "")


def article_policy(blocks):
    """The Content-Security-Policy additions a story's page needs: the hosts its embeds' players
    load from (frame-src) and the hashes of its HTML graphics' inline scripts (script-src)."""
    return {
        "frame-src": sorted(
            {b.found.source for b in blocks if b.kind == "embed" and b.found.player}
        ),
        "script-src": sorted({h for b in blocks if b.kind == "graphic" for h in b.script_hashes()}),
    }


def person_id(slug):
    """The person at /people/<slug>/, if readers may look them up (`Person...public()`)."""
    return Person.objects.public().filter(slug=slug).values_list("pk", flat=True).first()


def person_articles(person, now=None):
    """A person's published stories, newest first: the newest stories are walked in order and
    each asked whether it credits them (an index probe), so a page stops after its rows."""
    credited = Credit.objects.filter(article=OuterRef("pk"), person=person)
    keys = newest_first(Article.objects.published(now).filter(Exists(credited)))
    return Listing(listing_keys(keys), Article.objects.for_listing(CARD_RENDITIONS))


def tag_articles(tag, now=None):
    """A tag's published stories, newest first, asked per story as a person's are."""
    tagged = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Article), object_id=OuterRef("pk"), tag=tag
    )
    keys = newest_first(Article.objects.published(now).filter(Exists(tagged)))
    return Listing(listing_keys(keys), Article.objects.for_listing(CARD_RENDITIONS))


def latest_articles(now=None):
    """Every published story, newest first (the latest feed)."""
    keys = listing_keys(newest_first(Article.objects.published(now)))
    return Listing(keys, Article.objects.for_listing(CARD_RENDITIONS))


def tag_with_published_items(slug, now=None):
    """The tag, if at least one published article, gallery or timeline carries it."""
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        return None
    for model in (Article, Gallery, Timeline):
        if model.objects.published(now).filter(tags=tag).exists():
            return tag
    return None


def tag_id_with_published_items(slug, now=None):
    tag = tag_with_published_items(slug, now)
    return tag.pk if tag else None


def tag_galleries_and_timelines(tag, now=None, limit=6):
    galleries = list(
        Gallery.objects.published(now)
        .filter(tags=tag)
        .select_related("cover_photo")
        .prefetch_related(Prefetch("cover_photo__renditions", renditions(CARD_RENDITIONS)))
        .order_by("-published_at")[:limit]
    )
    timelines = list(
        Timeline.objects.published(now)
        .filter(tags=tag)
        .select_related("cover_photo")
        .prefetch_related(Prefetch("cover_photo__renditions", renditions(CARD_RENDITIONS)))
        .order_by("-published_at")[:limit]
    )
    return galleries, timelines


def feed_articles(listing):
    """The newest stories of a `Listing` for a feed, with their tags, corrections and lead
    photo renditions."""
    rows = listing.rows.defer(None).prefetch_related(
        "tags",
        Prefetch(
            "corrections",
            queryset=Correction.objects.filter(removed_at__isnull=True),
            to_attr="visible_corrections",
        ),
    )
    return listing.items(0, FEED_ITEMS, rows=rows)


# Timelines -----------------------------------------------------------------


def timeline_for_page(pk, now=None):
    """The timeline with its events oldest first; an event links its article only if live."""
    events = (
        TimelineEvent.objects.select_related(
            "photo", "photo__photographer", "article", "article__section"
        )
        .prefetch_related(Prefetch("photo__renditions", renditions(EVENT_RENDITIONS)))
        .annotate(
            article_is_public=ExpressionWrapper(
                visible_q(now, "article__"), output_field=BooleanField()
            )
        )
        .order_by("date", "precision", "id")
    )
    return (
        Timeline.objects.select_related("cover_photo")
        .prefetch_related(Prefetch("events", queryset=events), "tags", "cover_photo__renditions")
        .get(pk=pk)
    )


# Corrections -----------------------------------------------------------------------------


def corrections_log(now=None):
    """Corrections and updates on published stories, newest first: the log's index walked in
    order, each correction's story checked as it goes."""
    now = now or timezone.now()
    keys = (
        Correction.objects.filter(removed_at__isnull=True, published_at__lte=now)
        .filter(visible_q(now, "article__"))
        .order_by("-published_at", "-id")
    )
    rows = Correction.objects.select_related("article").only(
        "kind",
        "text",
        "published_at",
        "article__headline",
        "article__slug",
        "article__published_at",
        "article__created_at",
    )
    return Listing(listing_keys(keys), rows, order=("-published_at", "-id"))
