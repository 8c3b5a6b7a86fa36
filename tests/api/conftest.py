"""A small newsroom for the content API: a story with everything ninjs can carry (bylines,
an agency, a dateline, photos and elements in the body, corrections, tags, a lead photo with
its renditions), a gallery, a timeline, and a partner's key."""

import datetime
import json
from pathlib import Path

import pytest
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker

from api.models import ApiKey
from articles.body.elements import Gallery, Photo, Related
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

SCHEMA = json.loads((Path(__file__).parent / "ninjs-schema_3.1.json").read_text())
NINJS = Draft202012Validator(SCHEMA, format_checker=FormatChecker())


def ninjs_problems(item):
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in NINJS.iter_errors(item)]


@pytest.fixture(autouse=True)
def fresh_cache(fresh_cache):
    """Every API test starts with an empty cache (tests/conftest.py's fixture, for all)."""
    return fresh_cache


@pytest.fixture
def newsroom(db):
    world = make_section("World", slug="world")
    middle_east = make_section("Middle East", slug="middle-east", parent=world)
    sports = make_section("Sports", slug="sports")
    babak = make_person("Babak Dehghanpisheh", slug="babak", job_title="Correspondent",
                        bio="Covers Syria from Beirut.")  # fmt: skip
    ap = make_person("The Associated Press", slug="ap", is_organisation=True)
    ahmed = make_person("Ahmed Ramadan", slug="ahmed")
    lead = photo_with_renditions(1600, 1000, caption="The general speaks.", credit="AP",
                                 alt_text="A man in uniform", photographer=babak)  # fmt: skip
    inline = photo_with_renditions(1200, 800, caption="Tents near the border.")
    album_photos = [photo_with_renditions(900, 600, seed=n) for n in range(2)]
    gallery = make_gallery("Refugees at the border", photos=album_photos, deck="Pictures.")
    gallery.tags.add("Syria")
    earlier = make_article("Earlier story", section=middle_east, slug="earlier",
                           published_at=timezone.now() - datetime.timedelta(days=2))  # fmt: skip
    body = "".join(
        [
            "<p>A Syrian general announced his defection.</p>",
            Photo(inline.pk, "wide", "16x9", "Tents near the border, in a caption.").to_html(),
            "<p>He said others want to follow.</p>",
            Gallery(gallery.pk, "strip").to_html(),
            Related(earlier.pk, "Earlier").to_html(),
        ]
    )
    story = make_article(
        "Syrian general defects",
        slug="syrian-general-defects",
        section=middle_east,
        dateline="BEIRUT",
        deck="Others want to leave, he says.",
        kicker="Syria",
        lead_photo=lead,
        body=body,
        authors=[babak, ap],
        contributors=[ahmed],
        embargo_until=timezone.now() - datetime.timedelta(minutes=30),
    )
    story.tags.add("Syria", "Defections")
    Correction.objects.create(
        article=story, kind=Correction.Kind.CORRECTION, text="An earlier version misspelled a name."
    )
    timeline = make_timeline("Syria's war", deck="How it unfolded.", cover_photo=album_photos[0])
    TimelineEvent.objects.create(timeline=timeline, date=datetime.date(2011, 3, 15),
                                 precision=TimelineEvent.Precision.MONTH,
                                 headline="Protests begin", description="In Daraa.")  # fmt: skip
    TimelineEvent.objects.create(timeline=timeline, date=datetime.date(2012, 12, 25),
                                 headline="The general defects", article=story,
                                 photo=inline)  # fmt: skip
    timeline.tags.add("Syria")
    relate(story, timeline, label="Timeline")
    sports_story = make_article("Cup final tonight", section=sports, slug="cup-final")
    return {
        "world": world,
        "middle_east": middle_east,
        "sports": sports,
        "babak": babak,
        "ap": ap,
        "lead": lead,
        "inline": inline,
        "gallery": gallery,
        "story": story,
        "earlier": earlier,
        "timeline": timeline,
        "sports_story": sports_story,
    }


@pytest.fixture
def partner(db):
    api_key, key = ApiKey.issue("City Radio app", rate_limit=1000)
    return {"api_key": api_key, "key": key, "headers": {"HTTP_X_API_KEY": key}}


@pytest.fixture
def get(client, partner):
    """GET an API address with the partner's key; returns the response."""

    def get(path, **headers):
        return client.get(path, **{**partner["headers"], **headers})

    return get
