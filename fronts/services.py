"""Every change to the front page readers may see goes through here: making an arrangement,
placing and removing items, publishing, scheduling, unpublishing and restoring one.

Only editors (the `fronts.publish_front` permission) change a front, on every path. Each
change is a versioned save of the front, so a stale copy is refused (`StaleEdit`) and every
change is a revision that can be compared and restored; each tells the fragment cache what
changed once the transaction commits.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from articles.models import Article, Timeline
from media_gallery.models import Gallery
from publishing import revisions
from publishing import services as publishing
from reader.changes import changed

from .models import Front, Placement, Zone

TARGET_FIELDS = {Article: "article", Gallery: "gallery", Timeline: "timeline"}


def can_change_fronts(user):
    return publishing.can_publish(user, Front)


def check_can_change(user):
    if not can_change_fronts(user):
        raise PermissionDenied("Only editors change the front page. Ask an editor.")


def _front_changed(front):
    transaction.on_commit(lambda: changed(front))


@transaction.atomic
def create_front(name, user, zones, placements=()):
    """A new draft arrangement: `zones` as dicts of Zone fields in order, `placements` as
    dicts of Placement fields (`item` for the story, gallery or timeline)."""
    check_can_change(user)
    front = Front(name=name, created_by=user)
    front.save(saved_by=user, record_revision=False)
    for position, zone in enumerate(zones):
        Zone.objects.create(front=front, position=position, **zone)
    for order, placement in enumerate(placements):
        _placement(front, order=order, **placement).save()
    revisions.record(front, user, "Created", new=True)
    return front


def _placement(front, *, item, zone_key, order=0, **overrides):
    placement = Placement(front=front, zone_key=zone_key, order=order, **overrides)
    setattr(placement, TARGET_FIELDS[type(item)], item)
    placement.full_clean(exclude=["front"])
    return placement


@transaction.atomic
def place(front, item, user, zone_key, *, position=None, **overrides):
    """Put `item` (a story, live story, gallery or timeline) in the zone `zone_key` of
    `front`, at `position` (0 first; default last), with optional headline, deck, photo and
    crop overrides. Raises StaleEdit when `front` is an old copy."""
    check_can_change(user)
    if zone_key not in {zone.key for zone in front.zones.all()}:
        raise ValidationError(f"This arrangement has no zone “{zone_key}”: add it first.")
    front.save(saved_by=user, record_revision=False)  # version checked and raised
    group = list(front.placements.filter(zone_key=zone_key).order_by("order", "id"))
    position = len(group) if position is None else max(0, min(position, len(group)))
    placement = _placement(front, item=item, zone_key=zone_key, **overrides)
    group.insert(position, placement)
    _renumber(group)
    revisions.record(front, user, f"Placed “{item}”")
    _front_changed(front)
    return placement


@transaction.atomic
def remove(placement, user):
    """Take a placement off its front; the next item moves up."""
    check_can_change(user)
    front = placement.front
    front.save(saved_by=user, record_revision=False)
    placement.delete()
    _renumber(list(front.placements.filter(zone_key=placement.zone_key).order_by("order", "id")))
    revisions.record(front, user, f"Removed “{placement.target}”")
    _front_changed(front)


def _renumber(group):
    for order, placement in enumerate(group):
        placement.order = order
        placement.save()


def publish(front, user, at=None):
    """Put `front` before readers now, or at `at` (it takes over then, by itself)."""
    check_can_change(user)
    front = publishing.publish(front, user, at=at)
    _front_changed(front)
    return front


def unpublish(front, user):
    """Take `front` down; the arrangement before it (or the automatic front) stands."""
    check_can_change(user)
    front = publishing.unpublish(front, user)
    _front_changed(front)
    return front


def save_edit(front, user, **kwargs):
    """A person's edit of the arrangement itself (the admin's form), under the publishing
    rules; its zones and placements follow in `arrangement_saved`."""
    check_can_change(user)
    return publishing.save_edit(front, user, **kwargs)


def arrangement_saved(front, user, summary=""):
    """The admin saved the zones and placements too: keep the revision, refresh the page."""
    revisions.record(front, user, summary)
    _front_changed(front)


@transaction.atomic
def restore(front, revision, user):
    """Bring back an earlier arrangement's zones, placements and name as a new version;
    whether and when it is published stays as it is."""
    check_can_change(user)
    restored, notes = publishing.restore(front, revision, user)
    _front_changed(restored)
    return restored, notes


@transaction.atomic
def copy(front, user, name=None):
    """A new draft with the same zones and placements (to schedule the next arrangement)."""
    check_can_change(user)
    zones = [
        {"kind": z.kind, "section": z.section, "heading": z.heading, "slots": z.slots}
        for z in front.zones.all()
    ]
    placements = [
        {
            "item": p.target,
            "zone_key": p.zone_key,
            "headline": p.headline,
            "deck": p.deck,
            "photo": p.photo,
            "crop": p.crop,
        }
        for p in front.placements.select_related("article", "gallery", "timeline", "photo")
    ]
    copied = create_front(name or f"Copy of {front.name}", user, zones, [])
    for order, placement in enumerate(placements):
        _placement(copied, order=order, **placement).save()
    revisions.record(copied, user, f"Copied from “{front.name}”")
    return copied
