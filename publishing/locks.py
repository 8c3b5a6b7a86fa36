"""Soft edit locks: who has an item open right now. Shown to others, never blocking.

A lock is a database row per person and item (so every app server sees it), kept fresh by
a heartbeat from the open change page (`static/publishing/editlock.js`) and stale two
minutes after the last one.
"""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import EditLock


def _stale_before(now=None):
    return (now or timezone.now()) - timedelta(seconds=EditLock.STALE_AFTER_SECONDS)


def _locks_on(item):
    return EditLock.objects.filter(
        content_type=ContentType.objects.get_for_model(type(item)), object_id=item.pk
    )


def touch(user, item):
    """Say `user` has `item` open now: a new lock, or a fresh heartbeat on theirs.

    A lock that went stale (the page was closed without a goodbye) starts again from now.
    """
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(type(item))
    fresh = EditLock.objects.filter(
        content_type=content_type,
        object_id=item.pk,
        user=user,
        heartbeat_at__gte=_stale_before(now),
    ).update(heartbeat_at=now)
    if fresh:
        return
    # Opening anew: tidy away this item's stale locks (they are ignored anyway).
    _locks_on(item).filter(heartbeat_at__lt=_stale_before(now)).delete()
    try:
        with transaction.atomic():
            EditLock.objects.update_or_create(
                content_type=content_type,
                object_id=item.pk,
                user=user,
                defaults={"opened_at": now, "heartbeat_at": now},
            )
    except IntegrityError:
        # Two tabs of the same person raced to create it; the other one won, which is fine.
        pass


def release(user, item):
    """The person closed the item (left the page or saved and went back to the list)."""
    _locks_on(item).filter(user=user).delete()


def others_editing(user, item, now=None):
    """The other people who have `item` open, with when they opened it, oldest first."""
    return list(
        _locks_on(item)
        .filter(heartbeat_at__gte=_stale_before(now))
        .exclude(user=user)
        .select_related("user")
        .order_by("opened_at")
    )
