"""Fragment caching for reader pages, invalidated precisely and respecting the schedule.

A cached fragment is stored with what it shows: the surrogate keys collected while it was
rendered ("article:12", "photo:44", reader/keys.py) and the tick of the shared change clock
read before its page read the database. A change readers may see (reader/changes.py)
stamps the keys of what changed with a new tick (`invalidate`); a fragment is served only
if none of its keys was stamped after it began, so a correction on one story re-renders the
pages that show that story and nothing else. A story appearing or disappearing also stamps
`keys.LISTINGS`, carried by every page that lists stories. The same keys purge the front
caches (reader/purge.py).

Over it all sits a *generation* token, replaced only for changes that reach every page (a
section renamed: the masthead; a bulk load), and the time of the next scheduled go-live:
when it passes, what went live then is invalidated like a publication. A page reads the
generation, the clock and all its fragments in one round trip, the stamps in a second.
Writes that skip signals and do not call `changes.changed()` are seen at the latest after
NEWSROOM_FRAGMENT_CACHE_SECONDS.
"""

import functools
import hashlib
import math
import secrets
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.functions import Coalesce, Greatest

from publishing.models import Publishable
from publishing.moments import LAST

from . import keys, purge

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


# The generation and the stamps ----------------------------------------------------------------

# Looking for what went live since a moment, look this much further back: the moment is one
# app server's clock, the publication times another's.
CLOCK_MARGIN = 1.0


def next_go_live(now=None):
    """The next moment a scheduled or embargoed item of any kind becomes visible, or None:
    one query over every kind where the database can (PostgreSQL), one per kind elsewhere."""
    firsts = [
        model.objects.scheduled(now)
        # A time past the readable range is never reached; leave it out of the sum.
        .exclude(published_at__gt=LAST)
        .exclude(embargo_until__gt=LAST)
        .annotate(goes_live=goes_live())
        .order_by("goes_live")
        .values_list("goes_live", flat=True)[:1]
        for model in apps.get_models()
        if issubclass(model, Publishable)
    ]
    if not firsts:
        return None
    if connection.features.supports_slicing_ordering_in_compound:
        moments = list(firsts[0].union(*firsts[1:], all=True))
    else:
        moments = [moment for first in firsts for moment in first]
    return min(moments) if moments else None


def goes_live():
    return Greatest("published_at", Coalesce("embargo_until", "published_at"))


def _record_timeout():
    # Outlives every fragment: a record lost early only costs a new generation.
    return max(ttl(), 300) * 2


def _still_valid(record):
    return bool(record) and (record["until"] is None or record["until"] > time.time())


def _generation_record(record=None):
    key = _generation_key()
    if record is None:
        record = cache.get(key)
    if _still_valid(record):
        return record
    now = time.time()
    if record and "checked" in record:
        # A go-live moment has passed: what went live since the record was made is
        # invalidated like a publication, and the generation stands.
        token = record["token"]
        from .changes import went_live_since  # (changes.py stamps through this module)

        _stamp(went_live_since(record["checked"] - CLOCK_MARGIN), token)
    else:
        token = secrets.token_hex(6)
    go_live = next_go_live()
    record = {"token": token, "until": go_live.timestamp() if go_live else None, "checked": now}
    cache.set(key, record, _record_timeout())
    return record


def reschedule():
    """Something was scheduled, rescheduled or unscheduled: find the next go-live again,
    keeping the generation (nothing readers see has changed yet)."""

    def again():
        key = _generation_key()
        record = cache.get(key)
        if not record or "checked" not in record:
            return  # the next read makes a fresh record
        go_live = next_go_live()
        record = {**record, "until": go_live.timestamp() if go_live else None}
        if _still_valid(record):
            cache.set(key, record, _record_timeout())
        else:
            _generation_record(record)

    again()
    if connection.in_atomic_block:
        transaction.on_commit(again)


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

    def forget_and_purge():
        cache.delete(key)
        purge.everything()

    if connection.in_atomic_block:
        cache.delete(key)
        transaction.on_commit(forget_and_purge)
    else:
        forget_and_purge()


def _stamp_key(name):
    return f"fragments:{_namespace()}:key:{name}"


def _clock_key():
    return f"fragments:{_namespace()}:clock"


def _tick():
    """Move the shared change clock on; its new value, or None if the cache is away."""
    key = _clock_key()
    try:
        return cache.incr(key)
    except ValueError:  # no clock yet
        cache.add(key, 0, None)
        return cache.incr(key)


def _stamp(names, token):
    """Stamp `names` with a new tick of the change clock. Readers compare it with the clock
    they read before reading the database, not with anyone's wall clock: a page rendered from
    rows read before this change began earlier on the clock, whichever server rendered it.
    The stamps are raised to "always stale" before the tick, so no reader finds the tick
    without them."""
    if not names:
        return
    timeout = max(ttl(), 300) + 60  # as long as any fragment stored before could be read
    failed = cache.set_many({_stamp_key(name): (token, math.inf) for name in names}, timeout)
    tick = None if failed else _tick()
    if tick is None or cache.set_many({_stamp_key(name): (token, tick) for name in names}, timeout):
        # The cache is away: forget everything once it is back (a kept delete).
        cache.delete(_generation_key())


