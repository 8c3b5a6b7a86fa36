"""One address per story: a wrong date redirects to the canonical address, and a published
story whose slug or date changes keeps answering at its old address with a 301."""

import datetime

import pytest

from articles.models import OldArticleURL
from publishing.models import Status
from tests.factories import make_article
from tests.reader.conftest import SEED_PUBLISHED

pytestmark = pytest.mark.django_db


def test_right_slug_wrong_date_redirects_permanently(client, world):
    article = make_article(slug="the-story", section=world["world"], published_at=SEED_PUBLISHED)
    for wrong in ("/2012/12/25/the-story/", "/2011/1/2/the-story/"):
        response = client.get(wrong)
        assert response.status_code == 301, wrong
        assert response["Location"] == "/2012/12/26/the-story/"
    assert client.get(article.get_absolute_url()).status_code == 200


def test_date_in_the_address_is_the_newsroom_date_not_utc(client, world):
    # 11:30 p.m. in New York on Dec. 26 is already Dec. 27 in UTC.
    late = datetime.datetime(2012, 12, 27, 4, 30, tzinfo=datetime.UTC)
    article = make_article(slug="late-story", section=world["world"], published_at=late)
    assert article.get_absolute_url() == "/2012/12/26/late-story/"
    assert client.get("/2012/12/26/late-story/").status_code == 200
    assert client.get("/2012/12/27/late-story/")["Location"] == "/2012/12/26/late-story/"


def test_changed_slug_answers_301_at_the_old_address(client, world):
    article = make_article(slug="first-slug", section=world["world"], published_at=SEED_PUBLISHED)
    article.slug = "better-slug"
    article.save()
    response = client.get("/2012/12/26/first-slug/")
    assert response.status_code == 301
    assert response["Location"] == "/2012/12/26/better-slug/"
    assert client.get("/2012/12/26/better-slug/").status_code == 200


def test_changed_date_answers_301_at_the_old_address(client, world):
    article = make_article(slug="moved", section=world["world"], published_at=SEED_PUBLISHED)
    article.slug = "moved-again"
    article.published_at = SEED_PUBLISHED + datetime.timedelta(days=3)
    article.save()
    assert client.get("/2012/12/26/moved/")["Location"] == "/2012/12/29/moved-again/"


def test_two_renames_both_old_addresses_lead_to_the_current_one(client, world):
    article = make_article(slug="one", section=world["world"], published_at=SEED_PUBLISHED)
    for slug in ("two", "three"):
        article.slug = slug
        article.save()
    assert client.get("/2012/12/26/one/")["Location"] == "/2012/12/26/three/"
    assert client.get("/2012/12/26/two/")["Location"] == "/2012/12/26/three/"


def test_moving_back_to_an_old_address_does_not_loop(client, world):
    article = make_article(slug="here", section=world["world"], published_at=SEED_PUBLISHED)
    article.slug = "there"
    article.save()
    article.slug = "here"
    article.save()
    assert client.get("/2012/12/26/here/").status_code == 200
    assert client.get("/2012/12/26/there/")["Location"] == "/2012/12/26/here/"
    assert not OldArticleURL.objects.filter(path="/2012/12/26/here/").exists()


def test_drafts_never_record_old_addresses(world):
    draft = make_article(slug="draft-one", section=world["world"], status=Status.DRAFT)
    draft.slug = "draft-two"
    draft.save()
    assert not OldArticleURL.objects.exists()


def test_old_address_of_an_unpublished_story_is_404(client, world):
    article = make_article(slug="gone", section=world["world"], published_at=SEED_PUBLISHED)
    article.slug = "gone-renamed"
    article.status = Status.UNPUBLISHED
    article.save()
    assert client.get("/2012/12/26/gone/").status_code == 404
    assert client.get("/2012/12/26/gone-renamed/").status_code == 404
