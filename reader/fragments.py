"""Fragment caching for reader pages, invalidated precisely and respecting the schedule.

A cached fragment is stored with what it shows: the surrogate keys collected while it was
rendered ("article:12", "photo:44", reader/keys.py) and the moment rendering began. A change
readers may see (`changed()`: every save or delete of a watched model, and writes that skip
signals when their code calls it) stamps the keys of what changed with the time; a fragment
is served only if none of its keys was stamped after it began, so a correction on one story
re-renders the pages that show that story and nothing else. A story appearing or
disappearing (published, unpublished, its time come) also stamps `keys.LISTINGS`, carried by
every page that lists stories. The same keys purge the front caches (reader/purge.py).

Over it all sits a *generation* token, replaced only for changes that reach every page (a
section renamed: the masthead; a bulk load), and the time of the next scheduled go-live:
when it passes, what went live then is invalidated like a publication. A page reads the
generation and all its fragments in one round trip to the cache, and the stamps of their
keys in a second.

Writes that skip signals and do not call `changed()` are seen at the latest after
NEWSROOM_FRAGMENT_CACHE_SECONDS.
"""

import functools
import hashlib
import math
import secrets
import time
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, transaction
from django.db.models import BooleanField, ExpressionWrapper
from django.db.models.functions import Coalesce, Greatest
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from taggit.models import Tag

from publishing.models import Publishable, Status, visible_q
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
        .annotate(goes_live=_goes_live())
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


def _goes_live():
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
        _stamp(went_live_since(record["checked"] - CLOCK_MARGIN), token)
    else:
        token = secrets.token_hex(6)
    go_live = next_go_live()
    record = {"token": token, "until": go_live.timestamp() if go_live else None, "checked": now}
    cache.set(key, record, _record_timeout())
    return record


def _reschedule():
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


def went_live_since(moment):
    """The keys of every item that became visible after `moment` (a timestamp)."""
    since = datetime.fromtimestamp(moment, tz=UTC)
    names = set()
    for model in apps.get_models():
        if issubclass(model, Publishable):
            for row in (
                model.objects.published()
                .annotate(goes_live=_goes_live())
                .filter(goes_live__gt=since)
            ):
                names |= _names_of(row) | _linking_names(row) | {keys.LISTINGS}
    return names


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


# Kept on a publishable row for its current save or delete (see `_remember`): what it was
# before, as (seen by readers, scheduled, what places it in the listings).
BEFORE = "_readers_before"

# Models whose rows every page shows (the sections in the masthead): see `everywhere()`.
_everywhere = set()


def _names_of(row):
    """The keys a change to `row` touches.

    A story (any publishable item): its own key, so the pages that show it. A row that
    belongs to one (a credit, a correction, a promo, a tagged item, a gallery's photo row): the
    key of the item it belongs to, and for the person, tag or photo it links that item to,
    the key of the listings of that thing ("in:person:5": a new byline puts the story on the
    person's page). Any other row (a person, a photo, a rendition): its own key and those of
    the rows it points to (a rendition: its photo)."""
    names = set()
    if row._meta.model in keys.KEYED:
        names.add(keys.key_for(row))
    if isinstance(row, Publishable):
        return names
    linked = []
    owned = False
    for field in row._meta.concrete_fields:
        if field.many_to_one and field.related_model in keys.KEYED:
            value = getattr(row, field.attname)
            if value is None:
                continue
            if issubclass(field.related_model, Publishable):
                owned = True
                names.add(f"{field.related_model._meta.model_name}:{value}")
            else:
                linked.append((field.related_model, value))
    if getattr(row, "content_type_id", None) and getattr(row, "object_id", None):
        model = row.content_type.model_class()
        if model in keys.KEYED:
            owned = owned or issubclass(model, Publishable)
            names.add(f"{model._meta.model_name}:{row.object_id}")
    for model, value in linked:
        names.add(keys.listing_of(model, value) if owned else f"{model._meta.model_name}:{value}")
    return names


