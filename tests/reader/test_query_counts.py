"""Each reader page runs a fixed number of SQL queries, however many bylines, photos, events,
related items, tags, corrections or stories it shows: measured with the fragment cache empty
(the worst case), at small content and again after the content grows tenfold."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Correction, Credit, TimelineEvent
from media_gallery.models import GalleryPhoto
from tests.factories import (
    make_article,
    make_gallery,
    make_person,
    make_photo,
    make_section,
    make_timeline,
    relate,
)

pytestmark = pytest.mark.django_db

# Queries each page runs with an empty fragment cache. The first of most pages finds the next
# scheduled go-live time of every publishable kind (reader/fragments.py `next_go_live`).
MAX_QUERIES = {
    "front": 14,
    "article": 14,  # the story's type (a live story has its own page), kept once a generation
    "gallery": 7,
    "timeline": 7,
    "section": 9,
    "subsection": 9,
    "person": 8,
    "tag": 11,
    "search": 6,
    "corrections": 4,
    "feed-latest": 5,
    "feed-section": 6,
    "feed-person": 6,
    "feed-tag": 7,
    "sitemap-index": 5,
    "sitemap-articles": 2,
    "sitemap-people": 2,
    "news-sitemap": 1,
}
# With the fragments warm, pages run no SQL at all: even their lookups (the published story
# with this slug, the section at this address) are kept per content generation.
MAX_WARM_QUERIES = {
    "front": 0,
    "article": 0,
    "gallery": 0,
    "timeline": 0,
    "section": 0,
    "subsection": 0,
    "person": 0,
    "tag": 0,
    "corrections": 0,
}


class Newsroom:
    """One of each page's content, which `grow()` makes bigger in place."""

    def __init__(self):
        self.n = 0
        self.world = make_section("World", slug="world")
        self.child = make_section("Europe", slug="europe", parent=self.world)
        self.author = make_person("Lead Writer", slug="lead-writer")
        self.article = make_article(
            "Big story about tunnels",
            slug="big-story",
            section=self.child,
            authors=[self.author],
            lead_photo=make_photo(64, 40),
        )
        self.article.tags.add("Tunnels")
        self.gallery = make_gallery("Gallery", slug="gallery")
        self.timeline = make_timeline("Timeline", slug="timeline")
        relate(self.article, self.gallery, order=0)
        relate(self.article, self.timeline, order=1)

    def grow(self, count):
        now = timezone.now()
        for _ in range(count):
            self.n += 1
            n = self.n
            person = make_person(f"Writer {n}")
            Credit.objects.create(article=self.article, person=person, order=n)
            Credit.objects.create(
                article=self.article, person=make_person(), role="contributor", order=n
            )
            other = make_article(
                f"Tunnel story {n}",
                section=self.child if n % 2 else self.world,
                authors=[self.author, person],
                lead_photo=make_photo(64, 40),
                published_at=now - datetime.timedelta(hours=n + 1),
            )
            other.tags.add("Tunnels", f"Tag {n}")
            self.article.tags.add(f"Tag {n}")
            relate(self.article, other, order=10 + n)
            relate(self.article, make_gallery(cover_photo=make_photo(64, 40)), order=100 + n)
            relate(self.article, make_timeline(), order=200 + n)
            Correction.objects.create(article=self.article, text=f"Fix {n}.", kind="correction")
            Correction.objects.create(article=self.article, text=f"Update {n}.", kind="update")
            GalleryPhoto.objects.create(gallery=self.gallery, photo=make_photo(64, 40), order=n)
            TimelineEvent.objects.create(
                timeline=self.timeline,
                date=datetime.date(2011, 1, 1) + datetime.timedelta(days=n),
                headline=f"Event {n}",
                photo=make_photo(64, 40),
                article=other,
            )
            make_gallery(cover_photo=make_photo(64, 40))
            make_timeline()

    def url(self, kind):
        return {
            "front": "/",
            "article": self.article.get_absolute_url(),
            "gallery": "/photos/gallery/",
            "timeline": "/timelines/timeline/",
            "section": "/world/",
            "subsection": "/world/europe/",
            "person": "/people/lead-writer/",
            "tag": "/tags/tunnels/",
            "search": "/search/?q=tunnel",
            "corrections": "/corrections/",
            "feed-latest": "/feeds/latest/",
            "feed-section": "/feeds/sections/world/",
            "feed-person": "/feeds/people/lead-writer/atom/",
            "feed-tag": "/feeds/tags/tunnels/",
            "sitemap-index": "/sitemap.xml",
            "sitemap-articles": "/sitemap-articles.xml",
            "sitemap-people": "/sitemap-people.xml",
            "news-sitemap": "/news-sitemap.xml",
        }[kind]


def cold_queries(client, url):
    client.get(url)  # fills per-process caches (content types), as any running server has them
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("kind", list(MAX_QUERIES))
def test_query_count_is_fixed_whatever_the_content_size(
    client, kind, django_assert_max_num_queries
):
    newsroom = Newsroom()
    newsroom.grow(3)
    small = cold_queries(client, newsroom.url(kind))
    newsroom.grow(27)
    client.get(newsroom.url(kind))
    cache.clear()
    with django_assert_max_num_queries(MAX_QUERIES[kind]):
        response = client.get(newsroom.url(kind))
    assert response.status_code == 200
    assert cold_queries(client, newsroom.url(kind)) == small


@pytest.mark.parametrize("kind", list(MAX_WARM_QUERIES))
def test_warm_pages_run_no_sql(client, kind, django_assert_max_num_queries):
    newsroom = Newsroom()
    newsroom.grow(5)
    client.get(newsroom.url(kind))
    with django_assert_max_num_queries(MAX_WARM_QUERIES[kind]):
        assert client.get(newsroom.url(kind)).status_code == 200
