"""The live story as readers get it: its page, a post's permanent address, the update
endpoint open pages poll, its feeds and JSON-LD; drafts and removed posts nowhere; the LIVE
label on lists while coverage runs; a fixed number of queries whatever the number of posts."""

import json
import re
from datetime import timedelta

import feedparser
import pytest
from django.core.cache import cache
from django.utils import timezone

from articles import live
from articles.body.embeds import FRAME_SOURCES
from articles.models import LivePost
from publishing.models import Status
from tests.articles.live_helpers import make_live_story, post
from tests.factories import make_article, make_person, make_photo, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_fragments():
    cache.clear()
    yield
    cache.clear()


def json_ld(html):
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in found]


def live_blog(html):
    return next(
        item
        for block in json_ld(html)
        for item in (block if isinstance(block, list) else [block])
        if item.get("@type") == "LiveBlogPosting"
    )


def test_page_shows_pinned_first_then_newest_and_never_drafts_or_removed(client, editor):
    story = make_live_story()
    first = post(editor, story, "First update.")
    post(editor, story, "Second update.")
    pinned = post(editor, story, "Read this first.", is_pinned=True)
    post(editor, story, "A draft nobody sees.", publish=False)
    removed = post(editor, story, "Withdrawn claim.")
    live.remove_post(editor, removed)
    html = client.get(story.get_absolute_url()).content.decode()
    assert (
        html.index("Read this first.") < html.index("Second update.") < html.index("First update.")
    )
    assert "A draft nobody sees." not in html and "Withdrawn claim." not in html
    assert f'id="post-{pinned.pk}"' in html and f'id="post-{first.pk}"' in html
    assert "Landfall at 9 p.m." in html  # key points
    assert ">Live<" in html


def test_oldest_first_story(client, editor):
    story = make_live_story(order="oldest")
    post(editor, story, "Kick-off.")
    post(editor, story, "Goal!")
    html = client.get(story.get_absolute_url()).content.decode()
    assert html.index("Kick-off.") < html.index("Goal!")


def test_key_events_link_to_their_posts_permanent_addresses(client, editor):
    story = make_live_story()
    key = post(editor, story, "The eye passes over the city.", is_key_event=True, title="Eye")
    post(editor, story, "Rain continues.")
    html = client.get(story.get_absolute_url()).content.decode()
    nav = html[html.index('class="key-events"') :]
    assert f'href="{story.get_absolute_url()}posts/{key.pk}/#post-{key.pk}"' in nav
    assert "Rain continues." not in nav[: nav.index("</nav>")]


def test_pages_of_fifty_keep_every_post_at_its_address(client, editor):
    story = make_live_story()
    person = make_person()
    start = timezone.now() - timedelta(hours=2)
    posts = []
    for n in range(55):
        made = post(editor, story, f"Update number {n}.", person=person)
        LivePost.objects.filter(pk=made.pk).update(published_at=start + timedelta(minutes=n))
        posts.append(made)
    oldest, newest = posts[0], posts[-1]
    page_one = client.get(story.get_absolute_url()).content.decode()
    assert "Update number 54." in page_one and "Update number 0." not in page_one
    assert 'rel="next"' in page_one
    page_two = client.get(f"{story.get_absolute_url()}?page=2").content.decode()
    assert "Update number 0." in page_two and "Update number 54." not in page_two
    live.save_post(
        editor, story, oldest, title="The first warning", body=oldest.body, people=[person]
    )
    permalink = client.get(f"{story.get_absolute_url()}posts/{oldest.pk}/")
    html = permalink.content.decode()
    assert permalink.status_code == 200 and f'id="post-{oldest.pk}"' in html
    assert '<meta property="og:title" content="The first warning">' in html
    assert client.get(f"{story.get_absolute_url()}posts/{newest.pk}/").status_code == 200
    assert client.get(f"{story.get_absolute_url()}?page=3").status_code == 404


def test_a_removed_or_draft_post_has_no_address(client, editor):
    story = make_live_story()
    removed = post(editor, story)
    draft = post(editor, story, publish=False)
    live.remove_post(editor, removed)
    for hidden in (removed, draft):
        assert client.get(f"{story.get_absolute_url()}posts/{hidden.pk}/").status_code == 404
    assert client.get(f"{story.get_absolute_url()}posts/999999/").status_code == 404


