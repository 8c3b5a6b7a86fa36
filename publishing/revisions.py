"""Revisions: a JSON snapshot of an item and everything that belongs to it, one per version.

Why our own model and not django-reversion: a revision here must hold the rows that belong
to an item (credits, promos, gallery photo rows, timeline events, tags) in one snapshot taken
after the admin's inlines are saved; restoring must bring back content only and never status
or times; and the snapshot is written inside the same transaction as the versioned save
(`Versioned.save`), so the version number, the row and its revision cannot disagree.

What a snapshot holds is in `publishing.snapshots`; how two compare, in `publishing.diff`.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from .diff import changed_labels
from .models import Revision
from .snapshots import content_fields, prefetch_lookups, snapshot


def _summary(text):
    text = text or "Saved"
    return (text[0].upper() + text[1:])[:255]


def _store(revisions):
    # One revision per version: recording the same version again (a caller that saved rows
    # belonging to the item after the save) replaces it, in one statement.
    Revision.objects.bulk_create(
        revisions,
        update_conflicts=True,
        unique_fields=["content_type", "object_id", "version"],
        update_fields=["content", "created_by", "created_at", "summary"],
    )


def record(item, user=None, summary="", new=False):
    """Keep a revision of `item` at its current version (called inside the saving transaction).

    The summary says what happened ("Published", "Restored version 3") and which parts
    changed since the previous revision.
    """
    content = snapshot(item, new=new)
    content_type = ContentType.objects.get_for_model(type(item))
    previous = None
    if not new:
        previous = (
            Revision.objects.filter(
                content_type=content_type, object_id=item.pk, version__lt=item.version
            )
            .order_by("-version")
            .values_list("content", flat=True)
            .first()
        )
    parts = [summary] if summary else []
    if previous is not None:
        changed = changed_labels(type(item), previous, content)
        parts.append(f"changed {', '.join(changed)}" if changed else "no change in content")
    revision = Revision(
        content_type=content_type,
        object_id=item.pk,
        version=item.version,
        content=content,
        created_by=user if user is not None and user.is_authenticated else None,
        created_at=timezone.now(),
        summary=_summary("; ".join(parts)),
    )
    _store([revision])
    return revision


def record_many(model, pks, user=None, summary=""):
    """Keep a revision of each stored item of `model` in `pks` at its current version, in a
    few queries whatever their number (for services that change many items at once)."""
    content_type = ContentType.objects.get_for_model(model)
    labelled = [field.name for field in content_fields(model) if field.is_relation]
    items = (
        model._base_manager.filter(pk__in=pks)
        .select_related(*labelled)
        .prefetch_related(*prefetch_lookups(model))
    )
    now = timezone.now()
    author = user if user is not None and user.is_authenticated else None
    revisions = [
        Revision(
            content_type=content_type,
            object_id=item.pk,
            version=item.version,
            content=snapshot(item, prefetched=True),
            created_by=author,
            created_at=now,
            summary=_summary(summary),
        )
        for item in items
    ]
    _store(revisions)
    return revisions


def revisions_of(item):
    return Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(type(item)), object_id=item.pk
    )


def latest(item):
    """The newest revision of `item`, with who made it."""
    return revisions_of(item).select_related("created_by").order_by("-version").first()


def at_version(item, version):
    return revisions_of(item).filter(version=version).first()
