"""Autosave: what someone is typing, kept every few seconds and when the page is hidden or
closed (`static/publishing/autosave.js`), so a crash loses nothing.

An autosave writes only an `Autosave` row, one per person, item and browser session: never the
item, its version or anything readers see (no reader cache is touched). It cannot conflict
with the person's next save or overwrite anyone's: the version the page was opened at is kept
with it, and recovering the text brings that version back into the form, so saving it goes
through the same merge as any stale save.

Text typed on an "Add" page is kept the same way before the item exists (`keep_new`): one row
per person, kind of item and add page, offered on the next "Add" page and gone once the item
is first saved. With nothing stored yet, there is nothing it could overwrite.
"""

import secrets

from django.contrib.contenttypes.models import ContentType
from django.http import QueryDict
from django.utils import timezone

from . import diff, snapshots
from .models import Autosave

# Form fields that are machinery, not text: never kept.
MACHINERY = {"csrfmiddlewaretoken", "_save", "_continue", "_addanother", "_saveasnew"}


def _of(user, item):
    return Autosave.objects.filter(
        content_type=ContentType.objects.get_for_model(type(item)),
        object_id=item.pk,
        user=user,
    )


def _typed(post):
    return [
        [name, value]
        for name, values in post.lists()
        for value in values
        if name not in MACHINERY and "__prefix__" not in name
    ]


def keep(user, item, session_key, post, content):
    """Keep what `user` is typing on `item` (the page's POST data and its snapshot): the row
    for this session is replaced, so autosaves collapse into one per person and session."""
    data = _typed(post)
    try:
        loaded = int(post.get("loaded_version") or item.version)
    except ValueError:
        loaded = item.version
    autosave, _ = Autosave.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(type(item)),
        object_id=item.pk,
        user=user,
        session_key=session_key or "",
        defaults={
            "loaded_version": loaded,
            "data": data,
            "content": content,
            "saved_at": timezone.now(),
        },
    )
    return autosave


def latest(user, item):
    return _of(user, item).filter(proposed_at__isnull=True).first()


def find(user, item, pk):
    return _of(user, item).filter(pk=pk).first()


def discard(user, item):
    """The person saved, or threw the text away: forget their autosaves for it (a proposed
    update waits for its editor)."""
    _of(user, item).filter(proposed_at__isnull=True).delete()


# A reporter's proposed update to their published story is kept the same way, one per
# person and item, under this session key, until an editor publishes or returns it.
PROPOSAL = "proposed update"


def propose(user, item, post, content):
    kept = keep(user, item, PROPOSAL, post, content)
    kept.proposed_at = timezone.now()
    kept.save(update_fields=["proposed_at"])
    return kept


def proposals(item):
    return Autosave.objects.filter(
        content_type=ContentType.objects.get_for_model(type(item)),
        object_id=item.pk,
        proposed_at__isnull=False,
    ).select_related("user")


# Items not saved yet. Each "Add" page carries a key of its own in this field, so two add pages
# open at once keep two texts, and a save knows which one it ends.
PAGE_KEY = "autosave_page"


def new_page_key():
    return secrets.token_urlsafe(16)


def page_key(post):
    """The add page's key from its POST data, or "" when missing or not one of ours."""
    key = post.get(PAGE_KEY, "")
    return key if 0 < len(key) <= 64 and key.replace("-", "").replace("_", "").isalnum() else ""


def _new_of(user, model):
    return Autosave.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__isnull=True,
        user=user,
    )


def keep_new(user, model, key, post, content):
    """Keep what `user` is typing on an add page for a `model` (the row for that page is
    replaced, as for a stored item)."""
    autosave, _ = Autosave.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(model),
        object_id=None,
        user=user,
        session_key=key,
        defaults={
            "loaded_version": 0,
            "data": _typed(post),
            "content": content,
            "saved_at": timezone.now(),
        },
    )
    return autosave


def unsaved_new(user, model):
    """The person's text from add pages never saved, newest first."""
    return _new_of(user, model)


def find_new(user, model, pk):
    return _new_of(user, model).filter(pk=pk).first()


def discard_new(user, model, key):
    """The new item is saved (or its text thrown away): forget that add page's text."""
    if key:
        _new_of(user, model).filter(session_key=key).delete()


def as_post(autosave):
    """The kept text as the form's POST data, to show it in the form again."""
    data = QueryDict(mutable=True)
    for name, value in autosave.data:
        data.appendlist(name, value)
    if autosave.object_id is None:
        data.pop("loaded_version", None)  # a new item has no version yet
    else:
        data["loaded_version"] = str(autosave.loaded_version)
    return data


def differences(item, autosave):
    """What the kept text changes in the stored item, part by part (empty: nothing)."""
    stored = snapshots.snapshot(type(item)._base_manager.get(pk=item.pk))
    return diff.compare(type(item), stored, autosave.content)


def differences_new(model, autosave):
    """What the kept text of a new item holds, against an empty "Add" form."""
    return diff.compare(model, snapshots.snapshot(model(), new=True), autosave.content)
