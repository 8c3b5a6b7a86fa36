"""A small newsroom and an editor's arrangement of its front page."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from fronts import services
from tests.factories import make_article, make_gallery, make_section, make_timeline


@pytest.fixture(autouse=True)
def fresh_fragments(settings):
    """Fragments on, as in production, and none left over from another test."""
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def desk(db):
    """Two sections with stories an hour apart (newest first), a gallery and a timeline."""
    now = timezone.now()
    world = make_section("World", slug="world")
    sports = make_section("Sports", slug="sports")
    stories = {
        name: make_article(
            name,
            section=section,
            published_at=now - datetime.timedelta(hours=hours),
            deck=f"The deck of {name.lower()}.",
        )
        for name, section, hours in [
            ("Brief about parking", world, 1),
            ("Election results are in", world, 3),
            ("Storm reaches the coast", world, 5),
            ("Cup final tonight", sports, 2),
            ("Coach resigns", sports, 4),
        ]
    }
    return {
        "world": world,
        "sports": sports,
        "stories": stories,
        "gallery": make_gallery("Storm in pictures"),
        "timeline": make_timeline("The campaign so far"),
    }


def arrangement(
    editor, desk, placements, name="Election night", publish=True, at=None, extra_zones=()
):
    """Lead, top stories (2), a rail per section (3 each), galleries and timelines, then
    `extra_zones`."""
    zones = [
        {"kind": "lead", "slots": 1},
        {"kind": "top", "slots": 2},
        {"kind": "live", "slots": 2},
        {"kind": "section", "section": desk["world"], "slots": 3},
        {"kind": "section", "section": desk["sports"], "slots": 3},
        {"kind": "galleries", "slots": 2},
        {"kind": "timelines", "slots": 2},
        *extra_zones,
    ]
    front = services.create_front(name, editor, zones, placements)
    if publish:
        front = services.publish(front, editor, at=at)
    return front
