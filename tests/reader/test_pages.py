"""The front page, gallery, timeline, section, person, tag and corrections pages, and the
friendly error pages."""

import datetime
import re

import pytest
from django.template.loader import get_template
from django.utils import timezone

from articles.models import Correction
from tests.factories import (
    make_article,
    make_gallery,
    make_person,
    make_photo,
    make_section,
    photo_with_renditions,
)
from tests.reader.conftest import add_correction, add_event

pytestmark = pytest.mark.django_db


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


# Front page -------------------------------------------------------------------------------


def test_front_page_leads_with_the_newest_story_then_lists_sections(client, seed):
    older = make_article(
        "Older news",
        section=seed["world"],
        published_at=timezone.now() - datetime.timedelta(days=3),
    )
    newest = make_article("Newest news", section=seed["world"])
    html = get(client, "/")
    lead = re.search(r'<article class="lead-story".*?</article>', html, re.S).group(0)
    assert "Newest news" in lead
    assert 'id="section-world"' in html
    world = re.search(
        r'<section class="front-section" aria-labelledby="section-world">.*?</section>', html, re.S
    ).group(0)
    # Child sections' stories are listed under their parent, newest first; the lead is not
    # repeated.
    assert world.index(older.headline) < world.index("Syrian general defects")
    assert "Newest news" not in world
    assert html.count("<h1") == 1
    assert newest.get_absolute_url() in lead


def test_a_pinned_story_leads_the_front_page(client, seed):
    make_article("Newest news", section=seed["world"])
    make_article(
        "Pinned news",
        section=seed["world"],
        is_pinned=True,
        published_at=timezone.now() - datetime.timedelta(days=5),
    )
    html = get(client, "/")
    lead = re.search(r'<article class="lead-story".*?</article>', html, re.S).group(0)
    assert "Pinned news" in lead


def test_front_page_links_galleries_and_timelines(client, seed):
    html = get(client, "/")
    assert '<a href="/photos/destruction-of-aleppo/">The destruction of Aleppo</a>' in html
    assert "3 photos" in html
    assert '<a href="/timelines/syria-uprising/">Timeline: Syria’s uprising</a>' in html


def test_front_page_with_nothing_published_is_friendly(client, db):
    html = get(client, "/")
    assert "No stories are published yet." in html


# Gallery ----------------------------------------------------------------------------------


def test_gallery_shows_every_photo_in_order_with_caption_credit_and_count(client, seed):
    html = get(client, "/photos/destruction-of-aleppo/")
    assert html.count("<h1") == 1
    assert "3 photos" in html
    positions = [html.index(f"Aleppo, picture {n}.") for n in (1, 2, 3)]
    assert positions == sorted(positions)
    assert '<li id="photo-2" class="gallery-item">' in html
    assert ">2 of 3</a>" in html
    assert '<a href="#photo-3">Next photo</a>' in html
    photos = re.search(r'<ol class="gallery-photos">.*?</ol>', html, re.S).group(0)
    assert photos.count('<span class="credit">Demo illustration</span>') == 3
    assert 'alt="Ruins 2"' in html


def test_gallery_caption_override_and_photographer(client, db):
    photographer = make_person("Lena Photo")
    photo = make_photo(caption="The photo desk's caption.", credit="AP", photographer=photographer)
    gallery = make_gallery("One photo", photos=[photo])
    item = gallery.items.get()
    item.caption_override = "A caption written for this gallery."
    item.save()
    html = get(client, gallery.get_absolute_url())
    assert "A caption written for this gallery." in html
    assert "The photo desk&#x27;s caption." not in html
    assert "Lena Photo / AP" in html
    assert "1 photo<" in html or "1 photo ·" in html


# Timeline ---------------------------------------------------------------------------------


def test_timeline_events_oldest_first_at_their_precision(client, seed):
    html = get(client, "/timelines/syria-uprising/")
    assert html.count("<h1") == 1
    dates = re.findall(r'<time datetime="([^"]+)">([^<]+)</time>', html)
    event_dates = [d for d in dates if not d[0].startswith("20") or len(d[0]) <= 10]
    assert event_dates[:3] == [
        ("2011-03", "March 2011"),
        ("2011-04-21", "April 21, 2011"),
        ("2012-12-25", "Dec. 25, 2012"),
    ]
    assert html.index("Protests erupt in Daraa") < html.index("Military police chief defects")


def test_month_event_sorts_before_that_months_days(client, seed):
    timeline = seed["timeline"]
    add_event(
        timeline,
        date=datetime.date(2012, 12, 11),
        precision=3,
        headline="U.S. recognizes the coalition",
    )
    add_event(
        timeline,
        date=datetime.date(2012, 12, 20),
        precision=2,
        headline="Foreign Ministry spokesman leaves",
    )
    html = get(client, timeline.get_absolute_url())
    assert html.index("Foreign Ministry spokesman leaves") < html.index(
        "U.S. recognizes the coalition"
    )
    assert '<time datetime="2012-12">December 2012</time>' in html


