"""Nothing unpublished leaks: drafts, items ready for edit, unpublished, scheduled and
embargoed items are 404 for readers and absent from every page, feed, sitemap and search."""

import datetime

import pytest
from django.utils import timezone

from publishing.models import Status
from tests.factories import (
    make_article,
    make_gallery,
    make_person,
    make_section,
    make_timeline,
    relate,
)
from tests.reader.conftest import add_correction, add_event
from tests.sitemaps import sitemap_text

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def hidden_fields(state):
    now = timezone.now()
    return {
        "draft": {"status": Status.DRAFT, "published_at": None},
        "ready": {"status": Status.READY, "published_at": None},
        "unpublished": {"status": Status.UNPUBLISHED, "published_at": now - HOUR},
        "scheduled": {"status": Status.PUBLISHED, "published_at": now + HOUR},
        "embargoed": {
            "status": Status.PUBLISHED,
            "published_at": now - HOUR,
            "embargo_until": now + HOUR,
        },
    }[state]


STATES = ["draft", "ready", "unpublished", "scheduled", "embargoed"]
SECRET = "Zanzibarquux"  # a word no visible story uses


@pytest.fixture
def newsroom(db):
    section = make_section("World", slug="world")
    child = make_section("Europe", slug="europe", parent=section)
    author = make_person("Visible Writer", slug="visible-writer")
    visible = make_article("Visible story", section=child, authors=[author])
    visible.tags.add("Shared tag")
    return {"section": section, "child": child, "author": author, "visible": visible}


def pages_readers_see(client, newsroom):
    urls = [
        "/",
        "/world/",
        "/world/europe/",
        "/people/visible-writer/",
        "/tags/shared-tag/",
        newsroom["visible"].get_absolute_url(),
        "/corrections/",
        "/feeds/latest/",
        "/feeds/latest/atom/",
        "/feeds/sections/world/",
        "/feeds/people/visible-writer/",
        "/feeds/tags/shared-tag/",
        "/sitemap.xml",
        "/news-sitemap.xml",
    ]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    for name in ("articles", "galleries", "timelines", "people"):
        pages[f"/sitemap-{name}.xml"] = sitemap_text(client, name)
    # The sitemap pages read are the ones that list what readers can see.
    assert newsroom["visible"].get_absolute_url() in pages["/sitemap-articles.xml"]
    assert "/people/visible-writer/" in pages["/sitemap-people.xml"]
    # The search page repeats the words searched for: what must be missing is any result.
    search = client.get(f"/search/?q={SECRET}").content.decode()
    assert "No stories matched" in search
    assert '<article class="card' not in search and "hidden-story" not in search
    return pages


@pytest.mark.parametrize("state", STATES)
def test_hidden_article_is_404_and_absent_everywhere(client, newsroom, state):
    hidden = make_article(
        f"{SECRET} hidden story",
        slug="hidden-story",
        section=newsroom["child"],
        authors=[newsroom["author"]],
        deck=f"{SECRET} deck",
        **hidden_fields(state),
    )
    hidden.tags.add("Shared tag")
    relate(newsroom["visible"], hidden)
    add_correction(hidden, f"{SECRET} correction")
    assert client.get(hidden.get_absolute_url()).status_code == 404
    for url, html in pages_readers_see(client, newsroom).items():
        assert SECRET not in html, f"{state} story leaks on {url}"
        assert "hidden-story" not in html, f"{state} story's address leaks on {url}"


@pytest.mark.parametrize("state", STATES)
def test_hidden_gallery_and_timeline_are_404_and_absent_everywhere(client, newsroom, state):
    gallery = make_gallery(f"{SECRET} gallery", slug="hidden-gallery", **hidden_fields(state))
    timeline = make_timeline(f"{SECRET} timeline", slug="hidden-timeline", **hidden_fields(state))
    for item in (gallery, timeline):
        item.tags.add("Shared tag")
        relate(newsroom["visible"], item)
    assert client.get("/photos/hidden-gallery/").status_code == 404
    assert client.get("/timelines/hidden-timeline/").status_code == 404
    for url, html in pages_readers_see(client, newsroom).items():
        assert SECRET not in html, f"{state} gallery or timeline leaks on {url}"


@pytest.mark.parametrize("state", STATES)
def test_timeline_does_not_link_a_hidden_article(client, newsroom, state):
    hidden = make_article(
        f"{SECRET} story", slug="hidden-story", section=newsroom["section"], **hidden_fields(state)
    )
    timeline = make_timeline("Visible timeline")
    add_event(
        timeline, date=datetime.date(2012, 1, 1), precision=3, headline="An event", article=hidden
    )
    html = client.get(timeline.get_absolute_url()).content.decode()
    assert "An event" in html
    assert SECRET not in html and "hidden-story" not in html


@pytest.mark.parametrize("state", STATES)
def test_tag_and_person_with_only_hidden_stories(client, newsroom, state):
    loner = make_person("Unpublished Writer", slug="unpublished-writer")
    hidden = make_article(
        f"{SECRET} story", section=newsroom["section"], authors=[loner], **hidden_fields(state)
    )
    hidden.tags.add("Secret tag")
    assert client.get("/tags/secret-tag/").status_code == 404
    assert client.get("/feeds/tags/secret-tag/").status_code == 404
    # Credited only on what readers cannot see: no page, no feed (not a public profile).
    response = client.get("/people/unpublished-writer/")
    assert response.status_code == 404 and SECRET not in response.content.decode()
    assert client.get("/feeds/people/unpublished-writer/").status_code == 404
    assert "unpublished-writer" not in sitemap_text(client, "people")


def test_scheduled_story_appears_when_its_time_comes(client, newsroom, settings):
    import time_machine

    at = timezone.now() + datetime.timedelta(minutes=30)
    make_article(
        f"{SECRET} scheduled", section=newsroom["section"], status=Status.PUBLISHED, published_at=at
    )
    assert SECRET not in client.get("/").content.decode()
    assert SECRET not in client.get("/world/").content.decode()
    with time_machine.travel(at + datetime.timedelta(seconds=5), tick=False):
        # Fragments cached before the go-live time are not served after it.
        assert SECRET in client.get("/").content.decode()
        assert SECRET in client.get("/world/").content.decode()
