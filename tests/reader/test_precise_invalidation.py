"""A change readers see invalidates the pages that show the changed thing, and only those:
a correction on one story leaves every other story's page warm; a new story refreshes the
listings; a caption change reaches the pages that print that photo."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import live
from articles.models import Article, Credit
from publishing import services
from publishing.models import Status
from tests.factories import make_article, make_person, make_section
from tests.reader.conftest import add_correction

pytestmark = pytest.mark.django_db

WARM_QUERIES = 2  # what a page served from its cached fragments runs at most


@pytest.fixture
def elsewhere(seed):
    """A story in another section, with nothing of the seed story on its page."""
    sport = make_section("Sport", slug="sport")
    writer = make_person("Sam Sport", slug="sam-sport")
    return make_article("Cup final tonight", section=sport, authors=[writer])


@pytest.fixture
def warm(client, seed, elsewhere):
    pages = {
        "front": "/",
        "seed": seed["article"].get_absolute_url(),
        "section": "/world/middle-east/",
        "elsewhere": elsewhere.get_absolute_url(),
        "sport": "/sport/",
        "gallery": "/photos/destruction-of-aleppo/",
        "timeline": "/timelines/syria-uprising/",
        "babak": "/people/babak-dehghanpisheh/",
        "sam": "/people/sam-sport/",
    }
    for address in pages.values():
        assert client.get(address).status_code == 200
    return pages


def is_warm(client, address):
    """Served from cached fragments (True) or rendered again (False)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries) <= WARM_QUERIES


def warmth(client, warm):
    return {name: is_warm(client, address) for name, address in warm.items()}


def test_a_correction_refreshes_the_pages_that_show_the_story_and_no_other(client, seed, warm):
    add_correction(seed["article"], "An earlier version misspelled the general's name.")
    state = warmth(client, warm)
    assert state == {
        "front": False,  # it leads the front
        "seed": False,
        "section": False,
        "elsewhere": True,
        "sport": True,
        "gallery": True,
        "timeline": True,  # its events name other stories
        "babak": False,  # his page lists it
        "sam": True,
    }
    page = client.get(warm["seed"]).content.decode()
    assert "misspelled the general" in page


def test_an_edit_to_a_published_story_shows_at_once_and_leaves_others_warm(
    client, seed, warm, editor
):
    story = Article.objects.get(pk=seed["article"].pk)
    story.deck = "A deck the desk rewrote."
    services.save_edit(story, user=editor)
    assert "A deck the desk rewrote." in client.get(warm["seed"]).content.decode()
    assert is_warm(client, warm["elsewhere"])
    assert is_warm(client, warm["sport"])
    assert is_warm(client, warm["sam"])


def test_a_caption_reaches_the_pages_that_print_the_photo(client, seed, warm):
    photo = seed["lead"]
    photo.caption = "A new caption from the photo desk."
    photo.save()
    assert "A new caption from the photo desk." in client.get(warm["seed"]).content.decode()
    assert is_warm(client, warm["elsewhere"])
    assert is_warm(client, warm["gallery"])
    assert is_warm(client, warm["timeline"])


def test_a_new_story_refreshes_the_listings_but_not_other_stories(client, seed, warm, editor):
    story = make_article("Ceasefire talks begin", section=seed["middle_east"], status=Status.DRAFT)
    Credit.objects.create(article=story, person=seed["babak"], role="byline", order=0)
    assert warmth(client, warm)["front"]  # a draft: quiet
    services.publish(story, user=editor)
    assert "Ceasefire talks begin" in client.get(warm["front"]).content.decode()
    assert "Ceasefire talks begin" in client.get(warm["section"]).content.decode()
    assert "Ceasefire talks begin" in client.get(warm["babak"]).content.decode()
    assert is_warm(client, warm["seed"])
    assert is_warm(client, warm["elsewhere"])
    assert is_warm(client, warm["gallery"])


def test_a_new_byline_puts_the_story_on_the_persons_page_only(client, seed, warm):
    samira = make_person("Samira Haddad", slug="samira-haddad")
    make_article("Samira's first story", authors=[samira], section=seed["world"])
    headline = seed["article"].headline
    assert headline not in client.get("/people/samira-haddad/").content.decode()
    for name in ("sam", "elsewhere", "seed"):
        client.get(warm[name])  # warm again after her first story appeared
    Credit.objects.create(article=seed["article"], person=samira, role="contributor", order=9)
    assert headline in client.get("/people/samira-haddad/").content.decode()
    assert "Samira Haddad" in client.get(warm["seed"]).content.decode()
    assert is_warm(client, warm["sam"])
    assert is_warm(client, warm["elsewhere"])


def test_a_live_post_refreshes_the_story_and_its_listings_not_the_site(client, seed, warm, editor):
    story = make_article(
        "Live: the defection and the reaction",
        section=seed["middle_east"],
        article_type=Article.ArticleType.LIVE,
    )
    address = story.get_absolute_url()
    assert client.get(address).status_code == 200
    assert client.get(warm["front"]).status_code == 200
    live.save_post(
        editor,
        story,
        title="The general speaks",
        body="<p>He spoke for ten minutes.</p>",
        people=[seed["babak"]],
        publish=True,
    )
    assert "The general speaks" in client.get(address).content.decode()
    assert not is_warm(client, warm["section"])
    assert is_warm(client, warm["seed"])
    assert is_warm(client, warm["elsewhere"])
    assert is_warm(client, warm["gallery"])


def test_a_story_going_live_at_its_time_refreshes_the_listings(client, seed, warm, editor):
    later = make_article(
        "Scheduled analysis",
        section=seed["middle_east"],
        published_at=timezone.now() + datetime.timedelta(minutes=2),  # within the cache's life
    )
    assert later.is_scheduled
    assert is_warm(client, warm["front"])
    with time_machine.travel(later.published_at + datetime.timedelta(seconds=5)):
        assert "Scheduled analysis" in client.get(warm["section"]).content.decode()
        assert "Scheduled analysis" in client.get(warm["front"]).content.decode()
        assert is_warm(client, warm["elsewhere"])


def test_the_next_go_live_of_every_kind_is_found_in_one_query(db, django_assert_num_queries):
    from reader import fragments
    from tests.factories import make_gallery

    now = timezone.now()
    assert fragments.next_go_live() is None
    make_article("Tomorrow's story", published_at=now + datetime.timedelta(hours=3))
    make_gallery("Tonight's pictures", published_at=now + datetime.timedelta(hours=2))
    make_article(
        "Embargoed report",
        published_at=now - datetime.timedelta(hours=3),
        embargo_until=now + datetime.timedelta(hours=1),
    )
    with django_assert_num_queries(1):
        assert fragments.next_go_live() == now + datetime.timedelta(hours=1)


def test_a_live_storys_coverage_saved_directly_refreshes_its_pages(client, seed):
    """A row that belongs to a story through a one-to-one link (its live coverage) counts as
    the story's, like a credit or a correction."""
    from articles.models import LiveCoverage

    story = make_article(
        "Live: the storm", section=seed["middle_east"], article_type=Article.ArticleType.LIVE
    )
    coverage, _ = LiveCoverage.objects.get_or_create(article=story)
    for address in (story.get_absolute_url(), seed["article"].get_absolute_url()):
        assert client.get(address).status_code == 200  # rendered and cached
    assert is_warm(client, story.get_absolute_url())
    coverage.ended_at = timezone.now()
    coverage.save()
    assert not is_warm(client, story.get_absolute_url())
    assert is_warm(client, seed["article"].get_absolute_url())
