"""Fragment caching for reader pages, invalidated on change and respecting the schedule.

Each cached fragment is stored with the *content generation* it was rendered in: a random
token kept in the shared cache. A change readers may see (`changed()`: every save or delete
of a watched model, and writes that skip signals when their code calls it) starts a new
generation, and so does the moment the next scheduled or embargoed item goes live; a fragment
of another generation is never served. A page declares its fragments once (`Fragments`), and
reads the generation and all of them in one round trip to the cache.

`changed()` takes what changed, so that precise invalidation (pages that show that thing,
surrogate keys) can replace "a new generation for everything" without touching its callers.
Writes that skip signals and do not call it are seen at the latest after
NEWSROOM_FRAGMENT_CACHE_SECONDS.
"""

import functools
import hashlib
import secrets
import time
import weakref
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, transaction
from django.db.models import Min, Q
from django.db.models.functions import Coalesce, Greatest
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from taggit.models import Tag

from publishing.models import Publishable, Status, visible_q
from publishing.moments import LAST

from . import keys

# The fragments of the site's chrome, in base.html.
SITE_BLOCKS = ("site-head", "site-masthead", "site-footer")


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
    """The next moment a scheduled or embargoed item of any kind becomes visible, or None."""
    moments = []
    for model in apps.get_models():
        if not issubclass(model, Publishable):
            continue
        moment = (
            model.objects.scheduled(now)
            # A time past the readable range is never reached; leave it out of the sum.
            .exclude(published_at__gt=LAST)
            .exclude(embargo_until__gt=LAST)
            .annotate(goes_live=Greatest("published_at", Coalesce("embargo_until", "published_at")))
            .aggregate(first=Min("goes_live"))["first"]
        )
        if moment is not None:
            moments.append(moment)
    return min(moments) if moments else None


def _still_valid(record):
    return bool(record) and (record["until"] is None or record["until"] > time.time())


def _generation_record(record=None):
    key = _generation_key()
    if record is None:
        record = cache.get(key)
    if _still_valid(record):
        return record
    go_live = next_go_live()
    record = {"token": secrets.token_hex(6), "until": go_live.timestamp() if go_live else None}
    timeout = ttl() or 300
    if record["until"] is not None:
        timeout = max(1, min(timeout, int(record["until"] - time.time()) + 1))
    cache.set(key, record, timeout)
    return record


def current_generation(record=None):
    """The current generation's token; `record` is what the cache held, if already read."""
    return _generation_record(record)["token"]


def seconds_to_next_go_live():
    """Seconds until the next scheduled or embargoed item becomes visible (None: nothing is
    scheduled), read with the generation: one cache read, queries only on a miss."""
    until = _generation_record()["until"]
    return None if until is None else max(0, int(until - time.time()))


def new_generation():
    """Forget every cached fragment: now, and again once the current transaction commits
    (so no request can file what it read before the commit under the new generation)."""
    key = _generation_key()
    cache.delete(key)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: cache.delete(key))


def shown_to_readers(row):
    """Whether readers see `row` now, or will at a scheduled time: published content, and rows
    that belong to it (a credit, a correction, a tag, a gallery's photo row). A row decides
    for itself with `readers_can_see()` (a photo: used by such content); a row that belongs to
    no publishable item (a section, a person) is always taken as seen."""
    decide = getattr(row, "readers_can_see", None)
    if decide is not None:
        return decide()
    if isinstance(row, Publishable):
        return row.is_live or row.is_scheduled
    if isinstance(row, Tag):
        return (
            row.taggit_taggeditem_items.exists()
        )  # a new tag has no page until something carries it
    owners = []
    try:
        for field in row._meta.concrete_fields:
            if field.many_to_one and issubclass(field.related_model, Publishable):
                owners.append(getattr(row, field.name))
        tagged = getattr(row, "content_object", None)
        if isinstance(tagged, Publishable):
            owners.append(tagged)
    except ObjectDoesNotExist:
        return True  # its owner is being deleted with it: take it as seen
    if not owners:
        return True
    return any(owner is not None and shown_to_readers(owner) for owner in owners)


# Publishable rows readers saw before their current save (see `_remember_visibility`).
_seen_before = weakref.WeakKeyDictionary()


def _unseen(thing):
    if isinstance(thing, type):
        return False  # a model: many rows, some of them seen
    return not (_seen_before.pop(thing, False) or shown_to_readers(thing))


