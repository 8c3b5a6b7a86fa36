"""Operations that change an item's status: each runs in one transaction and records
who did it, so a failure part-way leaves the item exactly as it was."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from .models import Status, Transition

# Statuses a person without the publish permission may set.
REPORTER_STATUSES = {Status.DRAFT, Status.READY}


def publish_permission(model):
    """The permission name that allows publishing items of `model`, e.g. `articles.publish_article`."""
    opts = model._meta
    return f"{opts.app_label}.publish_{opts.model_name}"


def can_publish(user, model):
    return bool(user and user.is_active and user.has_perm(publish_permission(model)))


def check_status_change(user, item, new_status):
    """Refuse a status change the user may not make; raise PermissionDenied with a clear message."""
    old_status = getattr(item, "_loaded_status", None)
    if new_status == old_status:
        return
    if new_status in REPORTER_STATUSES and old_status in (None, *REPORTER_STATUSES):
        return
    if not can_publish(user, type(item)):
        raise PermissionDenied(
            f"You may not change this {item._meta.verbose_name} from "
            f"{Status(old_status).label if old_status else 'new'} to {Status(new_status).label}: "
            "only an editor can publish, schedule or unpublish."
        )


def record_transition(item, from_status, to_status, user, note=""):
    return Transition.objects.create(
        content_type=ContentType.objects.get_for_model(type(item)),
        object_id=item.pk,
        from_status=from_status or "",
        to_status=to_status,
        by=user if user and user.is_authenticated else None,
        note=note[:255],
    )


@transaction.atomic
def set_status(item, new_status, user, note=""):
    """Move `item` to `new_status` (checked against the user's role), save, and record it."""
    item = type(item).objects.select_for_update().get(pk=item.pk)
    item._loaded_status = item.status
    check_status_change(user, item, new_status)
    old_status = item.status
    item.status = new_status
    if new_status == Status.PUBLISHED and item.published_at is None:
        item.published_at = timezone.now()
    item.save()
    if old_status != new_status:
        record_transition(item, old_status, new_status, user, note)
    return item


@transaction.atomic
def publish(item, user, at=None, note=""):
    """Publish now, or at `at` (a scheduled time). `published_at` is kept if it was already set."""
    item = type(item).objects.select_for_update().get(pk=item.pk)
    item._loaded_status = item.status
    check_status_change(user, item, Status.PUBLISHED)
    old_status = item.status
    if at is not None:
        item.published_at = at
    elif item.published_at is None:
        item.published_at = timezone.now()
    item.status = Status.PUBLISHED
    item.save()
    record_transition(item, old_status, Status.PUBLISHED, user, note)
    return item


def unpublish(item, user, note=""):
    return set_status(item, Status.UNPUBLISHED, user, note)
