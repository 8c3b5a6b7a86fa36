"""Story elements as readers and machines meet them: semantic markup on the page, nothing
loaded from a third party until asked, only published targets, the page's CSP naming exactly
what it loads, full bodies in feeds, inline photos and videos in JSON-LD, captions in
search, text and captions in reading order for reader mode, and a fixed number of queries."""

import json
import re

import feedparser
import pytest
import trafilatura
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.body.elements import (
    Embed,
    Gallery,
    Photo,
    Related,
    Table,
)
from publishing.models import Status
from tests.factories import make_article, make_gallery, photo_with_renditions

from .conftest import YOUTUBE, body

pytestmark = pytest.mark.django_db


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_each_element_is_semantic_markup_on_the_page(client, story_with_elements):
    story = story_with_elements
    html = get(client, story.get_absolute_url()).content.decode()
    main = re.search(r'<div class="story-body">.*?</div>\s*</div>', html, re.S).group(0)

    assert '<figure class="body-photo body-photo-wide">' in main
    assert '<span class="caption">Tents near the border.</span>' in main
    assert '<span class="credit">AP</span>' in main and "crop-16x9" in main
    assert (
        '<figure class="pull-quote"><blockquote><p>They came with summer clothes.</p></blockquote>'
        "<figcaption>A camp doctor</figcaption></figure>" in main
    )
    assert re.search(r'<aside class="factbox" aria-labelledby="factbox-\d+"><h2 id=', main)
    assert "<caption>Votes by ward</caption>" in main
    assert '<th scope="col">Ward</th>' in main and "<td>North</td>" in main
    assert "Source: City clerk" in main
    assert '<button type="button" class="embed-load">Load content from YouTube</button>' in main
    assert 'class="body-link-card"' in main and "https://example.org/report.pdf" in main
    assert 'sandbox="allow-scripts"' in main and 'title="A chart of votes"' in main
    assert "Photo gallery: The destruction of Aleppo" in main
    assert seed_url(story) in main


def seed_url(story):
    return story.body_references.get(target_article__isnull=False).target_article.get_absolute_url()


def test_nothing_is_requested_from_a_provider_until_the_reader_asks(client, story_with_elements):
    story = story_with_elements
    response = get(client, story.get_absolute_url())
    html = response.content.decode()
    # The player's address is data for the button, never a frame, script or image source.
    assert not re.search(r'<(iframe|script|img)[^>]+(src)="https?://(www\.)?youtube', html)
    assert 'data-player="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
    policy = response["Content-Security-Policy"]
    assert "frame-src https://www.youtube-nocookie.com;" in policy + ";"
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert "'sha256-" in policy.split("script-src")[1].split(";")[0]


def test_a_page_without_embeds_allows_no_frames_from_anywhere(client, seed):
    policy = get(client, seed["article"].get_absolute_url())["Content-Security-Policy"]
    assert "frame-src" not in policy and "'sha256-" not in policy


def test_unpublished_galleries_and_stories_placed_in_a_body_are_simply_absent(
    client, story_with_elements, seed
):
    story = story_with_elements
    for item in (seed["gallery"], seed["article"]):
        item.status = Status.UNPUBLISHED
        item.save()
    html = get(client, story.get_absolute_url()).content.decode()
    assert "Photo gallery: The destruction of Aleppo" not in html
    assert "The defection" not in html
    assert "Last paragraph." in html


def test_feeds_carry_the_whole_body_with_absolute_pictures_and_links_for_embeds(
    client, story_with_elements
):
    story = story_with_elements
    rss = feedparser.parse(get(client, "/feeds/latest/").content)
    entry = next(e for e in rss.entries if e.title == story.headline)
    content = entry.content[0].value
    assert "BEIRUT —" in content and "Last paragraph." in content
    img = re.search(r"<img [^>]+>", content).group(0)
    assert 'alt="Tents in a row"' in img
    assert re.search(r'src="http://[^"]+/renditions/[^"]+\.jpg"', img)
    assert "Tents near the border. AP" in re.sub(r"<[^>]+>", "", content)
    assert f'<a href="{YOUTUBE}">YouTube: Winter in the camps</a>' in content
    assert "<iframe" not in content and "<script" not in content
    assert "<caption>Votes by ward</caption>" in content

    atom = feedparser.parse(get(client, "/feeds/latest/atom/").content)
    entry = next(e for e in atom.entries if e.title == story.headline)
    assert "Last paragraph." in entry.content[0].value


def test_json_ld_lists_inline_photos_and_the_video(client, story_with_elements):
    story = story_with_elements
    html = get(client, story.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', html, re.S).group(1))[0]
    crop = story.photo.renditions.get(spec="crop-16x9", format="jpeg")
    assert any(url.endswith(crop.file.url) for url in data["image"])
    assert data["video"] == [
        {
            "@type": "VideoObject",
            "name": "Winter in the camps",
            "url": YOUTUBE,
            "embedUrl": "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
            "thumbnailUrl": "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg",
        }
    ]


def test_reader_mode_keeps_the_text_and_captions_in_reading_order(client, story_with_elements):
    story = story_with_elements
    html = get(client, story.get_absolute_url()).content.decode()
    text = trafilatura.extract(html, include_comments=False, favor_recall=True) or ""
    order = ["First paragraph.", "Tents near the border.", "Second paragraph.",
             "They came with summer clothes.", "Last paragraph."]  # fmt: skip
    positions = [text.find(part) for part in order]
    assert -1 not in positions, text
    assert positions == sorted(positions)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_a_word_only_in_a_caption_finds_the_story_below_one_with_it_in_the_body(
    client, story_with_elements
):
    story = story_with_elements
    make_article("Budget vote", body="<p>The ferrymen struck again.</p>", section=story.section)
    story.body = body("<p>Text.</p>", Photo(story.photo.pk, caption="Ferrymen on strike"))
    story.save()
    html = get(client, "/search/?q=ferrymen").content.decode()
    assert html.index("Budget vote") < html.index(story.headline)


def test_the_page_runs_the_same_queries_for_three_elements_or_thirty(
    client, seed, django_assert_max_num_queries
):
    story = seed["related"]
    photos = [photo_with_renditions(400, 300) for _ in range(10)]
    galleries = [make_gallery(photos=photos[:2]) for _ in range(3)]
    stories = [make_article() for _ in range(3)]

    def place(count):
        parts = ["<p>Text.</p>"]
        for n in range(count):
            parts += [
                Photo(photos[n % 10].pk),
                Gallery(galleries[n % 3].pk, "strip" if n % 2 else "card"),
                Related(stories[n % 3].pk),
                Embed(YOUTUBE),
                Table([["a", "b"], ["1", "2"]]),
            ]
        story.body = body(*parts)
        story.save()
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            get(client, story.get_absolute_url())
        return len(queries)

    small, large = place(2), place(12)
    assert small == large
    cache.clear()
    with django_assert_max_num_queries(24):
        get(client, story.get_absolute_url())
