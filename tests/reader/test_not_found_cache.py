"""A 404 on a lookup route writes nothing to the cache: a crawler trying random addresses
cannot fill it (the site's chrome and the content generation are shared by every page)."""

import pytest
from django.core.cache import cache

from publishing.models import Status
from tests.factories import make_article, make_person, make_section, make_timeline

pytestmark = pytest.mark.django_db


def cache_keys():
    return set(cache._cache.keys())  # LocMemCache in tests


ROUTES = [
    "/people/nobody-{n}/",
    "/tags/nothing-{n}/",
    "/timelines/no-timeline-{n}/",
    "/photos/no-gallery-{n}/",
    "/no-section-{n}/",
    "/world/no-section-{n}/",
    "/2012/12/26/no-story-{n}/",
    "/feeds/people/nobody-{n}/",
    "/feeds/sections/no-section-{n}/",
    "/feeds/tags/nothing-{n}/",
    "/world/?page={n}00",
    "/people/draft-only/?page={n}",
    "/tags/draft-tag/?page={n}",
    "/timelines/draft-timeline/?v={n}",
    "/2012/12/{n:02d}/draft-story/",
]


def test_anonymous_404s_write_no_cache_entries(client):
    world = make_section("World", slug="world")
    make_article(section=world)
    person = make_person("Draft Only", slug="draft-only")
    draft = make_article("Draft", slug="draft-story", status=Status.DRAFT, authors=[person])
    draft.tags.add("draft-tag")
    make_timeline(slug="draft-timeline", status=Status.DRAFT)
    cache.clear()
    for route in ROUTES:  # the shared entries (generation, site chrome) are made once
        client.get(route.format(n=0))
    before = cache_keys()
    for n in range(1, 30):
        for route in ROUTES:
            for method in (client.get, client.head):
                response = method(route.format(n=n))
                assert response.status_code == 404, route.format(n=n)
    assert cache_keys() - before == set()
