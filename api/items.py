"""Building items: each kind read in one batch with what it prints (a fixed number of queries
whatever the number of items), turned into ninjs, and kept in the reader fragment cache until
anything readers see changes (`fragments.any_change_token()`: coarser than the pages' keys,
since checking every key of a list of 50 would cost more than it saves; a draft's save still
changes nothing), so an unchanged item is built once."""

import hashlib
import json
import logging
from collections import OrderedDict, defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, prefetch_related_objects

from articles.body import read_body
from articles.body.render import load
from articles.models import Article, LivePost, LivePostCredit, TimelineEvent
from media_gallery.models import GalleryPhoto, Rendition
from reader import fragments

from . import ninjs
from .selectors import visible

log = logging.getLogger(__name__)


def _live_posts(now):
    """A live story's posts readers may see, in reading order, with bylines and corrections."""
    return Prefetch(
        "live_posts",
        queryset=LivePost.objects.filter(status=LivePost.Status.PUBLISHED, published_at__lte=now)
        .order_by("-is_pinned", "-published_at", "-id")
        .prefetch_related(
            Prefetch("credits", queryset=LivePostCredit.objects.select_related("person"),
                     to_attr="byline_credits"),
            Prefetch("corrections", to_attr="visible_corrections"),
        ),
        to_attr="visible_posts",
    )  # fmt: skip


def _articles(pks, access, now):
    stories = list(visible("article", access, now).filter(pk__in=pks).for_detail())
    live = [story for story in stories if story.article_type == "live"]
    prefetch_related_objects(live, _live_posts(now))  # one query, only when a page has any
    blocks = []
    for story in stories:
        story.body_blocks = read_body(story.body)
        blocks += story.body_blocks
        for post in getattr(story, "visible_posts", ()):
            post.body_blocks = read_body(post.body)
            blocks += post.body_blocks
    # One load for every body of the page (posts too): photos, galleries, stories they name.
    loaded = load(blocks, now)
    photos = list(loaded.photos.values())
    for picture in photos:  # every rendition, not only those a page prints
        getattr(picture, "_prefetched_objects_cache", {}).pop("renditions", None)
    prefetch_related_objects(photos, "renditions")
    return {story.pk: ninjs.article(story, loaded) for story in stories}


def _galleries(pks, access, now):
    albums = (
        visible("gallery", access, now)
        .filter(pk__in=pks)
        .select_related("cover_photo", "cover_photo__photographer")
        .prefetch_related(
            "cover_photo__renditions",
            "tags",
            Prefetch(
                "items",
                queryset=GalleryPhoto.objects.select_related("photo", "photo__photographer"),
            ),
            Prefetch("items__photo__renditions", queryset=Rendition.objects.all()),
        )
    )
    return {album.pk: ninjs.gallery(album) for album in albums}


def _timelines(pks, access, now):
    chronologies = list(
        visible("timeline", access, now)
        .filter(pk__in=pks)
        .select_related("cover_photo", "cover_photo__photographer")
        .prefetch_related(
            "cover_photo__renditions",
            "tags",
            Prefetch(
                "events",
                queryset=TimelineEvent.objects.select_related("photo", "photo__photographer"),
            ),
            "events__photo__renditions",
        )
    )
    named = {e.article_id for t in chronologies for e in t.events.all() if e.article_id}
    stories = Article.objects.published(now).filter(pk__in=named).in_bulk() if named else {}
    for chronology in chronologies:
        for entry in chronology.events.all():
            entry.visible_article = stories.get(entry.article_id)
    return {chronology.pk: ninjs.timeline(chronology) for chronology in chronologies}


def _photos(pks, access, now):
    pictures = (
        visible("photo", access, now)
        .filter(pk__in=pks)
        .select_related("photographer")
        .prefetch_related("renditions")
    )
    return {picture.pk: ninjs.photo(picture) for picture in pictures}


