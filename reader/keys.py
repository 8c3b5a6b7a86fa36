"""Surrogate keys: what a response shows, named so that a change can find every cached copy.

A response's keys are collected while it is made: every row of a keyed model the request
loads (`keyed()`, called by each content app: "article:12", "photo:44", "person:5") and the
page itself ("page:section:world", from its `Fragments`). A fragment served from the cache
brings back the keys it was rendered with. The front-cache middleware prints them in
`Surrogate-Key` (Fastly, nginx) and `Cache-Tag` (Cloudflare).

Purging by these keys is the production issue's next step; naming them comes first.
"""

import contextvars
from contextlib import contextmanager

from django.db.models.signals import post_init

_collected = contextvars.ContextVar("newsroom_surrogate_keys", default=None)


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
        post_init.connect(
            _on_load, sender=model, dispatch_uid=f"reader.keys:{model._meta.label_lower}"
        )
