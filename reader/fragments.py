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
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Min
from django.db.models.functions import Coalesce, Greatest
from django.db.models.signals import m2m_changed, post_delete, post_save

from publishing.models import Publishable
from publishing.moments import LAST

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


def changed(*what):
    """Something readers may see has changed: `what` names it (rows, or a model for many rows).

    Every change starts a new generation today. Callers still say what they changed, so that
    invalidating only the pages that show it can replace this without changing them.
    """
    new_generation()


def _on_change(sender, instance=None, raw=False, **kwargs):
    if not raw:
        changed(instance if instance is not None else sender)


def watch(*models):
    """Treat every save and delete of `models` (and changes to their many-to-many rows) as a
    change readers may see. Each content app watches its own models when it starts."""
    for model in models:
        uid = f"reader.fragments:{model._meta.label_lower}"
        post_save.connect(_on_change, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}:delete")
        m2m_changed.connect(_on_change, sender=model, dispatch_uid=f"{uid}:m2m")


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
            self._found[key] = stored[1] if stored and stored[0] == self.generation else None

    def get(self, name):
        """A fragment of the current generation, or None."""
        self.read()
        return self._found.get(self.key(name))

    def put(self, name, value):
        self.read()
        key = self.key(name)
        self._found[key] = value
        cache.set(key, (self.generation, value), ttl())

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
