"""Operations that change an item's status or content as a whole: each runs in one transaction
on a row locked with SELECT ... FOR UPDATE and records who did it, so a failure part-way
leaves the item exactly as it was.

Who may do what (DECISIONS, "Publishing model"): editors (the `publish_<model>` permission)
publish, schedule, unpublish and change anything; everyone else changes only their own drafts
and items ready for edit, and moves them only between those two statuses.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import display
from .models import Status, Transition
from .moments import check_moments
from .revisions import record, record_many
from .signals import content_changed, status_changed
from .snapshots import child_model, content_fields, tag_field

# Statuses a person without the publish permission may set.
REPORTER_STATUSES = {Status.DRAFT, Status.READY}


class RestoreRefused(Exception):
    """A revision that cannot be brought back as it is (its address is taken by another item)."""


def publish_permission(model):
    """The permission name that allows publishing items of `model`, e.g. `articles.publish_article`."""
    opts = model._meta
    return f"{opts.app_label}.publish_{opts.model_name}"


def can_publish(user, model):
    return bool(user and user.is_active and user.has_perm(publish_permission(model)))


def is_editor(user, model):
    """Whether `user` is an editor for items of `model`: the model's `editor_permission`, or
    the right to publish them."""
    permission = model.editor_permission or publish_permission(model)
    return bool(user and user.is_active and user.has_perm(permission))


def ownership_q(model, user):
    """Items that are `user`'s own: created by them, or (articles) crediting their Person."""
    condition = Q()
    for lookup in model.ownership_lookups:
        if "__" in lookup:
            condition |= Q(pk__in=model._base_manager.filter(**{lookup: user}).values("pk"))
        else:
            condition |= Q(**{lookup: user})
    return condition


def is_own(user, item):
    if item.pk is None or item.created_by_id == user.pk:
        return True
    if tuple(type(item).ownership_lookups) == ("created_by",):
        return False
    return (
        type(item)._base_manager.filter(pk=item.pk).filter(ownership_q(type(item), user)).exists()
    )


def edit_refusal(user, item, status=None):
    """Why `user` may not change `item` (a sentence for them), or None when they may.

    `status` is the item's stored status when the caller holds an edited copy (the rule looks
    at what is stored, not at what the person typed); by default the item's own.
    """
    if item is None or item.pk is None or is_editor(user, type(item)):
        return None
    status = getattr(item, "status", None) if status is None else status
    if status is None:  # photos, people, sections: the item says when only an editor may
        reason = item.editor_only_reason()
        return f"{reason} Ask an editor to make the change." if reason else None
    # Remembered on the instance: the admin asks several times while rendering one page.
    cache = item.__dict__.setdefault("_edit_refusal", {})
    key = (user.pk, status)
    if key not in cache:
        name = item._meta.verbose_name
        if status not in REPORTER_STATUSES:
            cache[key] = (
                f"Only editors may change a {Status(status).label.lower()} {name}. "
                "Ask an editor to make the change."
            )
        elif not is_own(user, item):
            cache[key] = (
                f"This {name} is someone else's: you may change only your own drafts and "
                "items ready for edit. Ask its author or an editor."
            )
        else:
            cache[key] = None
    return cache[key]


def check_can_edit(user, item, status=None):
    refusal = edit_refusal(user, item, status)
    if refusal:
        raise PermissionDenied(refusal)


def check_status_change(user, model, from_status, to_status):
    """Refuse, with a clear message, a move from `from_status` (None: a new item) to
    `to_status` that `user` may not make: only editors publish, schedule or unpublish."""
    if to_status == from_status:
        return
    if to_status in REPORTER_STATUSES and from_status in (None, *REPORTER_STATUSES):
        return
    if not can_publish(user, model):
        raise PermissionDenied(
            f"You may not change this {model._meta.verbose_name} from "
            f"{Status(from_status).label if from_status else 'new'} to {Status(to_status).label}: "
            "only an editor can publish, schedule or unpublish."
        )


def embargo_warning(item, now=None):
    """A warning for an editor who publishes an item whose embargo has not passed."""
    now = now or timezone.now()
    if item.status == Status.PUBLISHED and item.embargo_until and item.embargo_until > now:
        return (
            f"“{item}” is embargoed until {display.moment(item.embargo_until)}: "
            "readers will not see it before then, even though it is published."
        )
    return None


