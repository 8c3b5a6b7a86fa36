"""What readers see on the front page once an editor arranges it: the placed lead and top
stories with the desk's headlines, empty slots filled with the newest stories and never a
story twice, hidden items skipped, a scheduled arrangement taking over at its time."""

import datetime
import re

import pytest
import time_machine
from django.utils import timezone

from fronts import selectors, services
from fronts.models import Front
from media_gallery.renditions import generate_renditions
from publishing import services as publishing
from publishing.models import Status
from tests.factories import make_article, make_photo, make_section

from .conftest import arrangement

pytestmark = pytest.mark.django_db


def front_html(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def lead_of(html):
    return re.search(r'<article class="lead-story".*?</article>', html, re.S).group(0)


def zone_of(html, anchor):
    found = re.search(
        rf'<section class="[^"]*" aria-labelledby="{anchor}">.*?</section>', html, re.S
    )
    return found.group(0) if found else ""


def headlines(html):
    return re.findall(r'class="(?:lead|card)-headline"><a href="[^"]+">([^<]+)</a>', html)


def test_without_an_arrangement_the_newest_story_leads_and_sections_follow(client, desk):
    html = front_html(client)
    assert "Brief about parking" in lead_of(html)
    assert headlines(zone_of(html, "section-world")) == [
        "Election results are in",
        "Storm reaches the coast",
    ]
    assert "Storm in pictures" in zone_of(html, "front-galleries")


def test_a_top_sections_rail_merges_its_childrens_stories_newest_first(client, desk, editor):
    now = timezone.now()
    world = desk["world"]
    europe = make_section("Europe", slug="europe", parent=world)
    asia = make_section("Asia", slug="asia", parent=world)
    for name, section, hours in [
        ("Vote in Paris", europe, 2.5),
        ("Typhoon nears Manila", asia, 4.5),
        ("Old news from Berlin", europe, 30),
    ]:
        make_article(name, section=section, published_at=now - datetime.timedelta(hours=hours))
    html = front_html(client)
    # World's rail (5 slots on the automatic front): its own and its children's stories
    # newest first, the lead not repeated.
    assert headlines(zone_of(html, "section-world")) == [
        "Vote in Paris",
        "Election results are in",
        "Typhoon nears Manila",
        "Storm reaches the coast",
        "Old news from Berlin",
    ]
    # A rail of a child section the desk adds shows that section's stories only.
    arrangement(editor, desk, [], extra_zones=[{"kind": "section", "section": europe, "slots": 3}])
    html = front_html(client)
    assert headlines(zone_of(html, "section-europe")) == ["Old news from Berlin"]
    assert headlines(zone_of(html, "section-world")) == [
        "Election results are in",
        "Typhoon nears Manila",
        "Storm reaches the coast",
    ]


def test_the_editors_lead_replaces_the_newest_brief(client, desk, editor):
    stories = desk["stories"]
    arrangement(editor, desk, [{"item": stories["Election results are in"], "zone_key": "lead"}])
    html = front_html(client)
    assert "Election results are in" in lead_of(html)
    assert "Brief about parking" not in lead_of(html)
    # Top stories fill with the newest others, the rail with what is left of its section:
    # never a story shown above it.
    assert headlines(zone_of(html, "front-top")) == ["Brief about parking", "Cup final tonight"]
    assert headlines(zone_of(html, "section-world")) == ["Storm reaches the coast"]


def test_empty_slots_fill_with_the_newest_and_no_story_appears_twice(client, desk, editor):
    stories = desk["stories"]
    arrangement(
        editor,
        desk,
        [
            {"item": stories["Storm reaches the coast"], "zone_key": "lead"},
            {"item": stories["Coach resigns"], "zone_key": "top"},
        ],
    )
    html = front_html(client)
    shown = headlines(html)
    assert len(shown) == len(set(shown)), shown
    # Top stories: the placed one, then the newest story not shown above.
    assert headlines(zone_of(html, "front-top")) == ["Coach resigns", "Brief about parking"]
    assert headlines(zone_of(html, "section-world")) == ["Election results are in"]
    assert headlines(zone_of(html, "section-sports")) == ["Cup final tonight"]


def test_the_desks_headline_deck_and_photo_replace_the_stories_own(client, desk, editor):
    photo = make_photo(1600, 1000)
    generate_renditions(photo)
    story = desk["stories"]["Election results are in"]
    arrangement(
        editor,
        desk,
        [
            {
                "item": story,
                "zone_key": "lead",
                "headline": "Landslide: the results",
                "deck": "Every county counted by midnight.",
                "photo": photo,
                "crop": "16x9",
            }
        ],
    )
    lead = lead_of(front_html(client))
    assert "Landslide: the results" in lead and story.headline not in lead
    assert "Every county counted by midnight." in lead
    assert f'href="{story.get_absolute_url()}"' in lead
    crop = photo.renditions.get(spec="crop-16x9", format="jpeg")
    assert crop.url in lead


def test_galleries_and_timelines_are_placed_in_their_zones(client, desk, editor):
    arrangement(
        editor,
        desk,
        [
            {
                "item": desk["gallery"],
                "zone_key": "galleries",
                "headline": "The storm, in 20 photos",
            },
            {"item": desk["timeline"], "zone_key": "timelines"},
        ],
    )
    html = front_html(client)
    assert "The storm, in 20 photos" in zone_of(html, "front-galleries")
    assert "Timeline: The campaign so far" in zone_of(html, "front-timelines")


def test_a_placed_story_readers_cannot_see_is_skipped_and_the_next_moves_up(client, desk, editor):
    draft = make_article("Draft not yet edited", section=desk["world"], status=Status.DRAFT)
    stories = desk["stories"]
    arrangement(
        editor,
        desk,
        [
            {"item": draft, "zone_key": "lead"},
            {"item": stories["Coach resigns"], "zone_key": "lead"},
        ],
    )
    html = front_html(client)
    assert "Draft not yet edited" not in html
    assert "Coach resigns" in lead_of(html)


def test_a_story_unpublished_at_nine_is_gone_from_the_front_at_nine(client, desk, editor):
    stories = desk["stories"]
    lead = stories["Election results are in"]
    arrangement(
        editor,
        desk,
        [
            {"item": lead, "zone_key": "lead"},
            {"item": stories["Storm reaches the coast"], "zone_key": "lead"},
        ],
    )
    assert "Election results are in" in lead_of(front_html(client))  # now cached
    publishing.unpublish(lead, editor)
    html = front_html(client)
    assert "Election results are in" not in html
    assert "Storm reaches the coast" in lead_of(html)


def test_a_placed_story_embargoed_until_nine_leads_from_nine(client, desk, editor):
    nine = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=2)
    embargoed = make_article("Report released at nine", section=desk["world"], embargo_until=nine)
    arrangement(editor, desk, [{"item": embargoed, "zone_key": "lead"}])
    assert "Report released at nine" not in front_html(client)
    with time_machine.travel(nine + datetime.timedelta(seconds=1), tick=False):
        assert "Report released at nine" in lead_of(front_html(client))