def test_unpublished_story_shows_nothing_anywhere(client, editor):
    story = make_live_story(status=Status.DRAFT)
    made = post(editor, story)
    url = story.get_absolute_url()
    for address in (url, f"{url}posts/{made.pk}/", f"{url}updates.json", f"{url}feed/"):
        assert client.get(address).status_code == 404, address


def test_a_live_story_unpublished_leaves_every_page_feed_and_the_front_at_once(
    client, editor, settings
):
    from publishing import services as publishing

    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300  # cached, as in production
    cache.clear()
    story = make_live_story("Storm makes landfall")
    made = post(editor, story, "Winds reach 120 mph.", title="Winds pick up")
    url = story.get_absolute_url()
    addresses = (url, f"{url}posts/{made.pk}/", f"{url}updates.json", f"{url}feed/")
    for address in addresses:
        assert client.get(address).status_code == 200, address
    assert "Storm makes landfall" in client.get("/").content.decode()
    assert "Storm makes landfall" in client.get("/feeds/latest/").content.decode()

    publishing.unpublish(story, editor)
    for address in addresses:
        assert client.get(address).status_code == 404, address
    assert "Storm makes landfall" not in client.get("/").content.decode()
    assert "Winds pick up" not in client.get("/feeds/latest/").content.decode()
    assert "Storm makes landfall" not in client.get("/feeds/latest/").content.decode()


