"""A post's old addresses (its permalink, whatever the old site's permalink structure, and
`?p=ID`) answer 301 at its new address; never for a story readers may not see."""

import pytest

from articles.models import Article
from publishing import services
from tests.factories import make_user

from .conftest import run_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(export, uploads):
    run_import(export, "--media-dir", str(uploads), "--pages", "news")


def new_address(slug):
    return Article.objects.get(slug=slug).get_absolute_url()


@pytest.mark.parametrize(
    "old, slug",
    [
        ("/?p=101", "council-weighs-market-plan"),
        ("/?p=111", "plain-permalink"),
        ("/about/", "about"),
        ("/about", "about"),
        ("/?page_id=110", "about"),
        ("/index.php?p=101", "council-weighs-market-plan"),
        ("/2020/03/04/caf%C3%A9-%C3%BCber-alles/", "cafe-uber-alles"),
        ("/2019/01/01/story-number-0/", None),
    ],
)
def test_old_addresses_answer_301_at_the_new_one(client, imported, old, slug):
    response = client.get(old)
    if slug is None:
        assert response.status_code == 404
        return
    assert response.status_code == 301
    assert response["Location"] == new_address(slug)
    assert client.get(response["Location"]).status_code == 200


def test_the_permalink_of_a_story_whose_address_changed_answers_301(client, imported):
    story = Article.objects.get(slug="smoke-over-old-town")
    # Published 03:30 UTC on 1 June: 31 May in New York, so the address's date differs.
    assert story.get_absolute_url() == "/2021/05/31/smoke-over-old-town/"
    response = client.get("/2021/06/01/smoke-over-old-town/")
    assert (response.status_code, response["Location"]) == (301, story.get_absolute_url())


@pytest.mark.parametrize("post_id", ["103", "104", "105", "106"])
def test_no_redirect_to_a_story_readers_may_not_see(client, imported, post_id):
    # Scheduled, draft, ready for edit, private: the front page answers, with no redirect.
    assert client.get(f"/?p={post_id}").status_code == 200
    assert client.get("/2099/01/02/scheduled-for-later/").status_code == 404


def test_an_unpublished_story_stops_redirecting(client, imported, editor):
    story = Article.objects.get(slug="council-weighs-market-plan")
    services.unpublish(story, editor)
    assert client.get("/?p=101").status_code == 200
    assert client.get("/2020/03/04/council-weighs-market-plan/").status_code == 404


def test_other_addresses_keep_their_p_parameter(client, imported):
    assert client.get("/search/?q=market&p=101").status_code == 200


def test_only_reading_requests_are_redirected(client, imported):
    user = make_user()
    client.force_login(user)
    assert client.post("/?p=101").status_code != 301
