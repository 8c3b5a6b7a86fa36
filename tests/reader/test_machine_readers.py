"""What machines read: JSON-LD, OpenGraph and Twitter cards, RSS and Atom feeds, sitemaps,
the Google News sitemap and robots.txt."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.utils import timezone

from articles.models import Correction
from tests.factories import make_article, make_person
from tests.reader.conftest import add_correction
from tests.sitemaps import sitemap_addresses

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert blocks, "no JSON-LD on the page"
    items = []
    for block in blocks:
        data = json.loads(block)
        items += data if isinstance(data, list) else [data]
    return {item["@type"]: item for item in items}


def meta(html, key):
    found = re.findall(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', html)
    return found


# JSON-LD ----------------------------------------------------------------------------------


def test_article_json_ld_is_a_complete_news_article(client, seed):
    article = seed["article"]
    add_correction(
        article,
        "An earlier version gave the wrong rank.",
        published_at=datetime.datetime(2012, 12, 27, 15, 0, tzinfo=datetime.UTC),
    )
    article.save()
    html = client.get(article.get_absolute_url()).content.decode()
    data = json_ld(html)
    story = data["NewsArticle"]
    assert (
        story["headline"]
        == "Syrian general defects, saying others in the government want to follow"
    )
    assert story["description"].startswith("Maj. Gen. Abdul-Aziz Jassem al-Shallal")
    assert story["datePublished"] == "2012-12-26T12:39:00-05:00"
    assert story["dateModified"] == "2012-12-27T10:00:00-05:00"
    assert story["author"] == [
        {
            "@type": "Person",
            "name": "Babak Dehghanpisheh",
            "url": f"{SITE}/people/babak-dehghanpisheh/",
        }
    ]
    assert [url.rsplit("-", 1)[-1] for url in story["image"]] == ["16x9.jpg", "4x3.jpg", "1x1.jpg"]
    assert all(url.startswith(f"{SITE}/media/") for url in story["image"])
    assert story["publisher"]["name"] == "The Newsroom"
    assert story["publisher"]["logo"]["url"].startswith(SITE) and story["publisher"]["logo"][
        "url"
    ].endswith(".png")
    assert story["articleSection"] == "Middle East"
    assert sorted(story["keywords"]) == ["Civil war", "Syria"]
    assert story["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "Correction: An earlier version gave the wrong rank.",
            "datePublished": "2012-12-27T10:00:00-05:00",
        }
    ]
    assert story["mainEntityOfPage"]["@id"] == f"{SITE}/2012/12/26/syrian-general-defects/"
    crumbs = data["BreadcrumbList"]["itemListElement"]
    assert [c["name"] for c in crumbs] == ["Home", "World", "Middle East", story["headline"]]
    assert [c["position"] for c in crumbs] == [1, 2, 3, 4]


def test_date_modified_is_date_published_without_updates(client, seed):
    data = json_ld(client.get(seed["article"].get_absolute_url()).content.decode())
    assert data["NewsArticle"]["dateModified"] == data["NewsArticle"]["datePublished"]


def test_schema_type_follows_the_article_type_and_organisations(client, world):
    agency = make_person("The Associated Press", is_organisation=True)
    article = make_article(section=world["world"], article_type="opinion", authors=[agency])
    data = json_ld(client.get(article.get_absolute_url()).content.decode())
    assert data["OpinionNewsArticle"]["author"][0]["@type"] == "Organization"


def test_json_ld_cannot_be_broken_out_of(client, world):
    article = make_article(
        "</script><script>alert(1)</script>", section=world["world"], deck="a < b & c"
    )
    html = client.get(article.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block
    data = json.loads(block)
    assert data[0]["headline"] == "</script><script>alert(1)</script>"
    assert data[0]["description"] == "a < b & c"


def test_gallery_json_ld_is_an_image_gallery(client, seed):
    data = json_ld(client.get("/photos/destruction-of-aleppo/").content.decode())
    gallery = data["ImageGallery"]
    assert gallery["name"] == "The destruction of Aleppo"
    assert gallery["numberOfItems"] == 3
    assert [image["caption"] for image in gallery["image"]] == [
        f"Aleppo, picture {n}." for n in (1, 2, 3)
    ]
    assert all(image["creditText"] == "Demo illustration" for image in gallery["image"])
    assert data["BreadcrumbList"]["itemListElement"][-1]["name"] == "The destruction of Aleppo"


# Social cards and head links --------------------------------------------------------------


def test_article_head_has_canonical_opengraph_twitter_and_author(client, seed):
    html = client.get(seed["article"].get_absolute_url()).content.decode()
    assert f'<link rel="canonical" href="{SITE}/2012/12/26/syrian-general-defects/">' in html
    assert meta(html, "og:type") == ["article"]
    assert meta(html, "og:title") == [
        "Syrian general defects, saying others in the government want to follow"
    ]
    [image] = meta(html, "og:image")
    assert image.startswith(f"{SITE}/media/") and image.endswith("-social.jpg")
    assert meta(html, "og:image:width") == ["1200"] and meta(html, "og:image:height") == ["630"]
    assert meta(html, "article:published_time") == ["2012-12-26T12:39:00-05:00"]
    assert meta(html, "article:author") == [f"{SITE}/people/babak-dehghanpisheh/"]
    assert meta(html, "author") == ["Babak Dehghanpisheh"]
    assert meta(html, "twitter:card") == ["summary_large_image"]
    assert meta(html, "twitter:image") == [image]
    assert 'type="application/rss+xml"' in html and 'type="application/atom+xml"' in html
    assert "<article" in html  # reader-mode extractors look for the story inside <article>


def test_gallery_and_timeline_heads_carry_the_same_social_card_tags(client, seed):
    gallery = seed["gallery"]
    html = client.get(gallery.get_absolute_url()).content.decode()
    assert f'<link rel="canonical" href="{SITE}{gallery.get_absolute_url()}">' in html
    assert meta(html, "og:title") == meta(html, "twitter:title") == [gallery.headline]
    [image] = meta(html, "og:image")
    assert image.endswith("-social.jpg") and meta(html, "twitter:image") == [image]
    assert meta(html, "twitter:card") == ["summary_large_image"]
    timeline = seed["timeline"]
    html = client.get(timeline.get_absolute_url()).content.decode()
    assert meta(html, "og:title") == [f"Timeline: {timeline.headline}"]
    assert meta(html, "og:url") == [f"{SITE}{timeline.get_absolute_url()}"]
    # No cover photo: a plain summary card, and no image tags pointing nowhere.
    assert meta(html, "twitter:card") == ["summary"] and meta(html, "og:image") == []


def test_social_headline_is_used_for_cards(client, world):
    article = make_article(
        "Long headline", section=world["world"], social_headline="Short for cards"
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert meta(html, "og:title") == ["Short for cards"]
    assert "<title>Long headline — The Newsroom</title>" in html


# Feeds ------------------------------------------------------------------------------------


def test_latest_rss_feed_parses_with_author_dates_summary_and_enclosure(client, seed):
    article = seed["article"]
    add_correction(article, "The general's rank was wrong.", kind=Correction.Kind.CORRECTION)
    response = client.get("/feeds/latest/")
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "The Newsroom: latest stories"
    entry = next(e for e in feed.entries if e.title.startswith("Syrian general defects"))
    assert entry.link == f"{SITE}/2012/12/26/syrian-general-defects/"
    assert entry.author == "Babak Dehghanpisheh"
    assert entry.published_parsed[:5] == (2012, 12, 26, 17, 39)
    assert "Maj. Gen. Abdul-Aziz Jassem al-Shallal says many senior officials" in entry.summary
    assert (
        "The general&#x27;s rank was wrong." in entry.summary
        or "The general's rank was wrong." in entry.summary
    )
    assert {tag.term for tag in entry.tags} >= {"Middle East", "Syria", "Civil war"}
    [enclosure] = entry.enclosures
    assert enclosure.type == "image/jpeg"
    lead = seed["lead"]
    rendition = lead.renditions.get(spec="w960", format="jpeg")
    assert enclosure.href == f"{SITE}{rendition.file.url}"
    assert int(enclosure.length) == rendition.file.size > 0


def test_atom_feed_parses_with_updated_time(client, seed):
    article = seed["article"]
    article.material_update_at = datetime.datetime(2012, 12, 26, 20, 0, tzinfo=datetime.UTC)
    article.save()
    feed = feedparser.parse(client.get("/feeds/latest/atom/").content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    entry = next(e for e in feed.entries if e.title.startswith("Syrian general defects"))
    assert entry.updated_parsed[:5] == (2012, 12, 26, 20, 0)
    assert entry.author == "Babak Dehghanpisheh"
    assert any(link.rel == "enclosure" for link in entry.links)


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/sections/world/",
        "/feeds/sections/middle-east/atom/",
        "/feeds/people/babak-dehghanpisheh/",
        "/feeds/people/suzan-haidamous/atom/",
        "/feeds/tags/syria/",
        "/feeds/tags/civil-war/atom/",
    ],
)
def test_section_person_and_tag_feeds_carry_their_stories(client, seed, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert [e.title for e in feed.entries][:1] == [seed["article"].headline]


def test_feeds_of_unknown_things_are_404(client, db):
    for url in ("/feeds/sections/nowhere/", "/feeds/people/nobody/", "/feeds/tags/nothing/atom/"):
        assert client.get(url).status_code == 404


def test_feeds_are_advertised_on_listing_pages(client, seed):
    html = client.get("/world/").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="World — The Newsroom (RSS)" href="/feeds/sections/world/">'
        in html
    )
    html = client.get("/people/babak-dehghanpisheh/").content.decode()
    assert 'href="/feeds/people/babak-dehghanpisheh/atom/"' in html


# Sitemaps and robots.txt ------------------------------------------------------------------


def test_sitemap_index_lists_each_sitemap(client, seed):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [loc.text for loc in root.findall("s:sitemap/s:loc", SITEMAP_NS)]
    # One or more pages each (pages are id ranges, and ids grow through a test run), in order.
    named = [location.split("?")[0] for location in locations]
    assert list(dict.fromkeys(named)) == [
        f"{SITE}/sitemap-{name}.xml"
        for name in ("articles", "galleries", "timelines", "sections", "people")
    ]
    assert all(location.startswith(f"{SITE}/sitemap-") for location in locations)


def test_sitemaps_list_published_content(client, seed):
    def locations(name):
        return sitemap_addresses(client, name)

    assert f"{SITE}/2012/12/26/syrian-general-defects/" in locations("articles")
    assert locations("galleries") == [f"{SITE}/photos/destruction-of-aleppo/"]
    assert locations("timelines") == [f"{SITE}/timelines/syria-uprising/"]
    assert set(locations("sections")) == {f"{SITE}/world/", f"{SITE}/world/middle-east/"}
    assert f"{SITE}/people/babak-dehghanpisheh/" in locations("people")


def test_news_sitemap_has_only_the_last_48_hours(client, seed, world):
    fresh = make_article(
        "Fresh story",
        section=world["world"],
        published_at=timezone.now() - datetime.timedelta(hours=3),
    )
    make_article(
        "Old story",
        section=world["world"],
        published_at=timezone.now() - datetime.timedelta(hours=50),
    )
    response = client.get("/news-sitemap.xml")
    root = ET.fromstring(response.content)
    urls = root.findall("s:url", SITEMAP_NS)
    assert [u.find("s:loc", SITEMAP_NS).text for u in urls] == [f"{SITE}{fresh.get_absolute_url()}"]
    news = urls[0].find("news:news", SITEMAP_NS)
    assert news.find("news:title", SITEMAP_NS).text == "Fresh story"
    assert news.find("news:publication/news:name", SITEMAP_NS).text == "The Newsroom"
    assert news.find("news:publication/news:language", SITEMAP_NS).text == "en"
    published = datetime.datetime.fromisoformat(news.find("news:publication_date", SITEMAP_NS).text)
    assert published == fresh.published_at.replace(microsecond=0)


def test_robots_txt_names_the_sitemaps(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert f"Sitemap: {SITE}/sitemap.xml" in body
    assert f"Sitemap: {SITE}/news-sitemap.xml" in body
    assert "Disallow: /admin/" in body
