"""Autosave: what someone is typing, kept every few seconds and when the page is hidden or
closed (`static/publishing/autosave.js`), so a crash loses nothing.

An autosave writes only an `Autosave` row, one per person, item and browser session: never the
item, its version or anything readers see (no reader cache is touched). It cannot conflict
with the person's next save or overwrite anyone's: the version the page was opened at is kept
with it, and recovering the text brings that version back into the form, so saving it goes
through the same merge as any stale save.
"""

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


def keep(user, item, session_key, post, content):
    """Keep what `user` is typing on `item` (the page's POST data and its snapshot): the row
    for this session is replaced, so autosaves collapse into one per person and session."""
    data = [
        [name, value]
        for name, values in post.lists()
        for value in values
        if name not in MACHINERY and "__prefix__" not in name
    ]
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


def as_post(autosave):
    """The kept text as the form's POST data, to show it in the form again."""
    data = QueryDict(mutable=True)
    for name, value in autosave.data:
        data.appendlist(name, value)
    data["loaded_version"] = str(autosave.loaded_version)
    return data


def differences(item, autosave):
    """What the kept text changes in the stored item, part by part (empty: nothing)."""
    stored = snapshots.snapshot(type(item)._base_manager.get(pk=item.pk))
    return diff.compare(type(item), stored, autosave.content)
