"""Scheduled and embargoed items stay out of every reader query until their time comes."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from articles.models import Article, RelatedItem, Timeline
from media_gallery.models import Gallery
from publishing import services
from publishing.models import Status
from tests.factories import make_article, make_gallery, make_timeline, relate
from tests.forms import form_data
from tests.staff import client_for

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
NOON = datetime(2012, 12, 26, 12, 0, tzinfo=NEW_YORK)


@time_machine.travel(NOON, tick=False)
def test_scheduled_article_gallery_and_timeline_appear_by_themselves_at_their_time():
    at_one = NOON + timedelta(hours=1)
    article = make_article("Embassy to reopen", published_at=at_one)
    gallery = make_gallery("Reopening in pictures", published_at=at_one)
    timeline = make_timeline("Embassy timeline", published_at=at_one)

    for model, item in ((Article, article), (Gallery, gallery), (Timeline, timeline)):
        assert item not in model.objects.published()
        assert item in model.objects.scheduled()

    with time_machine.travel(at_one + timedelta(seconds=1), tick=False):
        for model, item in ((Article, article), (Gallery, gallery), (Timeline, timeline)):
            assert item in model.objects.published()
            assert item not in model.objects.scheduled()


@time_machine.travel(NOON, tick=False)
def test_embargo_keeps_a_published_item_out_until_it_passes_even_in_related_items():
    embargo = NOON + timedelta(hours=2)
    embargoed = make_article(
        "Report under embargo", published_at=NOON - timedelta(hours=1), embargo_until=embargo
    )
    promo = make_article("Story promoting it")
    relate(promo, embargoed)

    assert embargoed not in Article.objects.published()
    assert not RelatedItem.objects.filter(article=promo).visible().exists()
    assert embargoed.display_published_at == embargo

    with time_machine.travel(embargo, tick=False):
        assert embargoed in Article.objects.published()
        assert RelatedItem.objects.filter(article=promo).visible().exists()


@time_machine.travel(NOON, tick=False)
def test_published_at_is_kept_on_later_saves_and_on_a_republish(editor):
    article = make_article("Early story", status=Status.READY)
    services.publish(article, editor)
    article.refresh_from_db()
    first = article.published_at
    assert first == NOON

    with time_machine.travel(NOON + timedelta(hours=3), tick=False):
        article.deck = "Later fix"
        article.save()
        services.unpublish(article, editor)
        services.publish(article, editor)
    article.refresh_from_db()
    assert article.published_at == first

    services.publish(article, editor, at=NOON + timedelta(days=1))  # deliberately moved
    article.refresh_from_db()
    assert article.published_at == NOON + timedelta(days=1)


@time_machine.travel(NOON, tick=False)
def test_list_and_change_page_say_scheduled_for_the_time(editor):
    article = make_article("Tomorrow's story", published_at=NOON + timedelta(days=1))
    client = client_for(editor)

    listing = client.get(reverse("admin:articles_article_changelist")).content.decode()
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()

    assert "Scheduled for Dec. 27, 2012, noon EST" in listing
    assert "Goes live Thu., Dec. 27, noon EST — in 1 day" in page
    scheduled_only = client.get(
        reverse("admin:articles_article_changelist") + "?publication=scheduled"
    ).content.decode()
    assert "Tomorrow&#x27;s story" in scheduled_only


@time_machine.travel(NOON, tick=False)
def test_admin_warns_when_publishing_an_embargoed_item(editor):
    article = make_article(
        "Embargoed report", status=Status.READY, embargo_until=NOON + timedelta(hours=4)
    )
    client = client_for(editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url), "article_form")

    response = client.post(url, {**data, "status": Status.PUBLISHED}, follow=True)

    page = response.content.decode()
    assert "is embargoed until Dec. 26, 2012, 4 p.m. EST" in page
    assert "readers will not see it before then" in page
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article not in Article.objects.published()

    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [article.pk]},
        follow=True,
    )
    assert "is embargoed until" in response.content.decode()