def test_a_scheduled_arrangement_takes_over_at_its_time_with_no_worker(client, desk, editor):
    stories = desk["stories"]
    arrangement(editor, desk, [{"item": stories["Coach resigns"], "zone_key": "lead"}])
    six = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=3)
    arrangement(
        editor,
        desk,
        [{"item": stories["Election results are in"], "zone_key": "lead"}],
        name="6 a.m.: the results",
        at=six,
    )
    # Until then the current arrangement stands (and the page is cached meanwhile).
    assert "Coach resigns" in lead_of(front_html(client))
    with time_machine.travel(six - datetime.timedelta(seconds=1), tick=False):
        assert "Coach resigns" in lead_of(front_html(client))
    with time_machine.travel(six, tick=False):
        assert "Election results are in" in lead_of(front_html(client))
    assert Front.objects.current(six).name == "6 a.m.: the results"


def test_unpublishing_the_current_arrangement_brings_back_the_one_before(client, desk, editor):
    stories = desk["stories"]
    arrangement(editor, desk, [{"item": stories["Coach resigns"], "zone_key": "lead"}])
    newer = arrangement(
        editor, desk, [{"item": stories["Storm reaches the coast"], "zone_key": "lead"}]
    )
    assert "Storm reaches the coast" in lead_of(front_html(client))
    services.unpublish(newer, editor)
    assert "Coach resigns" in lead_of(front_html(client))


def test_placing_a_story_goes_through_the_service_and_shows_at_once(client, desk, editor):
    front = arrangement(editor, desk, [])
    assert "Brief about parking" in lead_of(front_html(client))
    services.place(front, desk["stories"]["Cup final tonight"], editor, "lead", position=0)
    assert "Cup final tonight" in lead_of(front_html(client))
    front.refresh_from_db()
    assert front.version == 3  # created, published, placed: each a revision


def test_the_live_strip_is_hidden_while_nothing_is_live(client, desk, editor):
    arrangement(editor, desk, [{"item": desk["stories"]["Coach resigns"], "zone_key": "live"}])
    html = front_html(client)
    assert 'class="live-strip"' not in html


def test_the_preview_and_the_page_read_the_same_arrangement(desk, editor):
    front = arrangement(
        editor, desk, [{"item": desk["stories"]["Coach resigns"], "zone_key": "top"}]
    )
    page = selectors.front_page()
    arranged = selectors.arrange(
        list(front.zones.all()), list(front.placements.all()), timezone.now()
    )
    assert [[s.item.pk for s in z.items] for z in page.zones] == [
        [s.item.pk for s in z.items] for z in arranged
    ]


def test_an_arrangement_without_zones_never_empties_the_front_page(client, desk, editor):
    front = services.create_front("Not ready", editor, [])
    services.publish(front, editor)
    html = front_html(client)
    assert "Brief about parking" in lead_of(html)
    assert headlines(zone_of(html, "section-world"))