def record_transition(item, from_status, to_status, user, note=""):
    transition = Transition.objects.create(
        content_type=ContentType.objects.get_for_model(type(item)),
        object_id=item.pk,
        from_status=from_status or "",
        to_status=to_status,
        by=user if user and user.is_authenticated else None,
        note=note[:255],
    )
    status_changed.send(sender=type(item), item=item, transition=transition)
    return transition


def transitions_of(item):
    return Transition.objects.filter(
        content_type=ContentType.objects.get_for_model(type(item)), object_id=item.pk
    ).select_related("by")


def _locked(item):
    """A fresh copy of `item`, its row locked until the transaction ends."""
    return type(item)._base_manager.select_for_update().get(pk=item.pk)


def _stored(item):
    """What is stored for `item` (None for a new one): its status and the fields only editors
    set, its row locked until the transaction ends, so the check and the write see the same
    row."""
    if item.pk is None or item._state.adding:
        return None
    names = ["status", *(item._meta.get_field(name).attname for name in item.editor_fields)]
    return type(item)._base_manager.select_for_update().filter(pk=item.pk).values(*names).first()


def check_editor_fields(user, item, stored):
    """Refuse a change by a non-editor to a field only editors set (the pin, the times):
    `stored` is what `_stored` read, None for a new item (then the defaults are expected)."""
    if can_publish(user, type(item)):
        return
    for name in item.editor_fields:
        field = item._meta.get_field(name)
        before = stored[field.attname] if stored is not None else field.get_default()
        if getattr(item, field.attname) != before:
            raise PermissionDenied(
                f"Only an editor can change “{field.verbose_name}” on this "
                f"{item._meta.verbose_name}. Ask an editor to make the change."
            )


def _write(item, from_status, user, *, note="", summary="", record_revision=True):
    """The one place a status change is written: the first publication sets `published_at`
    (later saves and republishing keep it), the item is saved (version raised, revision
    kept) and the change is logged. Returns the Transition, or None when the status stayed."""
    if item.status == Status.PUBLISHED and item.published_at is None:
        item.published_at = timezone.now()
    changed = from_status != item.status
    if changed and not summary:
        summary = Status(item.status).label
    item.save(saved_by=user, revision_summary=summary, record_revision=record_revision)
    _announce(item, from_status, user)
    return record_transition(item, from_status, item.status, user, note) if changed else None


def _announce(item, from_status, user):
    """Say what this write did, for apps that act on it (see `publishing.signals`)."""
    if item.status == from_status:
        change = "edited"
    elif item.status == Status.PUBLISHED:
        change = "published"
    elif from_status == Status.PUBLISHED:
        change = "unpublished"
    else:
        change = "status"
    content_changed.send(sender=type(item), item=item, change=change, user=user)


@transaction.atomic
def save_edit(item, user, *, note="", record_revision=True):
    """Save `item` as a person edited it (the admin's change form, the API): its content and,
    if it changed, its status, under the same rules as `set_status` and `publish`.

    The stored row is locked and its status read first: a reporter may change only their own
    drafts and items ready for edit, and a status (or a field in the model's `editor_fields`,
    such as the front-page pin) only an editor may set is refused (PermissionDenied), however
    the request was made. Returns the Transition recorded, or
    None. `record_revision=False` is for the admin, which saves its inlines afterwards and
    then keeps the revision itself.
    """
    stored = _stored(item)
    from_status = stored["status"] if stored is not None else None
    if from_status is not None:
        check_can_edit(user, item, from_status)
    check_status_change(user, type(item), from_status, item.status)
    check_editor_fields(user, item, stored)
    return _write(item, from_status, user, note=note, record_revision=record_revision)


@transaction.atomic
def set_status(item, new_status, user, note=""):
    """Move `item` to `new_status` (checked against the user's role), save, and record it."""
    item = _locked(item)
    old_status = item.status
    if new_status in REPORTER_STATUSES and old_status in REPORTER_STATUSES:
        check_can_edit(user, item)
    check_status_change(user, type(item), old_status, new_status)
    item.status = new_status
    _write(item, old_status, user, note=note)
    return item


@transaction.atomic
def publish(item, user, at=None, note=""):
    """Publish now, or at `at` (a scheduled time). `published_at` is kept if it was already set,
    so a republish does not move the story; passing `at` changes it deliberately."""
    item = _locked(item)
    if not can_publish(user, type(item)):
        raise PermissionDenied(
            f"Only an editor can publish or schedule this {item._meta.verbose_name}."
        )
    old_status = item.status
    if at is not None:
        item.published_at = at
    item.status = Status.PUBLISHED
    scheduled = item.published_at is not None and item.published_at > timezone.now()
    _write(item, old_status, user, note=note, summary="Scheduled" if scheduled else "Published")
    return item


