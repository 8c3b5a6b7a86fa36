"""The front page runs the same number of queries with six zones or twenty, one placement or
forty-five, with the fragment cache empty; and none at all once it is warm."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fronts import services
from fronts.models import Zone
from tests.factories import (
    make_article,
    make_gallery,
    make_photo,
    make_section,
    make_timeline,
)

pytestmark = pytest.mark.django_db

# Cold: the masthead's sections, the next go-live time (one per publishable kind), the
# current front with its zones and placements, the newest items for empty slots (one UNION
# per kind), the items with their photos' renditions and bylines, the desk's own photos.
MAX_COLD = 20


def queries_for(client):
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        assert client.get("/").status_code == 200
    with CaptureQueriesContext(connection) as warm:
        assert client.get("/").status_code == 200
    return len(cold), len(warm)


def test_front_page_queries_do_not_grow_with_zones_or_placements(client, editor, settings):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    now = timezone.now()
    world = make_section("World", slug="world")
    story = make_article("Lead", section=world, lead_photo=make_photo(64, 40))
    front = services.create_front(
        "Small",
        editor,
        [
            {"kind": "lead", "slots": 1},
            {"kind": "top", "slots": 4},
            {"kind": "live", "slots": 4},
            {"kind": "section", "section": world, "slots": 3},
            {"kind": "galleries", "slots": 4},
            {"kind": "timelines", "slots": 4},
        ],
        [{"item": story, "zone_key": "lead", "photo": make_photo(64, 40), "crop": "4x3"}],
    )
    front = services.publish(front, editor)
    make_gallery(cover_photo=make_photo(64, 40))
    make_timeline(cover_photo=make_photo(64, 40))
    small_cold, small_warm = queries_for(client)

    # Twenty zones, forty placements of every kind, with the desk's headlines and photos.
    position = front.zones.count()
    for n in range(14):
        section = make_section(f"Section {n}")
        Zone.objects.create(front=front, kind="section", section=section, position=position)
        position += 1
        for hours in range(3):
            make_article(
                section=section,
                lead_photo=make_photo(64, 40),
                published_at=now - datetime.timedelta(hours=hours + n + 1),
            )
        services.place(front, make_article(section=section), editor, f"section:{section.pk}")
        front.refresh_from_db()
    for n in range(10):
        services.place(front, make_article(section=world), editor, "top", headline=f"Top {n}")
        front.refresh_from_db()
        services.place(
            front, make_gallery(cover_photo=make_photo(64, 40)), editor, "galleries", crop="1x1"
        )
        front.refresh_from_db()
        services.place(
            front, make_timeline(), editor, "timelines", photo=make_photo(64, 40), crop="16x9"
        )
        front.refresh_from_db()
    big_cold, big_warm = queries_for(client)

    assert front.zones.count() == 20 and front.placements.count() == 45
    assert small_cold <= big_cold <= MAX_COLD
    assert big_cold == small_cold, (small_cold, big_cold)
    assert small_warm == big_warm == 0
