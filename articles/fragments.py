"""Fragment caching for reader pages, invalidated on save and respecting the schedule.

Each cached fragment is stored with the *content generation* it was rendered in: a random
token kept in the shared cache. Any save or delete of content (articles, people, sections,
photos, renditions, galleries, timelines, tags) starts a new generation, and so does the
moment the next scheduled or embargoed item goes live; a fragment of another generation is
never served. Pages still run their own lookups of what readers may see (the article by its
slug, the section by its address) on each request; only the rendering of what they found is
shared. A page reads the generation and all its fragments in one round trip to the cache.

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
    """A digest of the site's templates and static files, so a deploy that changes them never
    serves fragments rendered by the old ones (they name the stylesheet's hashed file)."""
    digest = hashlib.md5(usedforsecurity=False)
    folders = [*settings.TEMPLATES[0].get("DIRS", []), *settings.STATICFILES_DIRS]
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                digest.update(str(path).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def _namespace():
    # Per database and template release: two databases behind one Redis, or two releases
    # during a rolling deploy, never share fragments.
    return f"{connection.settings_dict.get('NAME')}:{templates_release()}"


def _generation_key():
    return f"fragments:{_namespace()}:generation"


def fragment_key(name, parts):
    digest = hashlib.md5(
        "\x1f".join(str(part) for part in parts).encode(), usedforsecurity=False
    ).hexdigest()
    return f"fragment:{_namespace()}:{name}:{digest}"


# The generation ---------------------------------------------------------------------------


def next_go_live(now=None):
    """The next moment a scheduled or embargoed item becomes visible to readers, or None."""
    from media_gallery.models import Gallery

    from .models import Article, Timeline

    moments = []
    for model in (Article, Gallery, Timeline):
        moment = (
            model.objects.scheduled(now)
            .annotate(goes_live=Greatest("published_at", Coalesce("embargo_until", "published_at")))
            .aggregate(first=Min("goes_live"))["first"]
        )
        if moment is not None:
            moments.append(moment)
    return min(moments) if moments else None


def _still_valid(record):
    return bool(record) and (record["until"] is None or record["until"] > time.time())


def current_generation(record=None):
    """The current generation's token; `record` is what the cache held, if already read."""
    key = _generation_key()
    if record is None:
        record = cache.get(key)
    if _still_valid(record):
        return record["token"]
    go_live = next_go_live()
    record = {"token": secrets.token_hex(6), "until": go_live.timestamp() if go_live else None}
    timeout = ttl() or 300
    if record["until"] is not None:
        timeout = max(1, min(timeout, int(record["until"] - time.time()) + 1))
    cache.set(key, record, timeout)
    return record["token"]


def new_generation():
    """Forget every cached fragment: now, and again once the current transaction commits
    (so no request can file what it read before the commit under the new generation)."""
    key = _generation_key()
    cache.delete(key)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: cache.delete(key))


def content_changed(sender, **kwargs):
    """Signal receiver: a content model was saved or deleted."""
    if kwargs.get("raw"):
        return
    if sender._meta.app_label in CONTENT_APPS:
        new_generation()


# Reading and writing fragments ------------------------------------------------------------


def site_fragments(front_page=False):
    """Fragments every page has: the site's head links, masthead and footer (base.html)."""
    return [
        ("site-head", ()),
        ("site-masthead", ("front" if front_page else "",)),
        ("site-footer", ()),
    ]


def prefetch(request, wanted):
    """Read the generation and a page's fragments, [(name, parts), ...], in one round trip.

    `{% fragment %}` and `remember()` then find them on the request (misses too).
    """
    if not ttl():
        return
    keys = [fragment_key(name, parts) for name, parts in wanted]
    found = cache.get_many([_generation_key(), *keys])
    generation = current_generation(found.get(_generation_key()))
    request._fragment_generation = generation
    request._fragments = {}
    for key in keys:
        stored = found.get(key)
        request._fragments[key] = stored[1] if stored and stored[0] == generation else None


def _generation_for(request):
    generation = getattr(request, "_fragment_generation", None)
    if generation is None:
        generation = current_generation()
        if request is not None:
            request._fragment_generation = generation
    return generation


def get(key, request=None):
    """A fragment of the current generation, or None."""
    known = getattr(request, "_fragments", None)
    if known is not None and key in known:
        return known[key]
    generation = _generation_for(request)
    stored = cache.get(key)
    return stored[1] if stored and stored[0] == generation else None


def put(key, value, request=None):
    cache.set(key, (_generation_for(request), value), ttl())


def remember(name, parts, compute, request=None):
    """A computed value (a count, say) kept for the current content generation."""
    if not ttl():
        return compute()
    key = fragment_key(name, parts)
    value = get(key, request)
    if value is None:
        value = compute()
        put(key, value, request)
    return value
