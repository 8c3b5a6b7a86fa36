"""Fragment caching for reader pages, invalidated on save and respecting the schedule.

Every cached fragment's key carries the current *content generation*: a random token kept in
the shared cache. Any save or delete of content (articles, people, sections, photos,
renditions, galleries, timelines, tags) starts a new generation, and so does the moment the
next scheduled or embargoed item goes live. Fragments of older generations are never read
again and expire on their own. Pages still run their own visibility query on each request;
only the rendering of what that query found is shared.

Writes that skip signals (`QuerySet.update()`, `bulk_create`, raw SQL) are seen at the latest
after NEWSROOM_FRAGMENT_CACHE_SECONDS; code that makes them calls `new_generation()`.
"""

import functools
import hashlib
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Min
from django.db.models.functions import Coalesce, Greatest

# Models whose saves change what a reader page shows.
CONTENT_APPS = {"articles", "media_gallery", "taggit"}


def ttl():
    """How long a fragment lives at most; 0 turns fragment caching off (as in development)."""
    return int(getattr(settings, "NEWSROOM_FRAGMENT_CACHE_SECONDS", 300))


@functools.cache
def templates_release():
    """A digest of the site's templates, so a deploy with changed templates never serves
    fragments rendered by the old ones."""
    digest = hashlib.md5(usedforsecurity=False)
    for folder in settings.TEMPLATES[0].get("DIRS", []):
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                digest.update(str(path).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def _generation_key():
    # One generation per database and template release: two databases behind one Redis, or
    # two releases during a rolling deploy, never share fragments.
    database = connection.settings_dict.get("NAME")
    return f"fragments:{database}:{templates_release()}:generation"


def next_go_live(now=None):
    """The next moment a scheduled or embargoed item becomes visible to readers, or None."""
    from media_gallery.models import Gallery

    from .models import Article, Timeline

    now_ts = now
    moments = []
    for model in (Article, Gallery, Timeline):
        moment = (
            model.objects.scheduled(now_ts)
            .annotate(goes_live=Greatest("published_at", Coalesce("embargo_until", "published_at")))
            .aggregate(first=Min("goes_live"))["first"]
        )
        if moment is not None:
            moments.append(moment)
    return min(moments) if moments else None


def current_generation():
    """The token of the current content generation (one cache read when warm)."""
    key = _generation_key()
    record = cache.get(key)
    now = time.time()
    if record and (record["until"] is None or record["until"] > now):
        return record["token"]
    go_live = next_go_live()
    record = {
        "token": secrets.token_hex(6),
        "until": go_live.timestamp() if go_live else None,
    }
    timeout = ttl() or 300
    if record["until"] is not None:
        timeout = max(1, min(timeout, int(record["until"] - now) + 1))
    cache.set(key, record, timeout)
    return record["token"]


def new_generation():
    """Forget every cached fragment: now, and again once the current transaction commits
    (so no request can file what it read before the commit under the new generation)."""
    key = _generation_key()
    cache.delete(key)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: cache.delete(key))


def fragment_key(name, parts, request=None):
    """The cache key of a fragment in the current generation.

    Within one request the generation is read once (kept on the request), so every fragment
    of a page belongs to the same generation and the page costs one read for it.
    """
    generation = getattr(request, "_fragment_generation", None)
    if generation is None:
        generation = current_generation()
        if request is not None:
            request._fragment_generation = generation
    digest = hashlib.md5(
        "\x1f".join(str(part) for part in parts).encode(), usedforsecurity=False
    ).hexdigest()
    return f"fragment:{generation}:{name}:{digest}"


def content_changed(sender, **kwargs):
    """Signal receiver: a content model was saved or deleted."""
    if kwargs.get("raw"):
        return
    if sender._meta.app_label in CONTENT_APPS:
        new_generation()


# Fragments every page has: the site's head links, masthead and footer (templates/base.html).
def site_fragments(front_page=False):
    return [
        ("site-head", ()),
        ("site-masthead", ("front" if front_page else "",)),
        ("site-footer", ()),
    ]


def prefetch(request, wanted):
    """Read a page's fragments, [(name, parts), ...], in one round trip to the cache.

    `{% fragment %}` then finds them on the request (a miss is remembered too), so a warm
    page costs two cache reads however many fragments it has: the generation and this.
    """
    if not ttl():
        return
    keys = [fragment_key(name, parts, request) for name, parts in wanted]
    found = cache.get_many(keys)
    request._fragments = {key: found.get(key) for key in keys}


def remember(name, parts, compute, request=None):
    """A computed value (a count, a list of ids) kept for the current content generation."""
    if not ttl():
        return compute()
    key = fragment_key(name, parts, request)
    known = getattr(request, "_fragments", {})
    value = known[key] if key in known else cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, ttl())
    return value