def test_timeline_event_with_photo_and_article_link(client, seed):
    timeline = seed["timeline"]
    add_event(
        timeline,
        date=datetime.date(2012, 12, 26),
        precision=3,
        headline="General defects",
        photo=photo_with_renditions(caption="Event photo caption", credit="Event credit"),
        article=seed["article"],
    )
    html = get(client, timeline.get_absolute_url())
    assert "Event photo caption" in html and "Event credit" in html
    assert f'<a href="{seed["article"].get_absolute_url()}">Read the story:' in html


# Sections, people, tags -------------------------------------------------------------------


def test_parent_section_lists_its_childrens_stories(client, seed):
    html = get(client, "/world/")
    assert "Syrian general defects" in html  # filed in World › Middle East
    assert '<a href="/world/middle-east/">Middle East</a>' in html
    child = get(client, "/world/middle-east/")
    assert "Syrian general defects" in child
    get(client, "/middle-east/", status=404)  # a child section has no top-level address


def test_section_pages_paginate_twenty_with_rel_links(client, world):
    now = timezone.now()
    for n in range(45):
        make_article(
            f"Story number {n}",
            section=world["world"],
            published_at=now - datetime.timedelta(hours=n + 1),
        )
    first = get(client, "/world/")
    assert first.count('<article class="card') == 20
    assert "Story number 0<" in first and "Story number 20<" not in first
    assert '<link rel="next" href="/world/?page=2">' in first
    assert 'rel="prev"' not in first
    second = get(client, "/world/?page=2")
    assert '<link rel="prev" href="/world/">' in second
    assert '<link rel="next" href="/world/?page=3">' in second
    assert "Story number 20<" in second
    third = get(client, "/world/?page=3")
    assert third.count('<article class="card') == 5 and 'rel="next"' not in third
    assert "Page 3 of 3" in third


@pytest.mark.parametrize("number", ["4", "0", "-1", "abc", "1.5", "99999999999999999999999"])
def test_bad_page_numbers_are_404_not_500(client, world, number):
    make_article(section=world["world"])
    for url in ("/world/", "/corrections/", "/search/?q=body"):
        separator = "&" if "?" in url else "?"
        assert client.get(f"{url}{separator}page={number}").status_code == 404


def test_person_page_shows_profile_and_their_stories(client, seed):
    babak = seed["babak"]
    babak.bio = "Covers the Middle East from Beirut."
    babak.headshot = photo_with_renditions(alt_text="Babak Dehghanpisheh")
    babak.save()
    html = get(client, "/people/babak-dehghanpisheh/")
    assert "<h1>Babak Dehghanpisheh</h1>" in html
    assert "Correspondent" in html and "Covers the Middle East from Beirut." in html
    assert 'alt="Babak Dehghanpisheh"' in html
    assert "Syrian general defects" in html
    assert "Aleppo under fire" not in html
    contributor = get(client, "/people/ahmed-ramadan/")
    assert "Syrian general defects" in contributor
    assert client.get("/people/nobody/").status_code == 404


def test_tag_page_lists_stories_galleries_and_timelines(client, seed):
    seed["gallery"].tags.add("Syria")
    html = get(client, "/tags/syria/")
    assert "<h1>Syria</h1>" in html
    assert "Syrian general defects" in html
    assert "The destruction of Aleppo" in html
    assert client.get("/tags/no-such-tag/").status_code == 404


def test_corrections_log_lists_corrections_newest_first(client, seed):
    article = seed["article"]
    add_correction(article, "First fix.", published_at=timezone.now() - datetime.timedelta(days=2))
    add_correction(article, "Second fix.", kind=Correction.Kind.CLARIFICATION)
    add_correction(article, "Removed fix.", removed_at=timezone.now())
    html = get(client, "/corrections/")
    assert html.index("Second fix.") < html.index("First fix.")
    assert "Clarification" in html
    assert "Removed fix." not in html
    assert f'<a href="{article.get_absolute_url()}">' in html


# Errors -----------------------------------------------------------------------------------


def test_not_found_page_is_friendly_and_in_the_site_design(client, db):
    response = client.get("/2012/12/26/no-such-story/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We can’t find that page" in html
    assert 'class="skip-link"' in html and 'role="search"' in html


def test_server_error_page_needs_no_context_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = get_template("500.html").render()
    assert "Something went wrong" in html
    assert "{%" not in get_template("500.html").template.source


def test_server_error_returns_the_friendly_page(client, settings, monkeypatch, db):
    from fronts import views

    def broken(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(views.selectors, "front_page", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert "database on fire" not in response.content.decode()


def test_sections_cannot_shadow_site_addresses(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        make_section("Search", slug="search").full_clean()


def test_tracking_parameters_never_reach_links_or_cached_pages(client, world):
    for n in range(25):
        make_article(f"Story {n}", section=world["world"])
    tracked = get(client, "/world/?page=2&utm_source=mail")
    assert "utm_source" not in tracked
    assert '<link rel="canonical" href="http://127.0.0.1:8000/world/?page=2">' in tracked
    assert "utm_source" not in get(client, "/world/?page=2")
