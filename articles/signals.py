"""Reactions to saves: a published article remembers its old address."""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from .models import Article, OldArticleURL


def _stored_public_url(article_pk):
    """The stored article's address, if it has been published (or scheduled); else None.

    `published_at` is set on first publication and kept, so an article unpublished, renamed
    and published again still redirects from the address readers knew.
    """
    stored = Article.objects.filter(pk=article_pk).only("slug", "published_at").first()
    if stored is None or stored.published_at is None:
        return None
    return stored.get_absolute_url()


@receiver(pre_save, sender=Article, dispatch_uid="articles.remember_old_url")
def remember_old_url(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    instance._previous_public_url = _stored_public_url(instance.pk)


@receiver(post_save, sender=Article, dispatch_uid="articles.record_old_url")
def record_old_url(sender, instance, raw=False, **kwargs):
    """A published article whose slug or date changed keeps answering at its old address."""
    old_path = getattr(instance, "_previous_public_url", None)
    instance._previous_public_url = None
    new_path = instance.get_absolute_url()
    if old_path and old_path != new_path:
        # An article moved back to an address it once had must not redirect to itself.
        OldArticleURL.objects.filter(path=new_path).delete()
        OldArticleURL.objects.update_or_create(path=old_path, defaults={"article": instance})