def invalidate(*names):
    """Every fragment, and every front-cache copy, that shows one of `names` (surrogate keys)
    is stale from now."""
    names = sorted({name for name in names if name})
    if not names:
        return

    def stamp():
        _stamp(names, current_generation())
        cache.delete(_changes_key())

    def stamp_and_purge():
        stamp()
        purge.keys(names)

    # Fragments now (what was cached before is stale at once) and again when the transaction
    # commits (what a reader rendered from the old rows meanwhile is stale too); the front
    # caches once, when the new rows can be read.
    if connection.in_atomic_block:
        stamp()
        transaction.on_commit(stamp_and_purge)
    else:
        stamp_and_purge()


def _fresh(stored, stamps, generation):
    """Whether a stored fragment (generation, value, keys, began) is still good to serve:
    none of its keys stamped, in this generation, after the clock it began at."""
    if not stored or stored[0] != generation or len(stored) < 4:
        return False
    began = stored[3]
    for name in stored[2]:
        stamp = stamps.get(_stamp_key(name))
        if stamp and stamp[0] == generation and stamp[1] > began:
            return False
    return True


def _changes_key():
    return f"fragments:{_namespace()}:changes"


def any_change_token():
    """A token that changes with every change readers may see, anywhere (and with the
    generation): for callers that cache many items together and cannot afford to read the
    stamps of all they show (the content API's lists)."""
    key = _changes_key()
    found = cache.get_many([_generation_key(), key])
    token = found.get(key)
    if token is None:
        token = secrets.token_hex(6)
        cache.set(key, token, _record_timeout())
    return f"{current_generation(found.get(_generation_key()))}:{token}"


def read_for(token, keys):
    """Of `keys` (from `fragment_key`), those stored with `token` (from `any_change_token()`),
    in one round trip."""
    found = cache.get_many(list(keys))
    return {key: stored[1] for key, stored in found.items() if stored and stored[0] == token}


def store_many(token, values):
    """Keep `values` ({key: value}) for `token` (see `read_for`)."""
    if values:
        cache.set_many({key: (token, value) for key, value in values.items()}, ttl())


def _fresh_only(found, generation):
    """Of the stored fragments `found` ({key: stored}), those of `generation` none of whose
    keys was stamped after they began: the stamps of all their keys read in one round trip."""
    candidates = {
        key: stored
        for key, stored in found.items()
        if stored and stored[0] == generation and len(stored) >= 4
    }
    names = {name for stored in candidates.values() for name in stored[2]}
    stamps = cache.get_many([_stamp_key(name) for name in names]) if names else {}
    return {key: stored for key, stored in candidates.items() if _fresh(stored, stamps, generation)}


# A page's fragments --------------------------------------------------------------------------


class Fragments:
    """The cached parts of one reader page, declared once, by its view.

    `kind` and `parts` say which page this is ("article", ("syrian-general-defects",)); a
    listing adds its `page` number. The template's `{% fragment "head" %}` blocks (`blocks`)
    and the view's `remember("lookup", ...)` values (`values`) find their keys here, never
    by repeating names and parts. The site's chrome (SITE_BLOCKS) comes with every page.
    `read()` fetches the generation and all of them in one round trip to the cache, and the
    stamps of what they show in a second.

    A preview turns `enabled` off: it is rendered afresh and never stored.
    """

    def __init__(self, kind="", parts=(), *, blocks=(), values=(), page=None, front_page=False):
        self.enabled = bool(ttl())
        self.generation = None
        self.began = None
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
        """Fetch the generation and every declared fragment, and the stamps of what they
        show: two round trips to the cache (misses too)."""
        if not self.enabled or self.generation is not None:
            return
        clock = _clock_key()
        # The change clock is read before anything of this page is read from the database.
        found = cache.get_many([_generation_key(), clock, *self._keys.values()])
        self.began = found.pop(clock, None)
        record = found.pop(_generation_key(), None)
        if self.began is None:  # the clock was lost: so are the stamps it ordered
            cache.add(clock, 0, None)
            self.began, record = 0, None
            cache.delete(_generation_key())
        self.generation = current_generation(record)
        fresh = _fresh_only(found, self.generation)
        for key in self._keys.values():
            stored = fresh.get(key)
            if stored is not None:
                self._found[key] = stored[1]
                keys.add(*stored[2])  # what it showed
            else:
                self._found[key] = None

    def get(self, name):
        """A fragment still fresh, or None."""
        self.read()
        return self._found.get(self.key(name))

    def put(self, name, value):
        self.read()
        key = self.key(name)
        self._found[key] = value
        # The site's chrome shows only the sections, which start a new generation when they
        # change: it keeps no keys, so it never brings one page's keys to another.
        shown = () if name in SITE_BLOCKS else keys.current()
        cache.set(key, (self.generation, value, shown, self.began), ttl())

    def remember(self, name, compute):
        """A computed value (a lookup, a count) kept while what it read is unchanged."""
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
