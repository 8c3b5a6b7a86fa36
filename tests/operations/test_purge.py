"""Purging exactly what changed, through the shipped stack: nginx with its front cache and the
cache-purge module (deploy/nginx), two gunicorn app servers and a Redis they share. A saved
correction reaches a reader at the front cache within a second; pages that do not show the
story stay cached; a draft's save purges nothing."""

import time

import pytest

from publishing.models import Status
from tests.factories import make_article, make_person, make_section
from tests.reader.conftest import add_correction

from .servers import need, spare_port
from .stack import Browser, database_url, load_serve, manage, production_environment

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def stack(tmp_path, settings, redis_server):
    need("nginx")
    serve = load_serve()
    port = spare_port()
    site = f"http://127.0.0.1:{port}"
    purging = {
        "NEWSROOM_FRONT_CACHES": "nginx",
        "NEWSROOM_NGINX_PURGE_URLS": site,
        "NEWSROOM_FRONT_CACHE_SECONDS": "300",
        "NEWSROOM_FRAGMENT_CACHE_SECONDS": "300",
        # Not a test of a slow cache (test_cache_failure is): a loaded CI machine must not
        # turn a Redis answer into a miss.
        "NEWSROOM_CACHE_TIMEOUT_MS": "1000",
    }
    environment = production_environment(
        database_url(),
        site,
        static_root=tmp_path / "static",
        media_root=tmp_path / "media",
        REDIS_URL=redis_server.url,
        **purging,
    )
    manage(environment, "collectstatic", "--noinput", "-v", "0")
    running = serve.Stack("127.0.0.1", port, environment, tmp_path / "serve", quiet=True)
    running.start()
    # This process saves as an editor's app server would: the same Redis, the same purges.
    settings.CACHES = {
        "default": {
            "BACKEND": "reader.cache.ResilientRedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": "newsroom",
            "OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1},
        }
    }
    settings.NEWSROOM_FRONT_CACHES = ["nginx"]
    settings.NEWSROOM_NGINX_PURGE_URLS = [site]
    settings.NEWSROOM_FRONT_CACHE_SECONDS = 300
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    settings.NEWSROOM_SITE_URL = site
    yield running
    running.stop()


@pytest.fixture
def newsroom(db):
    world = make_section("World", slug="world")
    sport = make_section("Sport", slug="sport")
    writer = make_person("Ben Hubbard", slug="ben-hubbard")
    return {
        "story": make_article("Syrian general defects", section=world, authors=[writer]),
        "other": make_article("Cup final tonight", section=sport),
    }


def cached(reader, address):
    """Fetch until the front cache holds it; its body."""
    for _ in range(3):
        response = reader.get(address)
        assert response.status_code == 200
        if response.headers["X-Cache"] == "HIT":
            return response.text()
    raise AssertionError(f"{address} never came from the front cache")


def test_a_correction_is_purged_at_once_and_nothing_else(stack, newsroom):
    reader = Browser(f"http://127.0.0.1:{stack.port}")
    story, other = newsroom["story"].get_absolute_url(), newsroom["other"].get_absolute_url()
    for address in (story, other, "/world/", "/sport/", "/people/ben-hubbard/"):
        cached(reader, address)

    add_correction(newsroom["story"], "An earlier version misstated the general's rank.")
    saved = time.monotonic()
    while True:
        response = reader.get(story)
        if "misstated the general" in response.text():
            break
        assert time.monotonic() - saved < 1.0, "the correction took over a second to show"
        time.sleep(0.02)
    assert response.headers["X-Cache"] in ("MISS", "EXPIRED")
    # Pages that show the story were purged; the others still come from the cache.
    assert reader.get("/world/").headers["X-Cache"] != "HIT"
    assert reader.get("/people/ben-hubbard/").headers["X-Cache"] != "HIT"
    assert reader.get(other).headers["X-Cache"] == "HIT"
    assert reader.get("/sport/").headers["X-Cache"] == "HIT"


def test_a_drafts_save_purges_nothing(stack, newsroom):
    reader = Browser(f"http://127.0.0.1:{stack.port}")
    story = newsroom["story"].get_absolute_url()
    cached(reader, story)
    cached(reader, "/world/")
    draft = make_article("Not yet", section=newsroom["story"].section, status=Status.DRAFT)
    draft.deck = "Typed and saved again."
    draft.save()
    time.sleep(0.3)
    assert reader.get(story).headers["X-Cache"] == "HIT"
    assert reader.get("/world/").headers["X-Cache"] == "HIT"


def test_a_new_story_purges_the_listings(stack, newsroom):
    reader = Browser(f"http://127.0.0.1:{stack.port}")
    other = newsroom["other"].get_absolute_url()
    for address in ("/world/", other):
        cached(reader, address)
    make_article("Ceasefire talks begin", section=newsroom["story"].section)
    response = reader.get("/world/")
    assert "Ceasefire talks begin" in response.text(), response.headers
    assert reader.get(other).headers["X-Cache"] == "HIT"
