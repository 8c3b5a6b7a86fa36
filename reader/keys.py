"""Surrogate keys: what a response shows, named so that a change can find every cached copy.

A response's keys are collected while it is made: every row of a keyed model the request
loads (`keyed()`, called by each content app: "article:12", "photo:44", "person:5") and the
page itself ("page:section:world", from its `Fragments`). A fragment served from the cache
brings back the keys it was rendered with. The front-cache middleware prints them in
`Surrogate-Key` (Fastly, nginx) and `Cache-Tag` (Cloudflare).

The same keys invalidate the app's fragments (reader/fragments.py) and purge the front caches
(reader/purge.py). `LISTINGS` is carried by every page that lists stories (front, sections,
tags, people, feeds, sitemaps, search, corrections): a story appearing or disappearing
invalidates it.
"""

import contextvars
from contextlib import contextmanager

from django.db.models.signals import post_init

_collected = contextvars.ContextVar("newsroom_surrogate_keys", default=None)

LISTINGS = "listings"

# The models whose rows name themselves (see `keyed()`).
KEYED = set()


def key_for(row):
    """The key of one row: its model's name and its primary key."""
    return f"{row._meta.model_name}:{row.pk}"


def page_key(kind, parts=()):
    """The key of one page (or listing): "page:front", "page:section:world"."""
    return ":".join(("page", kind, *(str(part) for part in parts if part not in ("", None))))


@contextmanager
def collecting():
    """Collect the keys of what is loaded and shown inside this block (one request)."""
    token = _collected.set(set())
    try:
        yield _collected.get()
    finally:
        _collected.reset(token)


@contextmanager
def paused():
    """Rows loaded inside this block are not named (the site's chrome: its sections would
    otherwise be named by every page)."""
    token = _collected.set(None)
    try:
        yield
    finally:
        _collected.reset(token)


def listing_of(model, pk):
    """The key of the listings of one person, tag or section ("in:person:5"): their page and
    feed carry it, so a new byline or tag puts the story there."""
    return f"in:{model._meta.model_name}:{pk}"


def lists():
    """This response lists stories: a story appearing or disappearing changes it."""
    add(LISTINGS)


def add(*keys):
    found = _collected.get()
    if found is not None:
        found.update(key for key in keys if key)


def current():
    """The keys collected so far in this request, as a sorted tuple (empty outside one)."""
    found = _collected.get()
    return tuple(sorted(found)) if found else ()


def _on_load(sender, instance, **kwargs):
    found = _collected.get()
    if found is not None and instance.pk is not None:
        found.add(key_for(instance))


def keyed(*models):
    """Name every row of `models` that a reader's request loads in its response's keys."""
    for model in models:
        KEYED.add(model)
        post_init.connect(
            _on_load, sender=model, dispatch_uid=f"reader.keys:{model._meta.label_lower}"
        )
