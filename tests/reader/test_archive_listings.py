"""Listings, search and sitemaps as an archive of any size reads them: counts exact up to a cap
and estimated above it ("Page 1 of about 3"), pages found by walking the index from the
nearer end, search ranking only the newest matches, sitemaps paged by id ranges."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from articles import search
from articles.sitemaps import ArchiveSitemap
from publishing.models import Status
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def desk():
    """A top section with a child, 45 stories an hour apart (newest first: Story 0), a draft
    and a scheduled story in between."""
    world = make_section("World", slug="world")
    europe = make_section("Europe", slug="europe", parent=world)
    now = timezone.now()
    stories = [
        make_article(
            f"Story {n}",
            slug=f"story-{n}",
            section=europe if n % 3 else world,
            published_at=now - datetime.timedelta(hours=n + 1),
        )
        for n in range(45)
    ]
    make_article("Hidden draft", section=world, status=Status.DRAFT)
    make_article("Tomorrow", section=world, published_at=now + datetime.timedelta(days=1))
    return stories


def headlines(response):
    return re.findall(r"Story \d+", response.content.decode())


def test_every_page_of_a_section_lists_its_stories_and_its_children_in_order(client, desk):
    pages = [client.get(f"/world/?page={n}") for n in (1, 2, 3)]
    assert [headlines(page) for page in pages] == [
        [f"Story {n}" for n in range(0, 20)],
        [f"Story {n}" for n in range(20, 40)],
        [f"Story {n}" for n in range(40, 45)],  # walked from the end, printed newest first
    ]
    assert "Page 3 of 3" in pages[2].content.decode()
    assert client.get("/world/?page=4").status_code == 404
    assert "Hidden draft" not in pages[0].content.decode()
    assert "Tomorrow" not in pages[0].content.decode()


def test_a_listing_over_the_cap_is_about_so_many_pages_and_still_pages_to_its_end(
    client, desk, monkeypatch
):
    monkeypatch.setattr("publishing.counting.COUNT_CAP", 10)
    first = client.get("/world/").content.decode()
    assert re.search(r"Page 1 of about \d+", first)  # the planner's estimate, not a count
    assert 'rel="next" href="/world/?page=2"' in first
    last = client.get("/world/?page=3")
    assert headlines(last) == [f"Story {n}" for n in range(40, 45)]
    assert 'rel="next"' not in last.content.decode()
    assert client.get("/world/?page=9").status_code == 404


def test_a_sparse_section_on_the_front_page_shows_its_newest_stories(client, desk):
    opinion = make_section("Opinion", slug="opinion", order=5)
    old = make_article(
        "A column from long ago",
        section=opinion,
        published_at=timezone.now() - datetime.timedelta(days=900),
    )
    front = client.get("/").content.decode()
    assert old.headline in front
    assert "Story 1" in front  # the lead is Story 0; World lists the next ones


def test_search_over_the_cap_says_about_and_ranks_only_the_newest_matches(client, monkeypatch):
    section = make_section("World", slug="world")
    now = timezone.now()
    for n in range(6):
        make_article(
            f"Harbour report {n}",
            section=section,
            published_at=now - datetime.timedelta(days=n + 1),
        )
    monkeypatch.setattr(search, "COUNT_CAP", 5)
    monkeypatch.setattr(search, "CANDIDATES", 4)
    page = client.get("/search/?q=harbour").content.decode()
    assert re.search(r"About \d+ stories matched", page)  # estimated above the cap
    assert "The best matches among the 4 newest are listed" in page
    listed = re.findall(r"Harbour report \d", re.sub(r"</?mark>", "", page))
    assert sorted(set(listed)) == [f"Harbour report {n}" for n in range(4)]
    assert client.get("/search/?q=harbour&page=2").status_code == 404


def test_search_ranks_a_headline_match_above_a_newer_body_match(client):
    section = make_section("World", slug="world")
    now = timezone.now()
    make_article(
        "Council meets",
        section=section,
        body="<p>The zeppelin was mentioned once.</p>",
        published_at=now - datetime.timedelta(hours=2),
    )
    make_article(
        "Zeppelin lands in the harbour",
        section=section,
        published_at=now - datetime.timedelta(days=3),
    )
    page = re.sub(r"</?mark>", "", client.get("/search/?q=zeppelin").content.decode())
    assert "2 stories matched" in page
    assert page.index("Zeppelin lands in the harbour") < page.index("Council meets")


def test_sitemaps_page_by_id_ranges_and_list_each_story_once(client, desk, monkeypatch):
    monkeypatch.setattr(ArchiveSitemap, "limit", 10)
    index = ET.fromstring(client.get("/sitemap.xml").content)
    pages = [
        loc.text for loc in index.findall("s:sitemap/s:loc", SITEMAP_NS) if "articles" in loc.text
    ]
    assert len(pages) >= 5  # 47 stories by id, 10 a page
    listed = []
    for address in pages:
        path = address.split("127.0.0.1:8000", 1)[-1].split("://", 1)[-1]
        path = path[path.index("/") :] if not path.startswith("/") else path
        root = ET.fromstring(client.get(path).content)
        listed += [loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)]
    assert len(listed) == len(set(listed)) == 45
    assert not any("tomorrow" in address or "hidden-draft" in address for address in listed)
    last = max(int(address.split("?p=")[1]) if "?p=" in address else 1 for address in pages)
    assert client.get(f"/sitemap-articles.xml?p={last + 1}").status_code == 404
    assert client.get("/sitemap-articles.xml?p=0").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404
