"""What readers can see changed: hear it from the content apps' signals, and tell partners
(webhooks) and the API (removed items answer 410)."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from articles.models import Article, Correction, Timeline
from articles.signals import correction_changed, live_changed
from media_gallery.models import Gallery
from publishing.models import Status
from publishing.signals import content_changed

from . import ninjs, webhooks
from .models import Delivery, Removal
from .tasks import announce_go_live

KINDS = {Article: "article", Gallery: "gallery", Timeline: "timeline"}


def _was_seen(item, now=None):
    """Whether readers could have seen the item: published (or since unpublished) and its
    time and embargo passed."""
    now = now or timezone.now()
    moment = item.display_published_at
    return item.status in (Status.PUBLISHED, Status.UNPUBLISHED) and moment and moment <= now


@receiver(content_changed, dispatch_uid="api.content_changed")
def on_content_changed(sender, item, change, **kwargs):
    kind = KINDS.get(sender)
    if kind is None:
        return
    if change in ("published", "edited", "restored") and item.is_live:
        event = "publish" if change == "published" else "update"
        webhooks.announce(webhooks.payload(event, item, kind))
    elif change == "unpublished" and _was_seen(item):
        webhooks.announce(webhooks.payload("unpublish", item, kind))
    if item.is_scheduled:
        moment = item.display_published_at
        webhooks.later(announce_go_live, moment, sender._meta.label, item.pk, moment.isoformat())


def went_live_event(item, moment):
    """Announce `item` as published if `moment` is still its go-live moment and it is live
    (once per version)."""
    kind = KINDS.get(type(item))
    current = item.display_published_at
    if kind is None or not item.is_live or current is None:
        return False
    if abs((current - moment).total_seconds()) >= 1:
        return False
    data = webhooks.payload("publish", item, kind)
    if Delivery.objects.filter(event="publish", guid=data["guid"], payload__version=item.version):
        return False
    webhooks.announce(data)
    return True


@receiver(correction_changed, sender=Correction, dispatch_uid="api.correction_changed")
def on_correction(sender, article, correction, removed, **kwargs):
    if article.is_live:
        webhooks.announce(
            webhooks.payload(
                "correction",
                article,
                "article",
                correction={
                    "kind": correction.kind,
                    "text": correction.text,
                    "published_at": correction.published_at.isoformat(),
                    "removed": removed,
                },
            )
        )


@receiver(live_changed, dispatch_uid="api.live_changed")
def on_live_change(sender, story, **kwargs):
    """A post published, corrected or removed, key points edited, coverage ended: the live
    story is updated for partners."""
    if story.is_live:
        webhooks.announce(webhooks.payload("update", story, "article"))


def on_delete(sender, instance, **kwargs):
    kind = KINDS[sender]
    if not _was_seen(instance):
        return
    now = timezone.now()
    item_guid = ninjs.guid(kind, instance.pk)
    Removal.objects.update_or_create(
        guid=item_guid, defaults={"removed_at": now, "headline": instance.headline[:255]}
    )
    webhooks.announce(webhooks.payload("removal", instance, kind, removed_at=now.isoformat()))


for _model in KINDS:
    post_delete.connect(on_delete, sender=_model, dispatch_uid=f"api.removal.{_model.__name__}")
