"""What a change readers may see touches: the keys a saved or deleted row stamps.

Content apps `watch()` their models: every save and delete is passed to `changed()`, which
leaves alone what readers cannot see (a draft, a row of a draft, a photo only drafts use) and
otherwise stamps the keys of the pages that show the changed thing (reader/fragments.py
`invalidate`), and the listings when a story appears, disappears or moves. Writes that skip
signals call `changed()` themselves.
"""

from datetime import UTC, datetime

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import BooleanField, ExpressionWrapper
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from taggit.models import Tag

from publishing.models import Publishable, Status, visible_q

from . import fragments, keys


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
            if (field.many_to_one or field.one_to_one) and issubclass(
                field.related_model, Publishable
            ):
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
        if (field.many_to_one or field.one_to_one) and field.related_model in keys.KEYED:
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
            if (field.many_to_one or field.one_to_one)
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
        fragments.reschedule()
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
            fragments.new_generation()
            return
        if isinstance(thing, Publishable):
            names |= _publishable_names(thing, deleted)
        elif shown_to_readers(thing):
            names |= _names_of(thing)
    fragments.invalidate(*names)


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


def went_live_since(moment):
    """The keys of every item that became visible after `moment` (a timestamp)."""
    since = datetime.fromtimestamp(moment, tz=UTC)
    names = set()
    for model in apps.get_models():
        if issubclass(model, Publishable):
            for row in (
                model.objects.published()
                .annotate(goes_live=fragments.goes_live())
                .filter(goes_live__gt=since)
            ):
                names |= _names_of(row) | _linking_names(row) | {keys.LISTINGS}
    return names
