"""The live coverage strip: shown only while a live story is live, with the desk's placed live
story first; gone the moment coverage ends."""

import datetime
import re

import pytest
import time_machine
from django.utils import timezone

from articles import live
from articles.models import LiveCoverage
from tests.factories import make_article

from .conftest import arrangement

pytestmark = pytest.mark.django_db


def live_story(headline, section, ended_at=None):
    """A live story older than the desk's stories, so it is not the newest story leading."""
    started = timezone.now() - datetime.timedelta(hours=6)
    story = make_article(headline, section=section, article_type="live", published_at=started)
    # Saving a story of type "Live coverage" makes its coverage; set its times.
    LiveCoverage.objects.update_or_create(
        article=story, defaults={"started_at": story.published_at, "ended_at": ended_at}
    )
    return story


def strip(client):
    html = client.get("/").content.decode()
    found = re.search(r'<section class="live-strip".*?</section>', html, re.S)
    return found.group(0) if found else ""


def test_the_strip_shows_live_stories_while_they_run_and_goes_when_they_end(client, desk, editor):
    end = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=2)
    storm = live_story("Live: the storm hits the coast", desk["world"], ended_at=end)
    votes = live_story("Live: votes are counted", desk["world"])
    arrangement(editor, desk, [{"item": storm, "zone_key": "live"}])
    shown = strip(client)
    assert shown.index("Live: the storm hits the coast") < shown.index("Live: votes are counted")
    with time_machine.travel(end, tick=False):
        shown = strip(client)
        assert "the storm hits the coast" not in shown and "votes are counted" in shown
    # A minute later the desk ends the other story's coverage: the strip goes at once.
    with time_machine.travel(end + datetime.timedelta(minutes=1), tick=False):
        live.end_coverage(editor, votes)
        assert strip(client) == ""


def test_without_an_arrangement_the_strip_still_shows_live_coverage(client, desk):
    live_story("Live: votes are counted", desk["world"])
    shown = strip(client)
    assert "Live: votes are counted" in shown and 'class="live-label"' in shown