def _people(pks, access, now):
    people = (
        visible("person", access, now)
        .filter(pk__in=pks)
        .select_related("headshot", "headshot__photographer")
        .prefetch_related("headshot__renditions")
    )
    return {someone.pk: ninjs.person(someone) for someone in people}


def _sections(pks, access, now):
    desks = visible("section", access, now).filter(pk__in=pks).select_related("parent")
    return {desk.pk: ninjs.section(desk) for desk in desks}


BUILDERS = {
    "article": _articles,
    "gallery": _galleries,
    "timeline": _timelines,
    "photo": _photos,
    "person": _people,
    "section": _sections,
}


# Raised when what is cached for an item changes shape, so a deploy never reads the old one.
CACHE_FORMAT = 3


def _key(kind, pk):
    return fragments.fragment_key(f"api-item-{CACHE_FORMAT}", (kind, pk))


@dataclass(frozen=True)
class Built:
    """An item as it goes out: its JSON, written once, and its newest version time (for
    Last-Modified), so an answer is put together without reading the item again."""

    json: bytes
    latest: datetime | None
    digest: str  # of the JSON: an answer's ETag is made from its items' digests


def latest(item, found=None):
    """The newest versionCreated in an item and its associations."""
    found = [] if found is None else found
    if item.get("versionCreated"):
        found.append(datetime.fromisoformat(item["versionCreated"]))
    for other in item.get("associations", ()):
        latest(other, found)
    return max(found) if found else None


def dump(data):
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


# Items this process built or read lately, by key: (token, Built). A list of 50 stories is
# about half a megabyte of JSON; reading it from the shared cache on every request would cost
# more than putting the answer together. The change token, read from the shared cache on every
# request, decides whether an entry still holds.
LOCAL_ITEMS = 4000
_local = OrderedDict()


def _remember(key, generation, item):
    _local[key] = (generation, item)
    _local.move_to_end(key)
    while len(_local) > LOCAL_ITEMS:
        _local.popitem(last=False)


def _cached(keys):
    """(generation, {key: Built}) for what the caches hold of `keys` in the current
    generation: this process's first, then the shared cache."""
    if not fragments.ttl():
        return None, {}
    try:
        generation = fragments.any_change_token()
        found = {}
        for key in keys:
            entry = _local.get(key)
            if entry is not None and entry[0] == generation:
                found[key] = entry[1]
        missing = [key for key in keys if key not in found]
        if missing:
            shared = fragments.read_for(generation, missing)
            for key, item in shared.items():
                _remember(key, generation, item)
            found.update(shared)
        return generation, found
    except Exception:  # the cache is never required
        log.warning("API items not read from the cache", exc_info=True)
        return None, {}


def build(wanted, access, now):
    """The ninjs items (`Built`) for `wanted` [(kind, pk)], in that order; items no longer
    visible are left out. Visible items come from the fragment cache when it has them for the
    current generation (an item is the same whoever may read it)."""
    keys = {(kind, pk): _key(kind, pk) for kind, pk in wanted}
    generation, cached = _cached(list(keys.values()))
    missing = defaultdict(list)
    for kind, pk in wanted:
        if keys[(kind, pk)] not in cached:
            missing[kind].append(pk)
    built = {}
    for kind, pks in missing.items():
        for pk, item in BUILDERS[kind](pks, access, now).items():
            data = dump(item)
            digest = hashlib.md5(data, usedforsecurity=False).hexdigest()
            built[(kind, pk)] = Built(data, latest(item), digest)
    if generation is not None and built:
        try:
            fragments.store_many(generation, {keys[k]: item for k, item in built.items()})
            for k, item in built.items():
                _remember(keys[k], generation, item)
        except Exception:
            log.warning("API items not kept in the cache", exc_info=True)
    items = []
    for kind, pk in wanted:
        item = cached.get(keys[(kind, pk)]) or built.get((kind, pk))
        if item is not None:
            items.append(item)
    return items