def unpublish(item, user, note=""):
    return set_status(item, Status.UNPUBLISHED, user, note)


@transaction.atomic
def publish_many(items, user=None, note=""):
    """Publish many stored items of one kind at once, each at its own `published_at` (now where
    it is empty): for loaders and imports of thousands of rows, in a few statements per batch
    instead of a dozen per item.

    The same rules as `publish`: `user` must be an editor, unless None, which is a trusted
    command (a loader) and is recorded as no one. Each item's version is raised, a revision
    kept and the transition logged, as one `publish` each would. Returns the items.
    """
    items = list(items)
    if not items:
        return items
    model = type(items[0])
    if user is not None and not can_publish(user, model):
        raise PermissionDenied(f"Only an editor can publish {model._meta.verbose_name_plural}.")
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(model)
    stored = {
        pk: (status, version)
        for pk, status, version in model._base_manager.select_for_update()
        .filter(pk__in=[item.pk for item in items])
        .values_list("pk", "status", "version")
    }
    transitions = []
    for item in items:
        item.status = Status.PUBLISHED
        item.published_at = item.published_at or now
        check_moments(item)
        from_status, version = stored[item.pk]
        item.version = version + 1
        item.updated_at = now
        if from_status != Status.PUBLISHED:
            transitions.append(
                Transition(
                    content_type=content_type,
                    object_id=item.pk,
                    from_status=from_status,
                    to_status=Status.PUBLISHED,
                    by=user,
                    at=now,
                    note=note[:255],
                )
            )
    model._base_manager.bulk_update(items, ["status", "published_at", "version", "updated_at"])
    Transition.objects.bulk_create(transitions)
    record_many(model, [item.pk for item in items], user, "Published")
    for item in items:
        content_changed.send(sender=model, item=item, change="published", user=user)
    return items


def _existing(model, pk, cache):
    key = (model, pk)
    if key not in cache:
        cache[key] = model._base_manager.filter(pk=pk).exists()
    return cache[key]


@transaction.atomic
def restore(item, revision, user):
    """Bring back the content of `revision` (fields, rows that belong to the item, tags) as a
    new version. Status and times are never touched. Returns the item and notes about parts
    that could not come back (a credited person or a promoted gallery deleted since)."""
    model = type(item)
    if (
        revision.content_type_id != ContentType.objects.get_for_model(model).pk
        or revision.object_id != item.pk
    ):
        raise ValueError("That revision belongs to another item.")
    item = _locked(item)
    check_can_edit(user, item)
    content, notes, seen = revision.content, [], {}

    for field in content_fields(model):
        if field.name not in content.get("fields", {}):
            continue  # the field was added after this revision
        value = field.to_python(content["fields"][field.name])
        if field.is_relation and value is not None:
            if not _existing(field.related_model, value, seen):
                notes.append(
                    f"{field.verbose_name}: what it named is deleted; kept the current one"
                )
                continue
        setattr(item, field.attname, value)
    try:
        item.validate_unique()
    except ValidationError as error:
        raise RestoreRefused(
            f"Version {revision.version} cannot be restored as it is: "
            + " ".join(error.messages)
            + " Change the other item first, or copy the text from the comparison."
        ) from error
    summary = f"Restored version {revision.version}"
    item.save(saved_by=user, revision_summary=summary, record_revision=False)

    for relation, names in model.revision_children.items():
        rows = content.get("children", {}).get(relation)
        if rows is None:
            continue
        related = child_model(model, relation)
        parent_fk = model._meta.get_field(relation).field
        related._base_manager.filter(**{parent_fk.name: item}).delete()
        for saved_row in rows:
            values, missing = {parent_fk.name: item}, None
            for name in names:
                if name not in saved_row["values"]:
                    continue
                field = related._meta.get_field(name)
                value = field.to_python(saved_row["values"][name])
                if field.is_relation and value is not None:
                    if not _existing(field.related_model, value, seen):
                        missing = field.verbose_name
                        break
                values[field.attname] = value
            if missing:
                notes.append(
                    f"{related._meta.verbose_name} “{saved_row['label']}” left out: "
                    f"its {missing} is deleted"
                )
                continue
            related(**values).save()

    tags = tag_field(model)
    if tags and "tags" in content:
        getattr(item, tags.name).set(content["tags"])
    record(item, user, summary)
    content_changed.send(sender=model, item=item, change="restored", user=user)
    return item, notes
