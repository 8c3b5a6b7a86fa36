"""Small things noticed as a new user would: a save with no change adds no revision; the
status history says when a scheduled item really went live; the desk names its time zone
and says when a scheduled item goes live; spell-check is on; the captioning list follows its
gallery and its filter."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from publishing import display, revisions, services
from publishing.models import Revision, Status
from tests.factories import make_article, make_gallery, make_photo
from tests.forms import form_data
from tests.staff import client_for

pytestmark = pytest.mark.django_db

EASTERN = ZoneInfo("America/New_York")
NOON = datetime(2012, 12, 26, 12, 0, tzinfo=EASTERN)


def change_url(item):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])


def test_saving_with_no_change_adds_no_revision(editor):
    article = make_article("Nothing new", body="<p>Same as before.</p>")
    client = client_for(editor)
    before = Revision.objects.filter(object_id=article.pk).count()

    response = client.post(
        change_url(article), form_data(client.get(change_url(article)), "article_form"), follow=True
    )

    assert "Nothing was changed, so no new version was saved." in response.text
    article.refresh_from_db()
    assert article.version == 1
    assert Revision.objects.filter(object_id=article.pk).count() == before


def test_a_real_change_still_adds_one(editor):
    article = make_article("Something new")
    client = client_for(editor)
    data = form_data(client.get(change_url(article)), "article_form", deck="A new deck")
    client.post(change_url(article), data)
    article.refresh_from_db()
    assert article.version == 2 and revisions.latest(article).version == 2


def test_status_history_says_when_a_scheduled_item_went_live(editor):
    with time_machine.travel(NOON, tick=False):
        article = make_article("Tomorrow", status=Status.DRAFT, published_at=None)
        services.publish(article, editor, at=NOON + timedelta(hours=2, minutes=10))
        client = client_for(editor)
        page = client.get(change_url(article)).text
        assert "Goes live Wed., Dec. 26, 2:10 p.m. EST — in 2 hours 10 minutes" in page
        assert "Scheduled: goes live Dec. 26, 2012, 2:10 p.m. EST" in page
    with time_machine.travel(NOON + timedelta(days=1), tick=False):
        history = client.get(reverse("admin:articles_article_history", args=[article.pk])).text
        assert "Scheduled: went live Dec. 26, 2012, 2:10 p.m. EST" in history


def test_goes_live_reads_as_ap_style_with_what_is_left():
    with time_machine.travel(NOON, tick=False):
        assert display.goes_live(NOON + timedelta(hours=2, minutes=10)) == (
            "Goes live Wed., Dec. 26, 2:10 p.m. EST — in 2 hours 10 minutes"
        )
        assert display.goes_live(NOON + timedelta(days=3, hours=1)).endswith("in 3 days 1 hour")
        assert display.goes_live(NOON - timedelta(minutes=5)).startswith("Went live")
    assert display.zone_name() == "Eastern Time"


def test_the_scheduling_line_shows_a_time_on_the_hour_with_its_minutes(editor):
    """The issue's own words: "Goes live Wed., Dec. 26, 9:00 a.m. EST — in 2 hours 10
    minutes"; the list and the status history keep AP style ("9 a.m.")."""
    early = datetime(2012, 12, 26, 6, 50, tzinfo=EASTERN)
    nine = datetime(2012, 12, 26, 9, 0, tzinfo=EASTERN)
    with time_machine.travel(early, tick=False):
        assert display.goes_live(nine) == (
            "Goes live Wed., Dec. 26, 9:00 a.m. EST — in 2 hours 10 minutes"
        )
        article = make_article("Morning story", status=Status.DRAFT, published_at=None)
        services.publish(article, editor, at=nine)
        client = client_for(editor)
        page = client.get(change_url(article)).text
        listing = client.get(reverse("admin:articles_article_changelist")).text
    assert "Goes live Wed., Dec. 26, 9:00 a.m. EST — in 2 hours 10 minutes" in page
    assert "Scheduled: goes live Dec. 26, 2012, 9 a.m. EST" in page
    assert "Scheduled for Dec. 26, 2012, 9 a.m. EST" in listing


def tag(page, name):
    return re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', page).group(0)


def test_every_time_names_the_zone_and_text_boxes_check_spelling(editor):
    article = make_article("Spelling")
    page = client_for(editor).get(change_url(article)).text
    assert page.count("Times are Eastern Time, the newsroom's time.") >= 2
    for name in ("headline", "deck", "kicker", "dateline"):
        assert 'spellcheck="true"' in tag(page, name), name
    assert "spellcheck" not in tag(page, "slug")


def test_the_captioning_list_follows_the_gallery_order_and_counts_what_it_shows(editor):
    late, early = make_photo(caption=""), make_photo(caption="")
    make_photo(caption="")  # in no gallery: not counted when the list shows the gallery
    gallery = make_gallery("Floods", photos=[early, late])
    client = client_for(editor)
    everything = client.get(reverse("admin:media_gallery_photo_changelist")).text
    assert "3 photos still need text" in everything

    listed = client.get(
        reverse("admin:media_gallery_photo_changelist") + f"?gallery={gallery.pk}"
    ).text

    assert "2 photos in this list still need text" in listed
    rows = [int(pk) for pk in re.findall(r'name="form-\d+-id" value="(\d+)"', listed)]
    assert rows == [early.pk, late.pk]