def _linking_names(row):
    """The keys of the items that link to `row` only while readers may see it (a promo to
    it, a timeline event naming it): they show it, or stop showing it, when it appears or
    disappears. One query per kind of link; only for publications and withdrawals."""
    names = set()
    for relation in row._meta.related_objects:
        if not (relation.one_to_many or relation.one_to_one):
            continue
        model = relation.related_model
        owners = [
            field
            for field in model._meta.concrete_fields
            if field.many_to_one
            and field is not relation.field
            and field.related_model in keys.KEYED
            and issubclass(field.related_model, Publishable)
        ]
        if not owners:
            continue
        found = model._base_manager.filter(**{relation.field.name: row.pk})
        for values in found.values_list(*(field.attname for field in owners)):
            for field, value in zip(owners, values, strict=True):
                if value is not None:
                    names.add(f"{field.related_model._meta.model_name}:{value}")
    return names


# What places an item in the listings: its times (the order) and its section (which pages).
LISTED_BY = ("published_at", "embargo_until", "section_id")


def _placing_fields(model):
    names = {field.attname for field in model._meta.concrete_fields}
    return [name for name in LISTED_BY if name in names]


def _placing(row):
    return tuple(getattr(row, name) for name in _placing_fields(type(row)))


def _publishable_names(row, deleted):
    seen, scheduled, times = row.__dict__.pop(BEFORE, (None, False, None))
    live = not deleted and row.is_live
    if seen is None:  # not saved through the ORM (a caller says it changed): as it is now
        seen, times = live, _placing(row)
    if scheduled or (not deleted and row.is_scheduled):
        _reschedule()
    if not (seen or live):
        return set()  # a draft, an item ready for edit, a scheduled item not yet live
    names = _names_of(row)
    if seen != live or times != _placing(row):
        # It appears, disappears or moves in the listings.
        names |= {keys.LISTINGS} | _linking_names(row)
    return names


def changed(*what, deleted=False):
    """Something readers may see has changed: `what` names it (rows, or a model for many rows).

    A change readers cannot see (a draft, a row of a draft, a photo only drafts use) changes
    nothing, before or after the save. Any other invalidates the pages that show what changed
    (its keys); a story appearing or disappearing also invalidates the listings, and a model
    (many rows at once) or a row every page shows starts a new generation.
    """
    names = set()
    for thing in what:
        if isinstance(thing, type) or type(thing) in _everywhere:
            new_generation()
            return
        if isinstance(thing, Publishable):
            names |= _publishable_names(thing, deleted)
        elif shown_to_readers(thing):
            names |= _names_of(thing)
    invalidate(*names)


def _remember(sender, instance=None, raw=False, **kwargs):
    """Before a publishable row is saved or deleted: was it seen, or scheduled, and when?
    Unpublishing a story is a change readers see, though after the save they see nothing."""
    if raw or instance is None or not isinstance(instance, Publishable):
        return
    if instance._state.adding:  # a new item: nothing of it was seen or scheduled
        setattr(instance, BEFORE, (False, False, ()))
        return
    stored = (
        sender._base_manager.filter(pk=instance.pk)
        .annotate(seen=ExpressionWrapper(visible_q(), output_field=BooleanField()))
        .values_list("seen", "status", *_placing_fields(sender))
        .first()
    )
    if stored is not None:
        seen, status, *placing = stored
        scheduled = status == Status.PUBLISHED and not seen
        setattr(instance, BEFORE, (seen, scheduled, tuple(placing)))


def _on_save(sender, instance=None, raw=False, **kwargs):
    if not raw:
        changed(instance if instance is not None else sender)


def _on_delete(sender, instance=None, **kwargs):
    changed(instance, deleted=True)


def watch(*models):
    """Treat every save and delete of `models` (and changes to their many-to-many rows) as a
    change readers may see. Each content app watches its own models when it starts."""
    for model in models:
        uid = f"reader.fragments:{model._meta.label_lower}"
        pre_save.connect(_remember, sender=model, dispatch_uid=f"{uid}:before")
        pre_delete.connect(_remember, sender=model, dispatch_uid=f"{uid}:before-del")
        post_save.connect(_on_save, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"{uid}:delete")
        m2m_changed.connect(_on_save, sender=model, dispatch_uid=f"{uid}:m2m")


def everywhere(*models):
    """Rows of `models` show on every page (the sections in the masthead): a change to one
    starts a new generation rather than invalidating by key."""
    _everywhere.update(models)


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
