"""The one visibility rule: readers see published items whose time has come and whose embargo
has lifted; nothing else, for articles, galleries, timelines and the promos that point at them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, RelatedItem, Timeline
from media_gallery.models import Gallery
from publishing.models import Status
from tests.factories import make_article, make_gallery, make_timeline, relate

pytestmark = pytest.mark.django_db

HOUR = timedelta(hours=1)


def every_state(make):
    """One item in each state a reader must or must not see; returns {state: item}."""
    now = timezone.now()
    return {
        "live": make(status=Status.PUBLISHED, published_at=now - HOUR),
        "embargo lifted": make(
            status=Status.PUBLISHED, published_at=now - 2 * HOUR, embargo_until=now - HOUR
        ),
        "draft": make(status=Status.DRAFT),
        "ready for edit": make(status=Status.READY),
        "unpublished": make(status=Status.UNPUBLISHED, published_at=now - HOUR),
        "scheduled": make(status=Status.PUBLISHED, published_at=now + HOUR),
        "embargoed": make(
            status=Status.PUBLISHED, published_at=now - HOUR, embargo_until=now + HOUR
        ),
        "draft with a past time": make(status=Status.DRAFT, published_at=now - HOUR),
    }


@pytest.mark.parametrize(
    "model, make",
    [(Article, make_article), (Gallery, make_gallery), (Timeline, make_timeline)],
    ids=["article", "gallery", "timeline"],
)
def test_published_shows_only_live_items(model, make):
    items = every_state(make)
    visible = set(model.objects.published())
    assert visible == {items["live"], items["embargo lifted"]}


def test_scheduled_story_appears_when_its_time_comes():
    now = timezone.now()
    story = make_article(status=Status.PUBLISHED, published_at=now + HOUR)
    assert story not in Article.objects.published()
    assert story in Article.objects.published(now=now + 2 * HOUR)
    assert story in Article.objects.scheduled()
    assert story.is_scheduled and not story.is_live


def test_embargo_decides_the_time_readers_are_shown():
    now = timezone.now()
    story = make_article(published_at=now - 2 * HOUR, embargo_until=now - HOUR)
    assert story.display_published_at == now - HOUR
    assert make_article(published_at=now - HOUR).display_published_at == now - HOUR


def test_promos_for_unpublished_targets_are_left_out():
    story = make_article()
    live_gallery = make_gallery()
    draft_timeline = make_timeline(status=Status.DRAFT)
    scheduled_story = make_article(published_at=timezone.now() + HOUR)
    relate(story, live_gallery, order=0)
    relate(story, draft_timeline, order=1)
    relate(story, scheduled_story, order=2)
    assert [item.target for item in RelatedItem.objects.visible()] == [live_gallery]
    detail = Article.objects.for_detail().get(pk=story.pk)
    assert [item.target for item in detail.related_items.all()] == [live_gallery]