def test_update_endpoint_carries_new_changed_and_removed_posts(client, editor):
    story = make_live_story()
    kept = post(editor, story, "Kept.")
    gone = post(editor, story, "Gone soon.")
    post(editor, story, "Draft.", publish=False)
    url = f"{story.get_absolute_url()}updates.json"
    response = client.get(url)
    assert response["Content-Type"] == "application/json"
    assert "public" in response["Cache-Control"] and "max-age=4" in response["Cache-Control"]
    assert "Cookie" not in response.get("Vary", "") and not response.cookies
    data = response.json()
    assert [pk for pk, _ in data["posts"]] == [gone.pk, kept.pk]
    assert "Gone soon." in data["html"][str(gone.pk)]
    assert not any("Draft." in html for html in data["html"].values())
    etag = response["ETag"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304

    live.remove_post(editor, gone)
    live.save_post(editor, story, kept, body="<p>Kept, and changed.</p>", people=[make_person()])
    data = client.get(url, headers={"if-none-match": etag}).json()
    assert [pk for pk, _ in data["posts"]] == [kept.pk]
    assert "Kept, and changed." in data["html"][str(kept.pk)]
    assert "Updated" in data["html"][str(kept.pk)]
    assert str(gone.pk) not in data["html"]


def test_update_endpoint_says_when_coverage_ended(client, editor):
    story = make_live_story()
    live.end_coverage(editor, story)
    data = client.get(f"{story.get_absolute_url()}updates.json").json()
    assert data["ended"] is True


def test_feed_lists_published_posts_only(client, editor):
    story = make_live_story()
    shown = post(editor, story, "Shown in feeds.", title="Power out in the north")
    post(editor, story, "Draft text.", publish=False)
    removed = post(editor, story, "Removed text.")
    live.remove_post(editor, removed)
    live.correct_post(editor, shown, "correction", "It was the north-east.")
    for address in ("feed/", "feed/atom/"):
        feed = feedparser.parse(client.get(f"{story.get_absolute_url()}{address}").content)
        assert [entry.title for entry in feed.entries] == ["Power out in the north"]
        assert feed.entries[0].link.endswith(f"posts/{shown.pk}/")
        assert "north-east" in feed.entries[0].description
        assert feed.feed.title.startswith("LIVE: ")


def test_live_blog_posting_json_ld_has_what_google_requires(client, editor):
    photo = make_photo()
    story = make_live_story(lead_photo=photo, authors=[make_person("Ann Anchor")])
    first = post(editor, story, "The storm weakens.", title="Weaker", person=make_person("Bo"))
    live.save_post(
        editor, story, first, title="Weaker", body="<p>The storm weakens fast.</p>",
        people=first.byline_people,
    )  # fmt: skip
    data = live_blog(client.get(story.get_absolute_url()).content.decode())
    for required in ("headline", "datePublished", "dateModified", "author", "image", "url"):
        assert data[required], required
    assert data["coverageStartTime"] and data["coverageEndTime"]
    assert data["coverageEndTime"] > data["coverageStartTime"]
    (update,) = data["liveBlogUpdate"]
    assert update["@type"] == "BlogPosting"
    assert update["headline"] == "Weaker"
    assert update["articleBody"] == "The storm weakens fast."
    assert update["author"] == [
        {"@type": "Person", "name": "Bo", "url": update["author"][0]["url"]}
    ]
    assert update["datePublished"] <= update["dateModified"]
    live.end_coverage(editor, story)
    ended = live_blog(client.get(story.get_absolute_url()).content.decode())
    story.live.refresh_from_db()
    assert ended["coverageEndTime"] == timezone.localtime(story.live.ended_at).isoformat(
        timespec="seconds"
    )


def test_live_label_on_lists_while_live_only(client, editor):
    section = make_section("Weather", slug="weather")
    story = make_live_story("Hurricane Ana live", section=section)
    post(editor, story)
    label = '<span class="live-label live-label-small">Live</span>'
    assert label in client.get("/weather/").content.decode()
    latest = feedparser.parse(client.get("/feeds/latest/").content)
    assert latest.entries[0].title == "LIVE: Hurricane Ana live"
    assert label in client.get("/search/?q=hurricane").content.decode()
    assert (
        "<news:title>LIVE: Hurricane Ana live" in client.get("/news-sitemap.xml").content.decode()
    )
    live.end_coverage(editor, story)
    assert label not in client.get("/weather/").content.decode()
    assert "LIVE:" not in client.get("/news-sitemap.xml").content.decode()
    latest = feedparser.parse(client.get("/feeds/latest/").content)
    assert latest.entries[0].title == "Hurricane Ana live"


def grow(editor, story, count, person):
    photo = make_photo(64, 40)
    for n in range(count):
        body = f"<p>Update {n}.</p>"
        if n % 5 == 0:
            body += f'<figure data-element="photo" data-photo="{photo.pk}"></figure>'
        made = post(editor, story, person=person, is_key_event=n % 7 == 0)
        live.save_post(editor, story, made, body=body, people=[person, make_person()])
        if n % 4 == 0:
            live.correct_post(editor, made, "clarification", f"Note {n}.")


@pytest.mark.parametrize("address", ["", "updates.json", "feed/"])
def test_query_count_is_fixed_whatever_the_number_of_posts(
    client, editor, address, django_assert_max_num_queries
):
    story = make_live_story(lead_photo=make_photo(64, 40))
    person = make_person()
    grow(editor, story, 3, person)
    url = f"{story.get_absolute_url()}{address}"
    client.get(url)
    cache.clear()
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    small = len(few)
    grow(editor, story, 60, person)
    client.get(url)
    cache.clear()
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("address", ["", "updates.json"])
def test_warm_live_page_and_endpoint_run_no_sql(client, editor, address, django_assert_num_queries):
    story = make_live_story()
    post(editor, story)
    url = f"{story.get_absolute_url()}{address}"
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


def test_an_embed_in_a_post_may_load_its_player(client, editor):
    story = make_live_story()
    live.save_post(
        editor,
        story,
        body='<p>Watch.</p><figure data-element="embed" data-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></figure>',
        people=[make_person()],
        publish=True,
    )
    for _ in range(2):  # cold, then warm
        policy = client.get(story.get_absolute_url())["Content-Security-Policy"]
        assert "https://www.youtube-nocookie.com" in policy


def test_an_open_live_page_may_load_the_player_of_any_known_provider(client, editor):
    """A post published after the page opened arrives without a reload: whatever provider it
    embeds, the page's policy already lets its player load (and nothing else)."""
    story = make_live_story()
    post(editor, story, "No embed yet.")
    for address in (story.get_absolute_url(), f"{story.get_absolute_url()}?page=1"):
        for _ in range(2):  # cold, then warm
            policy = client.get(address)["Content-Security-Policy"]
            frame_src = next(
                part.split()[1:] for part in policy.split(";") if part.split()[0] == "frame-src"
            )
            assert sorted(frame_src) == FRAME_SOURCES
    # An ordinary story's page allows only the players it shows.
    article = make_article("Council meets")
    assert "frame-src" not in client.get(article.get_absolute_url())["Content-Security-Policy"]


def test_json_ld_lists_at_most_twenty_posts(client, editor):
    story = make_live_story()
    person = make_person()
    for n in range(25):
        post(editor, story, f"Update {n}.", person=person)
    data = live_blog(client.get(story.get_absolute_url()).content.decode())
    assert len(data["liveBlogUpdate"]) == 20
    assert data["liveBlogUpdate"][0]["articleBody"] == "Update 24."
