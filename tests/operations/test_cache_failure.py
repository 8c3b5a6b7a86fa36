"""The cache is never required: with Redis stopped, unreachable or slow, every reader page
and the desk still answer, from the database (a real redis-server, stopped mid-test)."""

import threading
import time

import pytest
from django.core.cache import cache
from django.test import Client

from articles.models import Article
from publishing import services
from tests.factories import make_article, make_person, make_section
from tests.staff import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_cache(settings, redis_server):
    """The site as production runs it: fragments cached in Redis."""
    settings.CACHES = {
        "default": {
            "BACKEND": "reader.cache.ResilientRedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": "test",
        }
    }
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    settings.NEWSROOM_CACHE_RETRY_SECONDS = 0
    return redis_server


@pytest.fixture
def story(db):
    section = make_section("World")
    author = make_person("Ben Hubbard")
    return make_article(
        "Syrian general defects",
        section=section,
        authors=[author],
        body="<p>The highest-ranking officer of water rates.</p>",
    )


def reader_pages(article):
    return [
        "/",
        article.get_absolute_url(),
        article.section.get_absolute_url(),
        "/search/?q=water+rates",
        "/feeds/latest/",
        "/sitemap.xml",
    ]


def reader():
    return Client(raise_request_exception=False)


def test_pages_come_from_the_cache_while_redis_answers(shared_cache, story):
    client = reader()
    for address in reader_pages(story):
        assert client.get(address).status_code == 200
    assert shared_cache.client().dbsize() > 0  # fragments were filed in Redis


def test_with_redis_stopped_every_page_and_the_desk_still_answer(shared_cache, story, editor):
    client = reader()
    for address in reader_pages(story):
        client.get(address)  # warm
    shared_cache.stop()
    for address in reader_pages(story):
        response = client.get(address)
        assert response.status_code == 200, address
    assert "Syrian general defects" in client.get(story.get_absolute_url()).content.decode()
    desk = client_for(editor)
    desk.raise_request_exception = False
    assert desk.get("/admin/articles/article/").status_code == 200
    assert desk.get(f"/admin/articles/article/{story.pk}/change/").status_code == 200


def test_redis_that_never_answered_at_start_is_no_error(settings, story):
    settings.CACHES = {
        "default": {
            "BACKEND": "reader.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    for address in reader_pages(story):
        assert reader().get(address).status_code == 200, address


def test_a_slow_redis_is_a_miss_not_a_wait(shared_cache, story, settings):
    settings.NEWSROOM_CACHE_RETRY_SECONDS = 5
    client = reader()
    client.get(story.get_absolute_url())
    # DEBUG SLEEP holds the whole server for two seconds, as an overloaded Redis would.
    sleeper = threading.Thread(
        target=lambda: shared_cache.client().execute_command("DEBUG", "SLEEP", "2")
    )
    sleeper.start()
    time.sleep(0.2)
    try:
        started = time.monotonic()
        response = client.get(story.get_absolute_url())
        took = time.monotonic() - started
        assert response.status_code == 200
        assert "Syrian general defects" in response.content.decode()
        assert cache.degraded  # the read timed out and was taken as a miss
        # Well before Redis woke up: the page did not wait for it.
        assert took < 1.0, took
    finally:
        sleeper.join()


def test_an_invalidation_missed_while_redis_was_away_is_sent_when_it_is_back(
    shared_cache, story, editor
):
    """A published edit made while Redis does not answer must not leave the old page in
    Redis for when it answers again."""
    client = reader()
    assert "Syrian general defects" in client.get(story.get_absolute_url()).content.decode()
    redis = shared_cache.client()
    redis.execute_command("CLIENT", "PAUSE", "1500", "ALL")  # reachable, but answers nothing
    time.sleep(0.1)
    paused_at = time.monotonic()
    edited = Article.objects.get(pk=story.pk)
    edited.headline = "Syrian general defects, saying others want to follow"
    services.save_edit(edited, user=editor)
    # Redis is still paused: the page renders from the database, with the new headline.
    page = client.get(story.get_absolute_url()).content.decode()
    assert "saying others want to follow" in page
    time.sleep(max(0, 1.7 - (time.monotonic() - paused_at)))
    # Redis answers again and still holds the old fragments; the missed invalidation is sent
    # first, so the old headline never comes back.
    page = client.get(story.get_absolute_url()).content.decode()
    assert "saying others want to follow" in page
    assert not cache.degraded


def test_health_reports_a_degraded_cache_without_failing_readiness(shared_cache):
    client = reader()
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "cache": "ok"}
    shared_cache.stop()
    ready = client.get("/healthz")
    assert ready.status_code == 200
    assert ready.json()["cache"] == "degraded"
    assert client.get("/healthz/ready").status_code == 200
    assert client.get("/healthz/live").json() == {"status": "ok"}