def changed(*what):
    """Something readers may see has changed: `what` names it (rows, or a model for many rows).

    A change readers cannot see (a draft, a row of a draft, a photo only drafts use) changes
    nothing, before or after the save. Any other starts a new generation today; callers say
    what they changed, so that invalidating only the pages that show it can replace this
    without changing them.
    """
    if what and all(_unseen(thing) for thing in what):
        return
    new_generation()


def _remember_visibility(sender, instance=None, raw=False, **kwargs):
    """Before a publishable row is saved or deleted: did readers see it? Unpublishing a story
    is a change readers see, though after the save they see nothing."""
    if raw or instance is None or instance.pk is None or not isinstance(instance, Publishable):
        return
    stored = sender._base_manager.filter(pk=instance.pk)
    _seen_before[instance] = stored.filter(Q(visible_q()) | Q(status=Status.PUBLISHED)).exists()


def _on_change(sender, instance=None, raw=False, **kwargs):
    if not raw:
        changed(instance if instance is not None else sender)


def watch(*models):
    """Treat every save and delete of `models` (and changes to their many-to-many rows) as a
    change readers may see. Each content app watches its own models when it starts."""
    for model in models:
        uid = f"reader.fragments:{model._meta.label_lower}"
        pre_save.connect(_remember_visibility, sender=model, dispatch_uid=f"{uid}:before")
        pre_delete.connect(_remember_visibility, sender=model, dispatch_uid=f"{uid}:before-del")
        post_save.connect(_on_change, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}:delete")
        m2m_changed.connect(_on_change, sender=model, dispatch_uid=f"{uid}:m2m")


def read_for(generation, keys):
    """Of `keys` (from `fragment_key`), those stored for `generation` (from
    `current_generation()`), in one round trip: for callers that are not a page (the content
    API's items)."""
    found = cache.get_many(list(keys))
    return {key: stored[1] for key, stored in found.items() if stored and stored[0] == generation}


def store_many(generation, values):
    """Keep `values` ({key: value}) for `generation` (see `read_for`)."""
    if values:
        cache.set_many({key: (generation, value) for key, value in values.items()}, ttl())


# A page's fragments --------------------------------------------------------------------------


class Fragments:
    """The cached parts of one reader page, declared once, by its view.

    `kind` and `parts` say which page this is ("article", ("syrian-general-defects",)); a
    listing adds its `page` number. The template's `{% fragment "head" %}` blocks (`blocks`)
    and the view's `remember("lookup", ...)` values (`values`) find their keys here, never
    by repeating names and parts. The site's chrome (SITE_BLOCKS) comes with every page.
    `read()` fetches the generation and all of them in one round trip to the cache.

    A preview turns `enabled` off: it is rendered afresh and never stored.
    """

    def __init__(self, kind="", parts=(), *, blocks=(), values=(), page=None, front_page=False):
        self.enabled = bool(ttl())
        self.generation = None
        if kind:
            keys.add(keys.page_key(kind, parts))
        self._found = {}
        self._keys = {
            "site-head": fragment_key("site-head", ()),
            "site-masthead": fragment_key("site-masthead", ("front" if front_page else "",)),
            "site-footer": fragment_key("site-footer", ()),
        }
        block_parts = (*parts, page) if page is not None else tuple(parts)
        for name in blocks:
            self._keys[name] = fragment_key(f"{kind}-{name}", block_parts)
        for name in values:
            self._keys[name] = fragment_key(f"{kind}-{name}", tuple(parts))

    def key(self, name):
        try:
            return self._keys[name]
        except KeyError:
            raise KeyError(f"This page declares no fragment named {name!r}.") from None

    def read(self):
        """Fetch the generation and every declared fragment in one round trip (misses too)."""
        if not self.enabled or self.generation is not None:
            return
        found = cache.get_many([_generation_key(), *self._keys.values()])
        self.generation = current_generation(found.get(_generation_key()))
        for key in self._keys.values():
            stored = found.get(key)
            if stored and stored[0] == self.generation:
                self._found[key] = stored[1]
                keys.add(*(stored[2] if len(stored) > 2 else ()))  # what it showed
            else:
                self._found[key] = None

    def get(self, name):
        """A fragment of the current generation, or None."""
        self.read()
        return self._found.get(self.key(name))

    def put(self, name, value):
        self.read()
        key = self.key(name)
        self._found[key] = value
        cache.set(key, (self.generation, value, keys.current()), ttl())

    def remember(self, name, compute):
        """A computed value (a lookup, a count) kept for the current content generation."""
        if not self.enabled:
            return compute()
        value = self.get(name)
        if value is None:
            value = compute()
            # Nothing is kept for a miss ("no such story"): a crawler trying random
            # addresses must not fill the cache.
            if value is not None:
                self.put(name, value)
        return value
