"""A demo-like newsroom built with the factories: the seed story with its gallery, timeline,
credits, tags and corrections, as the reader pages print them."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from articles.body.elements import (
    Embed,
    Factbox,
    Gallery,
    Graphic,
    Photo,
    PullQuote,
    Related,
    Table,
)
from articles.models import Correction, TimelineEvent
from tests.factories import (
    make_article,
    make_gallery,
    make_person,
    make_section,
    make_timeline,
    photo_with_renditions,
    relate,
)

NEW_YORK = ZoneInfo("America/New_York")
SEED_PUBLISHED = datetime.datetime(2012, 12, 26, 12, 39, tzinfo=NEW_YORK)
SEED_BODY = (
    "<p>A Syrian general who headed the military police announced his defection.</p>"
    "<p>“Many figures of high rank in the government want to defect, but the situation is not "
    "allowing them to,” he said.</p>"
)
LEAD_CAPTION = (
    "In this image made from video broadcast on Al Arabiya TV on Dec. 25, 2012, Syrian Maj. Gen. "
    "Abdul-Aziz Jassem al-Shallal makes remarks saying he is joining “the people’s revolution.”"
)


@pytest.fixture(autouse=True)
def fresh_cache(fresh_cache):
    """Each test starts with no cached fragments (tests/conftest.py's fixture, for all)."""
    return fresh_cache


@pytest.fixture
def world(db):
    world = make_section("World", slug="world")
    middle_east = make_section("Middle East", slug="middle-east", parent=world)
    return {"world": world, "middle_east": middle_east}


@pytest.fixture
def seed(world):
    """The seed story as the demo has it, with everything that goes with it."""
    babak = make_person(
        "Babak Dehghanpisheh", slug="babak-dehghanpisheh", job_title="Correspondent"
    )
    ahmed = make_person("Ahmed Ramadan", slug="ahmed-ramadan")
    suzan = make_person("Suzan Haidamous", slug="suzan-haidamous")
    lead = photo_with_renditions(
        1600,
        1000,
        caption=LEAD_CAPTION,
        credit="Al Arabiya TV via AP",
        alt_text="A man in military uniform speaks in front of a flag",
    )
    gallery_photos = [
        photo_with_renditions(
            caption=f"Aleppo, picture {n}.", credit="Demo illustration", alt_text=f"Ruins {n}"
        )
        for n in range(1, 4)
    ]
    gallery = make_gallery(
        "The destruction of Aleppo",
        slug="destruction-of-aleppo",
        photos=gallery_photos,
        deck="The city that used to be the commercial capital of Syria is now a site of ruin.",
        cover_photo=gallery_photos[0],
    )
    timeline = make_timeline(
        "Syria’s uprising",
        slug="syria-uprising",
        deck="Major events in the country’s tumultuous uprising that began in March 2011.",
        events=[
            {
                "date": datetime.date(2012, 12, 25),
                "precision": 3,
                "headline": "Military police chief defects",
            },
            {
                "date": datetime.date(2011, 3, 1),
                "precision": 2,
                "headline": "Protests erupt in Daraa",
            },
            {
                "date": datetime.date(2011, 4, 21),
                "precision": 3,
                "headline": "Emergency law lifted",
            },
        ],
    )
    article = make_article(
        "Syrian general defects, saying others in the government want to follow",
        slug="syrian-general-defects",
        section=world["middle_east"],
        published_at=SEED_PUBLISHED,
        authors=[babak],
        contributors=[ahmed, suzan],
        deck=(
            "Maj. Gen. Abdul-Aziz Jassem al-Shallal says many senior officials want to leave "
            "but are too closely watched"
        ),
        dateline="BEIRUT",
        lead_photo=lead,
        body=SEED_BODY,
    )
    article.tags.add("Syria", "Civil war")
    relate(article, gallery, order=0)
    relate(article, timeline, order=1)
    related_story = make_article(
        "Aleppo under fire",
        section=world["middle_east"],
        published_at=SEED_PUBLISHED - datetime.timedelta(days=2),
    )
    relate(article, related_story, order=2)
    return {
        "article": article,
        "gallery": gallery,
        "timeline": timeline,
        "related": related_story,
        "babak": babak,
        "ahmed": ahmed,
        "suzan": suzan,
        "lead": lead,
        "world": world["world"],
        "middle_east": world["middle_east"],
    }


def add_correction(article, text, kind=Correction.Kind.CORRECTION, **fields):
    return Correction.objects.create(article=article, kind=kind, text=text, **fields)


def add_event(timeline, **fields):
    return TimelineEvent.objects.create(timeline=timeline, **fields)


# A body with one element of each kind ------------------------------------------------------

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def body(*parts):
    return "".join(part if isinstance(part, str) else part.to_html() for part in parts)


@pytest.fixture
def story_with_elements(seed):
    """The seed's related story, its body rebuilt with one element of each kind."""
    photo = photo_with_renditions(
        1600, 900, caption="Its own caption.", credit="AP", alt_text="Tents in a row"
    )
    story = seed["related"]
    story.dateline = "BEIRUT"
    story.body = body(
        "<p>First paragraph.</p>",
        Photo(photo.pk, "wide", "16x9", "Tents near the border."),
        "<p>Second paragraph.</p>",
        PullQuote("They came with summer clothes.", "A camp doctor"),
        Embed(YOUTUBE, "Winter in the camps"),
        Embed("https://example.org/report.pdf"),
        Factbox("What we know", "<p>Shelters open</p><ul><li>Beds added</li></ul>"),
        Table([["Ward", "Votes"], ["North", "12"]], "Votes by ward", "City clerk"),
        Gallery(seed["gallery"].pk, "strip"),
        Related(seed["article"].pk, "The defection"),
        Graphic("<p id=g></p><script>g.textContent='drawn'</script>", "A chart of votes", "auto"),
        "<p>Last paragraph.</p>",
    )
    story.save()
    story.photo = photo
    return story
